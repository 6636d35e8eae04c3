package dataset

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gokeras/keras/tensor"
)

func TestNPZRoundTrip(t *testing.T) {
	x, _ := tensor.FromUint8([]uint8{1, 2, 3, 4, 5, 6}, 2, 3)
	y, _ := tensor.FromFloat32([]float32{0.5, -1}, 2)
	for _, compress := range []bool{false, true} {
		path := filepath.Join(t.TempDir(), "a.npz")
		if err := WriteNPZ(path, map[string]*tensor.Tensor{"x": x, "y": y}, compress); err != nil {
			t.Fatal(err)
		}
		m, err := ReadNPZ(path)
		if err != nil {
			t.Fatal(err)
		}
		if len(m) != 2 || !m["x"].Shape().Equal(x.Shape()) || m["x"].Uint8s()[5] != 6 || m["y"].Float32s()[1] != -1 {
			t.Errorf("compress=%v: read back %v", compress, m)
		}
	}
}

// TestReadNPZNumpy reads archives numpy wrote (testdata/gen/dataset_gen.py):
// x = arange(24, dtype=uint8).reshape(2, 3, 4), y = [3, 7] as uint8.
func TestReadNPZNumpy(t *testing.T) {
	for _, name := range []string{"savez.npz", "savez_compressed.npz"} {
		m, err := ReadNPZ(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		x, y := m["x"], m["y"]
		if x == nil || y == nil || !x.Shape().Equal(tensor.Shape{2, 3, 4}) || x.DType() != tensor.Uint8 {
			t.Fatalf("%s: got %v", name, m)
		}
		for i, v := range x.Uint8s() {
			if int(v) != i {
				t.Fatalf("%s: x[%d] = %d", name, i, v)
			}
		}
		if y.Uint8s()[0] != 3 || y.Uint8s()[1] != 7 {
			t.Errorf("%s: y = %v", name, y.Uint8s())
		}
	}
}

func TestReadNPZErrors(t *testing.T) {
	dir := t.TempDir()
	notZip := filepath.Join(dir, "bad.npz")
	os.WriteFile(notZip, []byte("not a zip"), 0o644)
	good, _ := os.ReadFile(filepath.Join("testdata", "savez.npz"))
	trunc := filepath.Join(dir, "trunc.npz")
	os.WriteFile(trunc, good[:len(good)/2], 0o644)
	// Corrupt one data byte of a stored member: the CRC-32 check catches it.
	flipped := append([]byte{}, good...)
	i := strings.Index(string(flipped), "\x00\x01\x02\x03\x04\x05")
	flipped[i+10] ^= 0xff
	crc := filepath.Join(dir, "crc.npz")
	os.WriteFile(crc, flipped, 0o644)
	for _, p := range []string{filepath.Join(dir, "missing.npz"), notZip, trunc, crc} {
		_, err := ReadNPZ(p)
		if err == nil || !strings.Contains(err.Error(), p) {
			t.Errorf("ReadNPZ(%s) error = %v, want one naming the file", p, err)
		}
	}
}
