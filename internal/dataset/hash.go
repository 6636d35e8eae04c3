package dataset

import (
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"os"
	"strings"
)

// NewHasher returns the hash keras.utils.get_file's "auto" algorithm picks
// for an expected hex digest: SHA-256 for 64 hex digits, MD5 otherwise.
func NewHasher(want string) (h hash.Hash, name string) {
	if len(want) == 64 {
		return sha256.New(), "sha256"
	}
	return md5.New(), "md5"
}

// CheckFileHash verifies the file at path against want (a SHA-256 or MD5 hex
// digest, as keras.utils.get_file's validate_file). The error says which
// digest the file has.
func CheckFileHash(path, want string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	h, name := NewHasher(want)
	if _, err := io.Copy(h, f); err != nil {
		return fmt.Errorf("hashing %s: %w", path, err)
	}
	return compareDigest(h, name, want)
}

func compareDigest(h hash.Hash, name, want string) error {
	got := hex.EncodeToString(h.Sum(nil))
	if got != strings.ToLower(want) {
		return fmt.Errorf("%s hash mismatch: file has %s, want %s (incomplete or corrupted file)", name, got, want)
	}
	return nil
}
