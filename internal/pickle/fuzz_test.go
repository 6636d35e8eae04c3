package pickle

import (
	"os"
	"testing"
)

// FuzzLoad feeds arbitrary bytes to the reader, with both allow-lists and
// the accessors the dataset loaders use: it must return an error or a
// value, never panic, loop or allocate without bound. Seeds: numpy object
// arrays (imdb, reuters), small CIFAR-style batch dicts from Python 3 at
// protocols 2 and 4, a Python 2 object array and hand-written dicts
// (protocol 2 and the text opcodes of protocol 0, which are refused).
func FuzzLoad(f *testing.F) {
	for _, name := range []string{
		"testdata/objarr_p3.npy", "testdata/objarr_p4.npy", "testdata/objarr_p5.npy",
		"testdata/cifar_small_p2.pkl", "testdata/cifar_small_p4.pkl",
	} {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	f.Add(py2Array())
	f.Add([]byte("\x80\x02}q\x00(U\x01aK\x01U\x01b]q\x01(K\x01K\x02eu."))
	f.Add([]byte("(dp0\nS'a'\np1\nI1\ns."))
	f.Fuzz(func(t *testing.T, data []byte) {
		if a, err := ReadObjectNPY(data, 1<<16); err == nil {
			_, _ = a.IntLists(-1<<31, 1<<31-1)
		}
		for _, allowed := range []func(string, string) bool{NumpyGlobals, NumpyBytesGlobals} {
			v, err := Load(data, Options{Allowed: allowed, MaxValues: 1 << 16, ShareInput: true})
			if err != nil {
				continue
			}
			values := []any{v}
			if d, ok := v.(*Dict); ok {
				_, _ = d.GetText("data")
				values = append(values, d.Values...)
			}
			for _, v := range values {
				if a, err := NDArray(v); err == nil {
					_, _ = a.Bytes()
					_, _ = a.IntLists(-1<<31, 1<<31-1)
				}
			}
		}
	})
}
