package hdf5

import "math/bits"

// fractalHeap is a decoded fractal heap header ("FRHP"). Dense link and
// attribute storage keep their messages in one.
type fractalHeap struct {
	addr          uint64
	idLen         int
	filtered      bool
	checksumDB    bool // direct blocks carry checksums
	maxManaged    uint64
	hugeBTree     uint64
	width         uint64
	startBlock    uint64
	maxDirect     uint64
	maxHeapBits   int
	rootAddr      uint64
	rootRows      uint64
	offSize       int // bytes of a heap offset in IDs and block headers
	lenSize       int // bytes of an object length in managed IDs
	maxDirectRows uint64
}

func readFractalHeap(fr *fileReader, addr uint64) (*fractalHeap, error) {
	fixed := 4 + 1 + 2 + 2 + 1 + 4 + 12*fr.lengthSize + 3*fr.offsetSize + 2 + 2 + 2 + 2 + 4
	b, err := fr.readAtMost(addr, uint64(fixed+64))
	if err != nil {
		return nil, err
	}
	c := newCursor(b, fr, "fractal heap header")
	c.signature("FRHP")
	c.skip(1)
	h := &fractalHeap{addr: addr}
	h.idLen = int(c.u16())
	filterLen := int(c.u16())
	flags := c.u8()
	h.checksumDB = flags&0x02 != 0
	h.maxManaged = uint64(c.u32())
	c.length() // next huge object ID
	h.hugeBTree = c.addr()
	c.length() // free space in managed blocks
	c.addr()   // free space manager
	c.length() // managed space
	c.length() // allocated managed space
	c.length() // direct block allocation iterator offset
	c.length() // number of managed objects
	c.length() // size of huge objects
	c.length() // number of huge objects
	c.length() // size of tiny objects
	c.length() // number of tiny objects
	h.width = uint64(c.u16())
	h.startBlock = c.length()
	h.maxDirect = c.length()
	h.maxHeapBits = int(c.u16())
	c.u16() // starting rows in root indirect block
	h.rootAddr = c.addr()
	h.rootRows = uint64(c.u16())
	if filterLen > 0 {
		h.filtered = true
		c.length()
		c.u32()
		c.skip(filterLen)
	}
	if c.err != nil {
		return nil, c.err
	}
	if err := verifyChecksumAt(b, c.off, "fractal heap header"); err != nil {
		return nil, err
	}
	pow2 := func(x uint64) bool { return x != 0 && x&(x-1) == 0 }
	if h.width == 0 || h.width > 1<<16 || !pow2(h.width) || !pow2(h.startBlock) || !pow2(h.maxDirect) ||
		h.maxDirect < h.startBlock || h.maxHeapBits < 1 || h.maxHeapBits > 64 || h.idLen < 1 || h.idLen > 1<<12 {
		return nil, formatErr("fractal heap at %d: bad doubling table (width %d, start %d, max direct %d, heap bits %d)",
			addr, h.width, h.startBlock, h.maxDirect, h.maxHeapBits)
	}
	h.offSize = (h.maxHeapBits + 7) / 8
	dirOff := (bits.Len64(h.maxDirect) - 1 + 7) / 8
	h.lenSize = min(dirOff, encSize(h.maxManaged))
	h.maxDirectRows = uint64(bits.Len64(h.maxDirect)-bits.Len64(h.startBlock)) + 2
	return h, nil
}

// rowSize is the block size of doubling-table row r.
func (h *fractalHeap) rowSize(r uint64) uint64 {
	if r == 0 {
		return h.startBlock
	}
	if r-1 >= 63 {
		return 1 << 63
	}
	s := h.startBlock << (r - 1)
	if s < h.startBlock {
		return 1 << 63
	}
	return s
}

// object returns the bytes of the heap object with the given heap ID.
func (h *fractalHeap) object(fr *fileReader, id []byte) ([]byte, error) {
	if len(id) == 0 {
		return nil, formatErr("empty fractal heap ID")
	}
	if id[0]>>6 != 0 {
		return nil, formatErr("fractal heap ID version %d", id[0]>>6)
	}
	switch (id[0] >> 4) & 3 {
	case 0:
		c := newCursor(id[1:], fr, "managed heap ID")
		off := c.uintN(h.offSize)
		n := c.uintN(h.lenSize)
		if c.err != nil {
			return nil, c.err
		}
		return h.managed(fr, off, n)
	case 1:
		return h.huge(fr, id[1:])
	case 2:
		if len(id) <= 18 {
			n := int(id[0]&0x0f) + 1
			if 1+n > len(id) {
				return nil, formatErr("tiny heap object of %d bytes in a %d-byte ID", n, len(id))
			}
			return id[1 : 1+n], nil
		}
		if len(id) < 2 {
			return nil, formatErr("short tiny heap ID")
		}
		n := (int(id[0]&0x0f)<<8 | int(id[1])) + 1
		if 2+n > len(id) {
			return nil, formatErr("tiny heap object of %d bytes in a %d-byte ID", n, len(id))
		}
		return id[2 : 2+n], nil
	}
	return nil, formatErr("fractal heap ID type %d", (id[0]>>4)&3)
}

func (h *fractalHeap) huge(fr *fileReader, id []byte) ([]byte, error) {
	if h.filtered {
		return nil, unsupported("filtered huge objects in a fractal heap")
	}
	if len(id) >= fr.offsetSize+fr.lengthSize {
		// Directly addressed huge object.
		c := newCursor(id, fr, "huge heap ID")
		addr, n := c.addr(), c.length()
		if c.err != nil {
			return nil, c.err
		}
		return fr.read(addr, n)
	}
	want := newCursor(id, fr, "huge heap ID").uintN(min(len(id), 8))
	var out []byte
	found := false
	err := walkBTree2(fr, h.hugeBTree, 1, func(rec []byte) error {
		c := newCursor(rec, fr, "huge object record")
		addr, n, hid := c.addr(), c.length(), c.length()
		if c.err != nil || found || hid != want {
			return c.err
		}
		found = true
		var err error
		out, err = fr.read(addr, n)
		return err
	})
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, formatErr("huge heap object %d not found", want)
	}
	return out, nil
}

// managed locates the object at heap offset off by descending the doubling
// table from the root block.
func (h *fractalHeap) managed(fr *fileReader, off, n uint64) ([]byte, error) {
	if h.filtered {
		return nil, unsupported("filtered fractal heap blocks")
	}
	if h.rootAddr == undefAddr {
		return nil, formatErr("fractal heap at %d is empty", h.addr)
	}
	if h.rootRows == 0 {
		return h.direct(fr, h.rootAddr, 0, h.startBlock, off, n)
	}
	seen := newVisitSet(fr, "fractal heap indirect block")
	blockAddr, blockOff, nrows := h.rootAddr, uint64(0), h.rootRows
	for {
		if err := seen.visit(blockAddr); err != nil {
			return nil, err
		}
		if nrows > 64 {
			return nil, formatErr("fractal heap indirect block with %d rows", nrows)
		}
		// Locate row and column inside this indirect block.
		rel := off - blockOff
		if off < blockOff {
			return nil, formatErr("fractal heap offset %d below block offset %d", off, blockOff)
		}
		var row, start uint64
		for row = 0; row < nrows; row++ {
			sz := h.rowSize(row)
			span, ok := mulCheck(sz, h.width, 1<<63)
			if !ok {
				return nil, formatErr("fractal heap row %d too large", row)
			}
			if rel < start+span {
				break
			}
			start += span
		}
		if row == nrows {
			return nil, formatErr("fractal heap offset %d outside its root block", off)
		}
		sz := h.rowSize(row)
		col := (rel - start) / sz
		entry := row*h.width + col
		childOff := blockOff + start + col*sz
		ndirect := min(nrows, h.maxDirectRows) * h.width
		entrySize := uint64(fr.offsetSize)
		prefix := uint64(5 + fr.offsetSize + h.offSize)
		var pos uint64
		if entry < ndirect {
			pos = prefix + entry*entrySize
		} else {
			pos = prefix + ndirect*entrySize + (entry-ndirect)*uint64(fr.offsetSize)
		}
		hdr, err := fr.read(blockAddr, 4)
		if err != nil {
			return nil, err
		}
		if string(hdr) != "FHIB" {
			return nil, formatErr("fractal heap indirect block at %d: bad signature", blockAddr)
		}
		ab, err := fr.read(blockAddr+pos, uint64(fr.offsetSize))
		if err != nil {
			return nil, err
		}
		child := newCursor(ab, fr, "fractal heap indirect block").addr()
		if child == undefAddr {
			return nil, formatErr("fractal heap offset %d lies in an unallocated block", off)
		}
		if row < h.maxDirectRows {
			return h.direct(fr, child, childOff, sz, off, n)
		}
		// Child indirect block: its row count follows from its size.
		rows := uint64(bits.Len64(sz)-bits.Len64(h.startBlock*h.width)) + 1
		blockAddr, blockOff, nrows = child, childOff, rows
	}
}

func (h *fractalHeap) direct(fr *fileReader, addr, blockOff, size, off, n uint64) ([]byte, error) {
	hdr, err := fr.read(addr, uint64(5+fr.offsetSize+h.offSize))
	if err != nil {
		return nil, err
	}
	c := newCursor(hdr, fr, "fractal heap direct block")
	c.signature("FHDB")
	c.skip(1 + fr.offsetSize)
	if got := c.uintN(h.offSize); c.err == nil && got != blockOff {
		return nil, formatErr("fractal heap direct block at %d has offset %d, want %d", addr, got, blockOff)
	}
	if c.err != nil {
		return nil, c.err
	}
	rel := off - blockOff
	if off < blockOff || rel > size || n > size-rel || rel < uint64(len(hdr)) {
		return nil, formatErr("fractal heap object [%d,+%d) outside its %d-byte direct block", off, n, size)
	}
	return fr.read(addr+rel, n)
}
