package pickle

import (
	"os"
	"testing"
)

// FuzzLoad feeds arbitrary bytes to the reader: it must return an error or
// a value, never panic, loop or allocate without bound.
func FuzzLoad(f *testing.F) {
	for _, name := range []string{"testdata/objarr_p3.npy", "testdata/objarr_p4.npy", "testdata/objarr_p5.npy"} {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	f.Add(py2Array())
	f.Fuzz(func(t *testing.T, data []byte) {
		if a, err := ReadObjectNPY(data, 1<<16); err == nil {
			_, _ = a.IntLists(-1<<31, 1<<31-1)
		}
		if v, err := Load(data, Options{Allowed: NumpyGlobals, MaxValues: 1 << 16}); err == nil {
			_, _ = NDArray(v)
		}
	})
}
