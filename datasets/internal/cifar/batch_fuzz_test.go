package cifar

import (
	"os"
	"testing"

	"github.com/gokeras/keras/datasets/internal/cifar/cifartest"
)

// FuzzDecodeBatch checks that no input makes the batch decoder panic or run
// away (internal/pickle's FuzzLoad covers the reader on its own). Seeds
// (small: the fuzzer stalls on large ones): Python 3 pickles of a small
// batch dict, the Python 2 style one without images and hand-written ones.
func FuzzDecodeBatch(f *testing.F) {
	for _, n := range []string{"testdata/small_p2.pkl", "testdata/small_p4.pkl"} {
		if b, err := os.ReadFile(n); err == nil {
			f.Add(b)
		}
	}
	f.Add(cifartest.Pickle(cifartest.Images(0, 0), map[string][]int{"labels": {3}, "coarse_labels": {1}}))
	f.Add([]byte("\x80\x02}q\x00(U\x01aK\x01U\x01b]q\x01(K\x01K\x02eu."))
	f.Add([]byte("(dp0\nS'a'\np1\nI1\ns."))
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, key := range []string{"labels", "coarse_labels"} {
			if bt, err := DecodeBatch(b, key); err == nil && (len(bt.Data) != bt.N*3072 || len(bt.Labels) != bt.N) {
				t.Fatalf("batch of %d images with %d bytes and %d labels", bt.N, len(bt.Data), len(bt.Labels))
			}
		}
	})
}
