package hdf5

import (
	"bytes"
	"errors"
	"math/rand"
	"os"
	"runtime"
	"strings"
	"testing"
)

// exercise opens b and touches everything: members, attributes and every
// dataset's data. It returns the first error.
func exercise(b []byte) error {
	f, err := Open(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return err
	}
	if _, err := f.Root().Attrs(); err != nil {
		return err
	}
	return f.Walk(func(path string, obj any) error {
		switch o := obj.(type) {
		case *Group:
			_, err := o.Attrs()
			return err
		case *Dataset:
			if _, err := o.Attrs(); err != nil {
				return err
			}
			_, err := o.Read()
			return err
		}
		return nil
	})
}

// smallWritten is a small Go-written file used as a mutation base.
func smallWritten(t testing.TB) []byte {
	w := NewWriter()
	r := w.Root()
	r.SetAttr("backend", "tensorflow")
	r.SetAttr("names", []string{"a", "b"})
	g, _ := r.CreateGroup("layers")
	g.CreateDataset("k", []int{3, 4}, make([]float32, 12))
	many, _ := r.CreateGroup("many")
	for i := 0; i < 300; i++ {
		many.CreateGroup(string(rune('A'+i/26%26)) + string(rune('a'+i%26)) + strings.Repeat("x", i/676))
	}
	b, err := w.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// allocDuring reports the bytes allocated while fn runs.
func allocDuring(fn func()) uint64 {
	var a, b runtime.MemStats
	runtime.ReadMemStats(&a)
	fn()
	runtime.ReadMemStats(&b)
	return b.TotalAlloc - a.TotalAlloc
}

func TestHostileHugeDataspace(t *testing.T) {
	base := smallWritten(t)
	// The dataspace of /layers/k: version 1, rank 2, maxdims present, dims 3 x 4.
	pat := []byte{1, 2, 1, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0}
	i := bytes.Index(base, pat)
	if i < 0 {
		t.Fatal("dataspace not found")
	}
	tests := []struct {
		name   string
		d0, d1 uint64
		want   string
	}{
		{"1e12 elements", 1e12, 1, "need 4000000000000"},
		{"overflowing product", 1 << 40, 1 << 40, "overflows"},
		{"max uint64", ^uint64(0) - 1, 2, "overflows"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := append([]byte(nil), base...)
			le.PutUint64(b[i+8:], tc.d0)
			le.PutUint64(b[i+16:], tc.d1)
			var err error
			n := allocDuring(func() { err = exercise(b) })
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want it to contain %q", err, tc.want)
			}
			if !errors.Is(err, ErrFormat) {
				t.Errorf("error %v does not wrap ErrFormat", err)
			}
			if n > 16<<20 {
				t.Errorf("allocated %d bytes for a %d-byte file", n, len(b))
			}
		})
	}
}

func TestHostileChunkedHuge(t *testing.T) {
	b, err := os.ReadFile("testdata/v0.h5")
	if err != nil {
		t.Fatal(err)
	}
	f := openBytes(t, b)
	d, err := f.Root().Dataset("layouts/gzip_shuffle")
	if err != nil {
		t.Fatal(err)
	}
	d.space.dims = []uint64{1e12, 7} // as if the header claimed it
	n := allocDuring(func() { _, err = d.ReadRaw() })
	if err == nil || !strings.Contains(err.Error(), "exceed 1100x") {
		t.Errorf("error %v", err)
	}
	if n > 1<<20 {
		t.Errorf("allocated %d bytes", n)
	}
}

func TestHostileBTreeCycle(t *testing.T) {
	b := smallWritten(t)
	// Find a level-1 group B-tree node and point its first child at itself.
	for i := 0; i+32 < len(b); i += 8 {
		if string(b[i:i+4]) == "TREE" && b[i+4] == 0 && b[i+5] == 1 {
			le.PutUint64(b[i+32:], uint64(i))
			err := exercise(b)
			if err == nil || !strings.Contains(err.Error(), "cycle") {
				t.Fatalf("error %v, want a cycle error", err)
			}
			return
		}
	}
	t.Fatal("no level-1 B-tree node found (the group should need two levels)")
}

func TestHostileContinuationCycle(t *testing.T) {
	// An object header whose continuation message points back at its own
	// message block.
	w := NewWriter()
	w.Root().SetAttr("a", int64(1))
	b, _ := w.Bytes()
	f := openBytes(t, b)
	root := f.Root().oh.addr
	// Overwrite the attribute message (type 0x0C) with a continuation (0x10)
	// to root+16, length of the message area.
	pos := int(root) + 16
	for j := pos; j < len(b); j += 8 {
		if le.Uint16(b[j:]) == msgAttribute {
			pos = j
			break
		}
	}
	le.PutUint16(b[pos:], msgContinuation)
	le.PutUint64(b[pos+8:], root+16)
	le.PutUint64(b[pos+16:], uint64(le.Uint32(b[root+8:])))
	_, err := Open(bytes.NewReader(b), int64(len(b)))
	if err == nil || !strings.Contains(err.Error(), "cycle") {
		t.Errorf("error %v, want a cycle error", err)
	}
}

func TestHostileTruncated(t *testing.T) {
	for _, name := range []string{"v0.h5", "v108.h5"} {
		b, err := os.ReadFile("testdata/" + name)
		if err != nil {
			t.Fatal(err)
		}
		step := 61 // every prefix is exercised by the fuzz targets; keep this fast
		if testing.Short() {
			step = 397
		}
		for n := 0; n < len(b); n += step {
			_ = exercise(b[:n]) // must not panic or hang
		}
	}
}

// TestHostileMutations flips random bytes in real-shaped files (the same
// experiment that crashed github.com/scigolib/hdf5, see doc.go) and checks
// that every mutant is handled without a panic and with bounded memory.
func TestHostileMutations(t *testing.T) {
	n := 400
	if testing.Short() {
		n = 60
	}
	var bases [][]byte
	for _, name := range []string{"v0.h5", "latest.h5", "many.h5"} {
		b, err := os.ReadFile("testdata/" + name)
		if err != nil {
			t.Fatal(err)
		}
		bases = append(bases, b)
	}
	bases = append(bases, smallWritten(t))
	rng := rand.New(rand.NewSource(1))
	var worst uint64
	for i := 0; i < n; i++ {
		base := bases[i%len(bases)]
		b := append([]byte(nil), base...)
		for k := 1 + rng.Intn(8); k > 0; k-- {
			p := rng.Intn(len(b))
			switch rng.Intn(3) {
			case 0:
				b[p] = byte(rng.Intn(256))
			case 1:
				b[p] = 0xff
			default:
				b[p] ^= 1 << uint(rng.Intn(8))
			}
		}
		a := allocDuring(func() { _ = exercise(b) })
		worst = max(worst, a)
		// Output is bounded by maxExpansion x the file size; in practice
		// far less.
		if a > uint64(len(b))*maxExpansion+64<<20 {
			t.Fatalf("mutant %d allocated %d bytes for a %d-byte file", i, a, len(b))
		}
	}
	t.Logf("%d mutants, largest allocation %d KiB", n, worst>>10)
}
