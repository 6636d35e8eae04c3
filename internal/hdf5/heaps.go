package hdf5

import "bytes"

// localHeap is a decoded local heap ("HEAP"): the data segment holding the
// link names of a symbol-table group.
type localHeap struct {
	data []byte
}

func readLocalHeap(fr *fileReader, addr uint64) (*localHeap, error) {
	b, err := fr.read(addr, uint64(8+2*fr.lengthSize+fr.offsetSize))
	if err != nil {
		return nil, err
	}
	c := newCursor(b, fr, "local heap")
	c.signature("HEAP")
	c.skip(4) // version + reserved
	size := c.length()
	c.length() // free list offset
	dataAddr := c.addr()
	if c.err != nil {
		return nil, c.err
	}
	data, err := fr.read(dataAddr, size)
	if err != nil {
		return nil, err
	}
	return &localHeap{data: data}, nil
}

// name returns the null-terminated string at offset off.
func (h *localHeap) name(off uint64) (string, error) {
	if off >= uint64(len(h.data)) {
		return "", formatErr("local heap offset %d beyond heap size %d", off, len(h.data))
	}
	s := h.data[off:]
	i := bytes.IndexByte(s, 0)
	if i < 0 {
		return "", formatErr("unterminated name in local heap at offset %d", off)
	}
	return string(s[:i]), nil
}

// globalHeaps caches decoded global heap collections ("GCOL"), which hold
// variable-length string data.
type globalHeaps struct {
	fr   *fileReader
	cols map[uint64]map[uint16][]byte
}

func (g *globalHeaps) object(addr uint64, index uint32) ([]byte, error) {
	if g.cols == nil {
		g.cols = map[uint64]map[uint16][]byte{}
	}
	col, ok := g.cols[addr]
	if !ok {
		var err error
		if col, err = readGlobalHeap(g.fr, addr); err != nil {
			return nil, err
		}
		g.cols[addr] = col
	}
	obj, ok := col[uint16(index)]
	if !ok || index > 0xffff {
		return nil, formatErr("global heap collection at %d has no object %d", addr, index)
	}
	return obj, nil
}

func readGlobalHeap(fr *fileReader, addr uint64) (map[uint16][]byte, error) {
	hdr, err := fr.read(addr, uint64(8+fr.lengthSize))
	if err != nil {
		return nil, err
	}
	c := newCursor(hdr, fr, "global heap")
	c.signature("GCOL")
	c.skip(4)
	size := c.length()
	if c.err != nil {
		return nil, c.err
	}
	b, err := fr.read(addr, size)
	if err != nil {
		return nil, err
	}
	// Layout as in H5HGcache.c: the header is padded to 8 bytes; each
	// object is a header (index, refcount, reserved, size) followed by its
	// data, padded to 8 bytes.
	align := func(n uint64) uint64 { return (n + 7) &^ 7 }
	objHdr := align(uint64(8 + fr.lengthSize))
	objs := map[uint16][]byte{}
	pos := align(uint64(len(hdr)))
	for pos+objHdr <= uint64(len(b)) {
		c := newCursor(b[pos:pos+objHdr], fr, "global heap object")
		idx := c.u16()
		c.skip(6) // reference count, reserved
		n := c.length()
		if idx == 0 {
			break // free space
		}
		start := pos + objHdr
		if n > uint64(len(b))-start {
			return nil, formatErr("global heap object %d of %d bytes overruns its collection", idx, n)
		}
		objs[idx] = b[start : start+n]
		pos = start + align(n)
	}
	return objs, nil
}
