package dataset

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadIDX(t *testing.T) {
	data := make([]byte, 2*3*4)
	for i := range data {
		data[i] = byte(i * 7)
	}
	for _, gz := range []bool{false, true} {
		x, err := ReadIDX(bytes.NewReader(makeIDX(t, []int{2, 3, 4}, data, gz)), 3, 100)
		if err != nil {
			t.Fatalf("gz=%v: %v", gz, err)
		}
		if len(x.Dims) != 3 || x.Dims[0] != 2 || x.Dims[1] != 3 || x.Dims[2] != 4 || !bytes.Equal(x.Data, data) {
			t.Errorf("gz=%v: got dims %v data %v", gz, x.Dims, x.Data)
		}
	}
	path := filepath.Join(t.TempDir(), "labels-idx1-ubyte.gz")
	if err := os.WriteFile(path, makeIDX(t, []int{3}, []byte{1, 2, 3}, true), 0o644); err != nil {
		t.Fatal(err)
	}
	if x, err := ReadIDXFile(path, 1, 10); err != nil || len(x.Data) != 3 {
		t.Errorf("ReadIDXFile: %v, %v", x, err)
	}
}

func TestReadIDXErrors(t *testing.T) {
	good := makeIDX(t, []int{2, 2}, []byte{1, 2, 3, 4}, false)
	corruptGz := makeIDX(t, []int{2, 2}, []byte{1, 2, 3, 4}, true)
	corruptGz[len(corruptGz)-6] ^= 0xff // flip a CRC-32 byte
	for _, tc := range []struct {
		name     string
		in       []byte
		rank     int
		maxElems int
		want     string
	}{
		{"empty", nil, 2, 10, "magic"},
		{"bad magic", append([]byte{1, 0}, good[2:]...), 2, 10, "bad magic"},
		{"int type", append([]byte{0, 0, 0x0c}, good[3:]...), 2, 10, "not unsigned byte"},
		{"wrong rank", good, 3, 10, "rank 2"},
		{"too many elements", good, 2, 3, "limit"},
		{"huge claim", makeIDX(t, []int{60000, 60000, 60000}, nil, false), 3, 1 << 30, "limit"},
		{"truncated", good[:len(good)-1], 2, 10, "truncated"},
		{"truncated dims", good[:6], 2, 10, "dimension"},
		{"trailing", append(append([]byte{}, good...), 9), 2, 10, "unexpected bytes"},
		{"bad gzip crc", corruptGz, 2, 10, "checksum"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadIDX(bytes.NewReader(tc.in), tc.rank, tc.maxElems)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("ReadIDX error = %v, want one containing %q", err, tc.want)
			}
		})
	}
}

// FuzzReadIDX checks that ReadIDX neither panics nor returns data
// inconsistent with its dimensions.
func FuzzReadIDX(f *testing.F) {
	f.Add([]byte{0, 0, 8, 1, 0, 0, 0, 2, 5, 6})
	f.Add([]byte{0, 0, 8, 3, 0, 0, 0xea, 0x60, 0, 0, 0, 28, 0, 0, 0, 28})
	f.Fuzz(func(t *testing.T, in []byte) {
		x, err := ReadIDX(bytes.NewReader(in), 0, 1<<20)
		if err != nil {
			return
		}
		n := 1
		for _, d := range x.Dims {
			n *= d
		}
		if n != len(x.Data) || len(x.Data) > len(in) {
			t.Fatalf("dims %v with %d data bytes from %d input bytes", x.Dims, len(x.Data), len(in))
		}
	})
}
