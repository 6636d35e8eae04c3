package utils

import (
	"bytes"
	"encoding/binary"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gokeras/keras/tensor"
)

func TestLoadNPYNumpyFiles(t *testing.T) {
	g := loadGolden(t)
	for _, c := range g.NPY {
		t.Run(c.File, func(t *testing.T) {
			got, err := LoadNPY(filepath.Join("testdata", "npy", c.File))
			switch c.File {
			case "fortran_f4.npy", "unicode_U3.npy":
				if err == nil {
					t.Fatalf("LoadNPY(%s) succeeded; want an error", c.File)
				}
				if !strings.Contains(err.Error(), c.File) {
					t.Errorf("error %q does not name the file", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !got.Shape().Equal(tensor.Shape(c.Shape)) {
				t.Fatalf("shape %v, want %v", got.Shape(), tensor.Shape(c.Shape))
			}
			wantDType := map[byte]tensor.DType{'f': tensor.Float32, 'u': tensor.Uint8, 'b': tensor.Bool}[c.DType[1]]
			if c.DType[1] == 'i' {
				wantDType = map[byte]tensor.DType{'4': tensor.Int32, '8': tensor.Int64}[c.DType[2]]
			}
			if got.DType() != wantDType {
				t.Fatalf("dtype %v, want %v (file dtype %s)", got.DType(), wantDType, c.DType)
			}
			for i, w := range c.Values {
				if got.DType() == tensor.Int64 {
					if got.Int64s()[i] != int64(w) {
						t.Fatalf("[%d] = %d, want %d", i, got.Int64s()[i], int64(w))
					}
					continue
				}
				if !closeTo(got.At(i), w) {
					t.Fatalf("[%d] = %v, want %v", i, got.At(i), w)
				}
			}
		})
	}
}

// TestWriteNPYMatchesNumpy checks that WriteNPY writes byte for byte what
// numpy.save writes.
func TestWriteNPYMatchesNumpy(t *testing.T) {
	for _, name := range []string{"f4_le.npy", "i4_le.npy", "i8_le.npy", "u1.npy", "b1.npy", "scalar_f4.npy", "empty_2x0.npy"} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join("testdata", "npy", name)
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			x, err := LoadNPY(path)
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := WriteNPY(&buf, x); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(buf.Bytes(), want) {
				t.Errorf("WriteNPY wrote\n%q\nnumpy wrote\n%q", buf.Bytes(), want)
			}
		})
	}
}

func TestNPYRoundTrip(t *testing.T) {
	f32, _ := tensor.FromFloat32([]float32{1, -2.5, float32(math.Inf(1)), 3e-38, 0, 7}, 2, 3)
	i32, _ := tensor.FromInt32([]int32{math.MinInt32, 0, math.MaxInt32}, 3)
	i64, _ := tensor.FromInt64([]int64{math.MinInt64, 1, math.MaxInt64}, 3, 1)
	u8, _ := tensor.FromUint8([]uint8{0, 128, 255, 1}, 2, 2)
	b, _ := tensor.FromBool([]bool{true, false}, 2)
	big, _ := tensor.New(tensor.Float32, 3, 5000) // more than one write chunk
	for i := range big.Float32s() {
		big.Float32s()[i] = float32(i)
	}
	dims := make([]int, 40) // a header over one 64-byte line
	for i := range dims {
		dims[i] = 1
	}
	long, _ := tensor.New(tensor.Int32, dims...)
	for _, tc := range []struct {
		name string
		x    *tensor.Tensor
	}{{"float32", f32}, {"int32", i32}, {"int64", i64}, {"uint8", u8}, {"bool", b},
		{"scalar", tensor.Scalar(4)}, {"big", big}, {"rank40", long}} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "x.npy")
			if err := SaveNPY(path, tc.x); err != nil {
				t.Fatal(err)
			}
			got, err := LoadNPY(path)
			if err != nil {
				t.Fatal(err)
			}
			assertSameTensor(t, got, tc.x)
			// The streaming path (size unknown) gives the same tensor.
			raw, _ := os.ReadFile(path)
			if hl := len(raw) - tc.x.Size()*tc.x.DType().Size(); hl%64 != 0 {
				t.Errorf("header length %d is not a multiple of 64", hl)
			}
			got, err = ReadNPY(struct{ *bytes.Reader }{bytes.NewReader(raw)})
			if err != nil {
				t.Fatal(err)
			}
			assertSameTensor(t, got, tc.x)
		})
	}
}

func assertSameTensor(t *testing.T, got, want *tensor.Tensor) {
	t.Helper()
	if got.DType() != want.DType() || !got.Shape().Equal(want.Shape()) {
		t.Fatalf("got %v %v, want %v %v", got.DType(), got.Shape(), want.DType(), want.Shape())
	}
	for i := range want.Size() {
		if want.DType() == tensor.Int64 {
			if got.Int64s()[i] != want.Int64s()[i] {
				t.Fatalf("[%d] = %d, want %d", i, got.Int64s()[i], want.Int64s()[i])
			}
		} else if g, w := got.At(i), want.At(i); g != w {
			t.Fatalf("[%d] = %v, want %v", i, g, w)
		}
	}
}

// TestReadNPYReadsOnlyItsArray checks that ReadNPY leaves the bytes after
// the array unread, so arrays can be read one after another from a stream.
func TestReadNPYReadsOnlyItsArray(t *testing.T) {
	a, _ := tensor.FromInt32([]int32{1, 2, 3}, 3)
	b, _ := tensor.FromUint8([]uint8{9}, 1, 1)
	var buf bytes.Buffer
	if err := WriteNPY(&buf, a); err != nil {
		t.Fatal(err)
	}
	if err := WriteNPY(&buf, b); err != nil {
		t.Fatal(err)
	}
	r := struct{ *bytes.Buffer }{&buf} // hide Len: streaming path
	ga, err := ReadNPY(r)
	if err != nil {
		t.Fatal(err)
	}
	gb, err := ReadNPY(r)
	if err != nil {
		t.Fatal(err)
	}
	assertSameTensor(t, ga, a)
	assertSameTensor(t, gb, b)
}

// npyWithHeader builds a v1 file from a raw header dict and data bytes.
func npyWithHeader(dict string, data []byte) []byte {
	out := []byte(npyMagic + "\x01\x00")
	out = binary.LittleEndian.AppendUint16(out, uint16(len(dict)+1))
	out = append(out, dict...)
	out = append(out, '\n')
	return append(out, data...)
}

func TestReadNPYErrors(t *testing.T) {
	hdr := func(descr, shape string) string {
		return "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }"
	}
	for _, tc := range []struct {
		name, want string
		in         []byte
	}{
		{"empty", "magic", nil},
		{"bad magic", "not a .npy file", []byte("PK\x03\x04xxxxxxxxxxxx")},
		{"version 4", "version 4.0", []byte(npyMagic + "\x04\x00\x00\x00")},
		{"version 1.1", "version 1.1", []byte(npyMagic + "\x01\x01\x00\x00")},
		{"short header", "header", []byte(npyMagic + "\x01\x00\x50\x00{'descr'")},
		{"huge v2 header", "header length", []byte(npyMagic + "\x02\x00\xff\xff\xff\x7f")},
		{"fortran", "fortran_order", npyWithHeader("{'descr': '<f4', 'fortran_order': True, 'shape': (1,), }", make([]byte, 4))},
		{"unsupported descr", "unsupported descr", npyWithHeader(hdr("<c8", "(1,)"), make([]byte, 8))},
		{"bad byte order", "byte order", npyWithHeader(hdr("!f4", "(1,)"), make([]byte, 4))},
		{"pipe multibyte", "one-byte", npyWithHeader(hdr("|f4", "(1,)"), make([]byte, 4))},
		{"missing shape", "shape", npyWithHeader("{'descr': '<f4', 'fortran_order': False}", nil)},
		{"extra key", "unexpected key", npyWithHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (), 'x': 1}", make([]byte, 4))},
		{"duplicate key", "duplicate", npyWithHeader("{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': ()}", make([]byte, 4))},
		{"negative dim", "dimension", npyWithHeader(hdr("<f4", "(-1,)"), nil)},
		{"int not tuple", "not a tuple", npyWithHeader(hdr("<f4", "(3)"), make([]byte, 12))},
		{"huge shape", "elements", npyWithHeader(hdr("<f4", "(4294967296, 4294967296)"), nil)},
		{"truncated data", "truncated", npyWithHeader(hdr("<f4", "(1000000,)"), make([]byte, 10))},
		{"trailing text", "after the dictionary", npyWithHeader(hdr("<f4", "(1,)")+" x", make([]byte, 4))},
		{"non-ascii v1", "ASCII", npyWithHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), '\u00e9': 1}", make([]byte, 4))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, r := range []func() any{
				func() any { return bytes.NewReader(tc.in) },                          // size known
				func() any { return struct{ *bytes.Reader }{bytes.NewReader(tc.in)} }, // streaming
			} {
				_, err := ReadNPY(r().(interface{ Read([]byte) (int, error) }))
				if err == nil {
					t.Fatalf("ReadNPY succeeded; want error containing %q", tc.want)
				}
				if !strings.Contains(err.Error(), tc.want) {
					t.Errorf("error %q does not contain %q", err, tc.want)
				}
			}
		})
	}
}

// TestReadNPYHugeClaimBoundedAllocation checks that a tiny stream claiming a
// 16 GiB array fails without allocating anything near that.
func TestReadNPYHugeClaimBoundedAllocation(t *testing.T) {
	in := npyWithHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (65536, 65536), }", make([]byte, 100))
	var before, after runtimeMem
	before.read()
	if _, err := ReadNPY(struct{ *bytes.Reader }{bytes.NewReader(in)}); err == nil {
		t.Fatal("ReadNPY succeeded")
	}
	after.read()
	if grew := after.total - before.total; grew > 8<<20 {
		t.Errorf("reading a 100-byte body allocated %d bytes", grew)
	}
}

func TestWriteNPYErrors(t *testing.T) {
	if err := WriteNPY(&bytes.Buffer{}, nil); err == nil {
		t.Error("WriteNPY(nil) succeeded")
	}
	if err := SaveNPY(filepath.Join(t.TempDir(), "missing", "x.npy"), tensor.Scalar(1)); err == nil {
		t.Error("SaveNPY into a missing directory succeeded")
	}
}

func TestSaveNPYLeavesNoTempFiles(t *testing.T) {
	dir := t.TempDir()
	if err := SaveNPY(filepath.Join(dir, "a.npy"), tensor.Scalar(1)); err != nil {
		t.Fatal(err)
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 1 || ents[0].Name() != "a.npy" {
		t.Errorf("directory holds %v, want only a.npy", ents)
	}
}
