package utils

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// FuzzReadNPY checks that ReadNPY never panics or over-allocates on hostile
// input, and that whatever it accepts survives a WriteNPY/ReadNPY round trip.
func FuzzReadNPY(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "npy", "*.npy"))
	for _, name := range files {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	f.Add(npyWithHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (65536, 65536), }", nil))
	f.Add([]byte(npyMagic + "\x02\x00\xff\xff\x00\x00"))
	f.Fuzz(func(t *testing.T, in []byte) {
		for _, r := range []interface{ Read([]byte) (int, error) }{
			bytes.NewReader(in),
			struct{ *bytes.Reader }{bytes.NewReader(in)},
		} {
			x, err := ReadNPY(r)
			if err != nil {
				continue
			}
			if x.Size()*x.DType().Size() > len(in) {
				t.Fatalf("%v %v tensor from %d bytes of input", x.DType(), x.Shape(), len(in))
			}
			var buf bytes.Buffer
			if err := WriteNPY(&buf, x); err != nil {
				t.Fatal(err)
			}
			y, err := ReadNPY(&buf)
			if err != nil {
				t.Fatalf("re-reading written array: %v", err)
			}
			if !y.Shape().Equal(x.Shape()) || y.DType() != x.DType() {
				t.Fatalf("round trip changed %v %v to %v %v", x.DType(), x.Shape(), y.DType(), y.Shape())
			}
			for i := range x.Size() {
				a, b := x.At(i), y.At(i)
				if a != b && !(a != a && b != b) { // NaN == NaN here
					t.Fatalf("[%d] %v became %v", i, a, b)
				}
			}
		}
	})
}
