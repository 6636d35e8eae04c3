package saving

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"strings"
)

// maxDeflateRatio is the largest expansion deflate can achieve (about
// 1032:1); an entry that claims more is a zip bomb.
const maxDeflateRatio = 1100

// kerasArchive is an opened .keras zip file.
type kerasArchive struct {
	files map[string]*zip.File
	size  int64
}

// openArchive opens a .keras zip, rejecting entry names that could escape
// an extraction directory (absolute paths, "..", backslashes, drive
// letters) and entries whose declared sizes the archive cannot hold.
func openArchive(r io.ReaderAt, size int64) (*kerasArchive, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, fmt.Errorf("not a .keras zip archive: %w", err)
	}
	a := &kerasArchive{files: map[string]*zip.File{}, size: size}
	for _, f := range zr.File {
		if err := checkEntryName(f.Name); err != nil {
			return nil, err
		}
		if f.CompressedSize64 > uint64(size) {
			return nil, fmt.Errorf(".keras archive: entry %q claims %d compressed bytes, more than the file's %d", f.Name, f.CompressedSize64, size)
		}
		if f.UncompressedSize64 > uint64(size)*maxDeflateRatio {
			return nil, fmt.Errorf(".keras archive: entry %q claims %d bytes, too large for a %d-byte archive", f.Name, f.UncompressedSize64, size)
		}
		if _, dup := a.files[f.Name]; dup {
			return nil, fmt.Errorf(".keras archive: entry %q appears twice", f.Name)
		}
		a.files[f.Name] = f
	}
	return a, nil
}

func checkEntryName(name string) error {
	bad := name == "" || strings.HasPrefix(name, "/") || strings.Contains(name, `\`) ||
		(len(name) >= 2 && name[1] == ':') || strings.ContainsRune(name, 0)
	for _, p := range strings.Split(name, "/") {
		bad = bad || p == ".."
	}
	if bad {
		return fmt.Errorf(".keras archive: unsafe entry name %q (absolute paths, \"..\" and backslashes are rejected)", name)
	}
	return nil
}

// has reports whether the archive holds the entry.
func (a *kerasArchive) has(name string) bool { _, ok := a.files[name]; return ok }

// read returns an entry's contents, reading no more than its declared size.
func (a *kerasArchive) read(name string) ([]byte, error) {
	f, ok := a.files[name]
	if !ok {
		return nil, fmt.Errorf(".keras archive: no %s entry", name)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf(".keras archive: %s: %w", name, err)
	}
	defer rc.Close()
	var buf bytes.Buffer
	buf.Grow(int(min(f.UncompressedSize64, uint64(a.size)*4)))
	n, err := io.Copy(&buf, io.LimitReader(rc, int64(f.UncompressedSize64)+1))
	if err != nil {
		return nil, fmt.Errorf(".keras archive: %s: %w", name, err)
	}
	if uint64(n) != f.UncompressedSize64 {
		return nil, fmt.Errorf(".keras archive: %s: size %d differs from the declared %d", name, n, f.UncompressedSize64)
	}
	return buf.Bytes(), nil
}
