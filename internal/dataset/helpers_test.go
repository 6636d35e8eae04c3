package dataset

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"testing"
)

// makeIDX encodes data with the given dims as an IDX file of unsigned
// bytes, gzip-compressed when gz is set.
func makeIDX(t *testing.T, dims []int, data []byte, gz bool) []byte {
	t.Helper()
	var raw bytes.Buffer
	raw.Write([]byte{0, 0, idxUint8, byte(len(dims))})
	for _, d := range dims {
		binary.Write(&raw, binary.BigEndian, uint32(d))
	}
	raw.Write(data)
	if !gz {
		return raw.Bytes()
	}
	var out bytes.Buffer
	zw := gzip.NewWriter(&out)
	if _, err := zw.Write(raw.Bytes()); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}
