package seqdata

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestTransforms(t *testing.T) {
	a := DefaultArgs()
	xs := Index([][]int32{{1, 2}, {5}}, a)
	if !slices.Equal(xs[0], []int32{1, 4, 5}) || !slices.Equal(xs[1], []int32{1, 8}) {
		t.Errorf("Index: %v", xs)
	}
	// num_words None: the largest index itself is cut, as in Keras.
	if got := Cut(xs, a); !slices.Equal(got[1], []int32{1, 2}) {
		t.Errorf("Cut: %v", got)
	}
	a.OOVChar, a.SkipTop = -1, 2
	if got := Cut(xs, a); !slices.Equal(got[0], []int32{4, 5}) {
		t.Errorf("Cut without OOV char: %v", got)
	}
	kx, ky := RemoveLong(3, xs, []int64{7, 9})
	if len(kx) != 1 || ky[0] != 9 {
		t.Errorf("RemoveLong: %v %v", kx, ky)
	}
}

func TestReadNPZErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.npz")
	os.WriteFile(bad, []byte("not a zip"), 0o644)
	if _, err := ReadNPZ(bad); err == nil || !strings.Contains(err.Error(), "bad.npz") {
		t.Errorf("bad zip: %v", err)
	}
	f := &Fetcher{CacheDir: func() (string, error) { return dir, nil }}
	if _, err := f.Fetch("a/b", Source{}); err == nil || !strings.Contains(err.Error(), "must be a file name") {
		t.Errorf("path with a slash: %v", err)
	}
}
