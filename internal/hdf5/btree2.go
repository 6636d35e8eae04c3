package hdf5

import "math/bits"

// B-tree version 2 ("BTHD"/"BTIN"/"BTLF"): used for dense link and attribute
// name indexes, huge fractal-heap objects and version 4 chunk indexes.

type btree2 struct {
	typ      uint8
	nodeSize uint64
	recSize  int
	depth    int
	root     uint64
	rootNRec int
	// Per-depth field sizes, computed as H5B2__hdr_init does.
	maxNRecSize int   // bytes encoding the record count of a child
	cumNRecSize []int // bytes encoding the total records below a child, per depth
	maxNRec     []uint64
}

// encSize is H5VM_limit_enc_size: bytes needed to encode values up to l.
func encSize(l uint64) int {
	return (bits.Len64(l)-1)/8 + 1
}

const btree2Prefix = 10 // signature, version, type, checksum

func readBTree2Header(fr *fileReader, addr uint64, wantType uint8) (*btree2, error) {
	size := uint64(4 + 1 + 1 + 4 + 2 + 2 + 1 + 1 + fr.offsetSize + 2 + fr.lengthSize + 4)
	b, err := fr.read(addr, size)
	if err != nil {
		return nil, err
	}
	if err := verifyChecksum(b, "B-tree v2 header"); err != nil {
		return nil, err
	}
	c := newCursor(b, fr, "B-tree v2 header")
	c.signature("BTHD")
	c.skip(1)
	t := &btree2{typ: c.u8()}
	t.nodeSize = uint64(c.u32())
	t.recSize = int(c.u16())
	t.depth = int(c.u16())
	c.skip(2)
	t.root = c.addr()
	t.rootNRec = int(c.u16())
	c.length()
	if c.err != nil {
		return nil, c.err
	}
	if t.typ != wantType {
		return nil, formatErr("B-tree v2 at %d has type %d, want %d", addr, t.typ, wantType)
	}
	if t.recSize == 0 || t.nodeSize <= btree2Prefix || t.nodeSize > fr.size || t.depth > 16 {
		return nil, formatErr("B-tree v2 at %d: node size %d, record size %d, depth %d", addr, t.nodeSize, t.recSize, t.depth)
	}
	// Node geometry per depth.
	t.maxNRec = make([]uint64, t.depth+1)
	t.cumNRecSize = make([]int, t.depth+1)
	cum := make([]uint64, t.depth+1)
	t.maxNRec[0] = (t.nodeSize - btree2Prefix) / uint64(t.recSize)
	if t.maxNRec[0] == 0 {
		return nil, formatErr("B-tree v2 at %d: node size %d too small for %d-byte records", addr, t.nodeSize, t.recSize)
	}
	cum[0] = t.maxNRec[0]
	t.maxNRecSize = encSize(t.maxNRec[0])
	for d := 1; d <= t.depth; d++ {
		ptr := uint64(fr.offsetSize + t.maxNRecSize)
		if d > 1 {
			ptr += uint64(t.cumNRecSize[d-1])
		}
		if t.nodeSize < btree2Prefix+ptr {
			return nil, formatErr("B-tree v2 at %d: node size %d too small", addr, t.nodeSize)
		}
		t.maxNRec[d] = (t.nodeSize - (btree2Prefix + ptr)) / (uint64(t.recSize) + ptr)
		c, ok := mulCheck(t.maxNRec[d]+1, cum[d-1], 1<<56)
		if !ok {
			return nil, formatErr("B-tree v2 at %d: depth %d too large", addr, t.depth)
		}
		cum[d] = c + t.maxNRec[d]
		t.cumNRecSize[d] = encSize(cum[d])
	}
	return t, nil
}

// walk calls fn with every record of the tree, in order.
func (t *btree2) walk(fr *fileReader, fn func(rec []byte) error) error {
	if t.root == undefAddr || t.rootNRec == 0 {
		return nil
	}
	seen := newVisitSet(fr, "B-tree v2 node")
	var walk func(addr uint64, nrec uint64, depth int) error
	walk = func(addr uint64, nrec uint64, depth int) error {
		if err := seen.visit(addr); err != nil {
			return err
		}
		if nrec > t.maxNRec[depth] {
			return formatErr("B-tree v2 node at %d: %d records exceed the maximum %d", addr, nrec, t.maxNRec[depth])
		}
		b, err := fr.read(addr, t.nodeSize)
		if err != nil {
			return err
		}
		c := newCursor(b, fr, "B-tree v2 node")
		sig := "BTLF"
		if depth > 0 {
			sig = "BTIN"
		}
		c.signature(sig)
		c.skip(1)
		if typ := c.u8(); typ != t.typ && c.err == nil {
			return formatErr("B-tree v2 node at %d has type %d, want %d", addr, typ, t.typ)
		}
		recs := make([][]byte, nrec)
		for i := range recs {
			recs[i] = c.bytes(t.recSize)
		}
		type child struct {
			addr uint64
			nrec uint64
		}
		var kids []child
		if depth > 0 {
			kids = make([]child, nrec+1)
			for i := range kids {
				kids[i].addr = c.addr()
				kids[i].nrec = c.uintN(t.maxNRecSize)
				if depth > 1 {
					c.uintN(t.cumNRecSize[depth-1])
				}
			}
		}
		if c.err != nil {
			return c.err
		}
		if err := verifyChecksumAt(b, c.off, "B-tree v2 node"); err != nil {
			return err
		}
		for i := range recs {
			if depth > 0 {
				if err := walk(kids[i].addr, kids[i].nrec, depth-1); err != nil {
					return err
				}
			}
			if err := fn(recs[i]); err != nil {
				return err
			}
		}
		if depth > 0 {
			return walk(kids[nrec].addr, kids[nrec].nrec, depth-1)
		}
		return nil
	}
	return walk(t.root, uint64(t.rootNRec), t.depth)
}

// walkBTree2 reads the header at addr and walks all records.
func walkBTree2(fr *fileReader, addr uint64, wantType uint8, fn func(rec []byte) error) error {
	t, err := readBTree2Header(fr, addr, wantType)
	if err != nil {
		return err
	}
	return t.walk(fr, fn)
}
