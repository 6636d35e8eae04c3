// Package cifartest builds small CIFAR archives for tests: batch files
// pickled byte by byte the way Python 2's cPickle (protocol 2) wrote the
// original ones, packed in a tar.gz like cifar-10-python.tar.gz.
package cifartest

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"sort"
)

// Pickle returns a protocol-2 pickle of the CIFAR batch dict
// {b'batch_label': ..., b'data': uint8 array (n, 3072), <label keys>: [ints],
// b'filenames': [...]}; data has n*3072 bytes.
func Pickle(data []byte, labels map[string][]int) []byte {
	var b bytes.Buffer
	memo := byte(0)
	put := func() { b.WriteByte('q'); b.WriteByte(memo); memo++ }
	str := func(s []byte) { // SHORT_BINSTRING / BINSTRING (a Python 2 str)
		if len(s) < 256 {
			b.WriteByte('U')
			b.WriteByte(byte(len(s)))
		} else {
			b.WriteByte('T')
			binary.Write(&b, binary.LittleEndian, uint32(len(s)))
		}
		b.Write(s)
		put()
	}
	integer := func(v int) {
		switch {
		case v >= 0 && v < 256:
			b.WriteByte('K')
			b.WriteByte(byte(v))
		case v >= 0 && v < 65536:
			b.WriteByte('M')
			binary.Write(&b, binary.LittleEndian, uint16(v))
		default:
			b.WriteByte('J')
			binary.Write(&b, binary.LittleEndian, int32(v))
		}
	}
	b.Write([]byte{0x80, 2, '}'})
	put()
	b.WriteByte('(')
	str([]byte("batch_label"))
	str([]byte("testing batch 1 of 1"))
	keys := make([]string, 0, len(labels))
	for k := range labels {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		str([]byte(k))
		b.WriteByte(']')
		put()
		b.WriteByte('(')
		for _, v := range labels[k] {
			integer(v)
		}
		b.WriteByte('e')
	}
	str([]byte("data"))
	b.WriteString("cnumpy.core.multiarray\n_reconstruct\n")
	put()
	b.WriteString("cnumpy\nndarray\n")
	put()
	b.Write([]byte{'K', 0, 0x85})
	put()
	str([]byte("b"))
	b.Write([]byte{0x87})
	put()
	b.WriteByte('R')
	put()
	b.WriteByte('(')
	integer(1)
	integer(len(data) / 3072)
	integer(3072)
	b.WriteByte(0x86)
	put()
	b.WriteString("cnumpy\ndtype\n")
	put()
	str([]byte("u1"))
	b.Write([]byte{'K', 0, 'K', 1, 0x87})
	put()
	b.WriteByte('R')
	put()
	b.WriteByte('(')
	integer(3)
	str([]byte("|"))
	b.Write([]byte{'N', 'N', 'N', 'J', 0xff, 0xff, 0xff, 0xff, 'J', 0xff, 0xff, 0xff, 0xff, 'K', 0, 't'})
	put()
	b.WriteByte('b')
	b.WriteByte(0x89)
	str(data)
	b.WriteByte('t')
	put()
	b.WriteByte('b')
	str([]byte("filenames"))
	b.Write([]byte{']'})
	put()
	b.Write([]byte{'u', '.'})
	return b.Bytes()
}

// Archive returns a tar.gz holding files under inner/ (plus a readme, as
// the real archives have).
func Archive(inner string, files map[string][]byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	tw.WriteHeader(&tar.Header{Name: inner + "/", Typeflag: tar.TypeDir, Mode: 0o755})
	names := []string{"readme.html"}
	files["readme.html"] = []byte("<html></html>")
	for n := range files {
		if n != "readme.html" {
			names = append(names, n)
		}
	}
	sort.Strings(names[1:])
	for _, n := range names {
		tw.WriteHeader(&tar.Header{Name: inner + "/" + n, Typeflag: tar.TypeReg, Mode: 0o644, Size: int64(len(files[n]))})
		tw.Write(files[n])
	}
	tw.Close()
	zw.Close()
	return buf.Bytes()
}

// Images returns n stored (3, 32, 32) images whose bytes encode their
// position: image i, channel c, pixel p holds (i*7 + c*3 + p) % 256.
func Images(n, offset int) []byte {
	out := make([]byte, n*3072)
	for i := 0; i < n; i++ {
		for c := 0; c < 3; c++ {
			for p := 0; p < 1024; p++ {
				out[i*3072+c*1024+p] = byte(((i+offset)*7 + c*3 + p) % 256)
			}
		}
	}
	return out
}
