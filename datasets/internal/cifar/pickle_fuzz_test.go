package cifar

import (
	"os"
	"testing"

	"github.com/gokeras/keras/datasets/internal/cifar/cifartest"
)

// FuzzLoadPickle checks that no input makes the reader panic or run away.
// Seeds (small: the fuzzer stalls on large ones): Python 3 pickles of a
// small batch dict, the Python 2 style one without images and hand-written
// ones.
func FuzzLoadPickle(f *testing.F) {
	for _, n := range []string{"testdata/small_p2.pkl", "testdata/small_p4.pkl"} {
		if b, err := os.ReadFile(n); err == nil {
			f.Add(b)
		}
	}
	f.Add(cifartest.Pickle(cifartest.Images(0, 0), map[string][]int{"labels": {3}, "coarse_labels": {1}}))
	f.Add([]byte("\x80\x02}q\x00(U\x01aK\x01U\x01b]q\x01(K\x01K\x02eu."))
	f.Add([]byte("(dp0\nS'a'\np1\nI1\ns."))
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := LoadPickle(b)
		if err != nil {
			return
		}
		DecodeBatch(b, "labels")
		if len(d) > 0 {
			for k := range d {
				DecodeBatch(b, k)
				break
			}
		}
	})
}
