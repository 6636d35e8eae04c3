package hdf5

import (
	"bytes"
	"os"
	"testing"
)

// addSeeds adds the committed fixtures and a Go-written file to the corpus
// (testdata/fuzz/<target>/ holds tiny h5py-written seeds as well).
func addSeeds(f *testing.F) {
	for _, name := range []string{"v0.h5", "v108.h5", "many.h5"} {
		if b, err := os.ReadFile("testdata/" + name); err == nil {
			f.Add(b)
		}
	}
	w := NewWriter()
	w.Root().SetAttr("s", "x")
	g, _ := w.Root().CreateGroup("g")
	g.CreateDataset("d", []int{2}, []float32{1, 2})
	b, _ := w.Bytes()
	f.Add(b)
}

// FuzzOpen checks that opening and listing arbitrary bytes never panics.
func FuzzOpen(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		file, err := Open(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			return
		}
		_ = file.Walk(func(path string, obj any) error {
			if g, ok := obj.(*Group); ok {
				_, _ = g.Members()
			}
			return nil
		})
	})
}

// FuzzRead checks that reading every dataset and attribute of arbitrary
// bytes never panics and allocates at most maxExpansion x the input size.
func FuzzRead(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		n := allocDuring(func() { _ = exercise(b) })
		if limit := uint64(len(b))*maxExpansion + 64<<20; n > limit {
			t.Fatalf("allocated %d bytes for %d input bytes", n, len(b))
		}
	})
}
