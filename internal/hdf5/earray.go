package hdf5

import "math/bits"

// Extensible array chunk index ("EAHD", "EAIB", "EASB", "EADB"): HDF5 uses
// it for chunked datasets with exactly one unlimited dimension (h5py's
// maxshape=(None, ...)). The geometry follows H5EAhdr.c / H5EA.c.

type earray struct {
	fr          *fileReader
	elemSize    int
	filtered    bool
	idxBlkElmts uint64
	dblkMin     uint64
	sblkMinPtrs uint64
	pageNElmts  uint64
	arrOffSize  int
	nsblks      int
	hdrAddr     uint64
	seen        *visitSet
}

// sblkInfo returns, for super block s, its data block count, elements per
// data block, first element index (after the index block's elements) and
// first data block index.
func (e *earray) sblkInfo(s int) (ndblks, dblkN, startIdx, startDblk uint64) {
	for u := 0; u <= s; u++ {
		ndblks = 1 << uint(u/2)
		dblkN = (1 << uint((u+1)/2)) * e.dblkMin
		if u < s {
			startIdx += ndblks * dblkN
			startDblk += ndblks
		}
	}
	return
}

func extensibleArrayChunks(fr *fileReader, l dataLayout, space dataspace, nfilters int) ([]chunkRef, error) {
	hdr, err := fr.read(l.addr, uint64(4+1+1+6+6*fr.lengthSize+fr.offsetSize+4))
	if err != nil {
		return nil, err
	}
	if err := verifyChecksum(hdr, "extensible array header"); err != nil {
		return nil, err
	}
	c := newCursor(hdr, fr, "extensible array header")
	c.signature("EAHD")
	c.skip(1)
	e := &earray{fr: fr, hdrAddr: l.addr, seen: newVisitSet(fr, "extensible array block")}
	client := c.u8()
	e.elemSize = int(c.u8())
	maxBits := int(c.u8())
	e.idxBlkElmts = uint64(c.u8())
	e.dblkMin = uint64(c.u8())
	e.sblkMinPtrs = uint64(c.u8())
	pageBits := int(c.u8())
	c.skip(6 * fr.lengthSize)
	iblock := c.addr()
	if c.err != nil {
		return nil, c.err
	}
	e.filtered = client == 1
	pow2 := func(x uint64) bool { return x != 0 && x&(x-1) == 0 }
	minElem := fr.offsetSize
	if e.filtered {
		minElem += 5
	}
	if e.elemSize < minElem || e.elemSize > fr.offsetSize+12 || (nfilters > 0) != e.filtered ||
		maxBits < 1 || maxBits > 64 || pageBits > 32 || !pow2(e.dblkMin) || !pow2(e.sblkMinPtrs) ||
		bits.Len64(e.dblkMin)-1 > maxBits {
		return nil, formatErr("extensible array header: element size %d, max bits %d, data block minimum %d, super block minimum %d",
			e.elemSize, maxBits, e.dblkMin, e.sblkMinPtrs)
	}
	e.nsblks = 1 + maxBits - (bits.Len64(e.dblkMin) - 1)
	e.pageNElmts = 1 << uint(pageBits)
	e.arrOffSize = (maxBits + 7) / 8

	// Chunk coordinates: the unlimited dimension is moved first ("swizzled")
	// and the linear index is row-major over the chunk grid.
	rank := len(l.chunk)
	unlim := -1
	for i := 0; i < rank && space.maxDims != nil; i++ {
		if space.maxDims[i] == undefAddr {
			unlim = i
		}
	}
	if unlim < 0 {
		return nil, formatErr("extensible array index on a dataset without an unlimited dimension")
	}
	grid := chunkGrid(space, l.chunk, true)
	order := append([]int{unlim}, make([]int, 0, rank)...)
	for i := 0; i < rank; i++ {
		if i != unlim {
			order = append(order, i)
		}
	}
	sgrid := make([]uint64, rank)
	for i, d := range order {
		sgrid[i] = grid[d]
	}
	sgrid[0] = 1 << 62 // unlimited: never wraps
	var out []chunkRef
	add := func(idx uint64, ref chunkRef) {
		if ref.addr == undefAddr {
			return
		}
		s := make([]uint64, rank)
		for i := rank - 1; i > 0; i-- {
			s[i] = idx % sgrid[i]
			idx /= sgrid[i]
		}
		s[0] = idx
		ref.offset = make([]uint64, rank)
		for i, d := range order {
			ref.offset[d] = s[i] * l.chunk[d]
		}
		out = append(out, ref)
	}
	if iblock == undefAddr {
		return nil, nil
	}
	if err := e.indexBlock(iblock, add); err != nil {
		return nil, err
	}
	return out, nil
}

func (e *earray) elems(c *cursor, n uint64, first uint64, add func(uint64, chunkRef)) error {
	for i := uint64(0); i < n; i++ {
		ref := chunkElem(c, e.fr, e.elemSize, e.filtered)
		if !e.filtered {
			c.skip(e.elemSize - e.fr.offsetSize)
		}
		if c.err != nil {
			return c.err
		}
		add(first+i, ref)
	}
	return nil
}

func (e *earray) indexBlock(addr uint64, add func(uint64, chunkRef)) error {
	fr := e.fr
	if err := e.seen.visit(addr); err != nil {
		return err
	}
	isb := 2 * (bits.Len64(e.sblkMinPtrs) - 1) // super blocks whose data blocks the index block addresses
	ndblk := 2 * (e.sblkMinPtrs - 1)
	if isb > e.nsblks {
		isb = e.nsblks
	}
	nsblk := uint64(e.nsblks - isb)
	size := uint64(4+1+1+fr.offsetSize) + e.idxBlkElmts*uint64(e.elemSize) + (ndblk+nsblk)*uint64(fr.offsetSize) + 4
	b, err := fr.read(addr, size)
	if err != nil {
		return err
	}
	if err := verifyChecksum(b, "extensible array index block"); err != nil {
		return err
	}
	c := newCursor(b[:len(b)-4], fr, "extensible array index block")
	c.signature("EAIB")
	c.skip(2 + fr.offsetSize)
	if err := e.elems(c, e.idxBlkElmts, 0, add); err != nil {
		return err
	}
	dblks := make([]uint64, ndblk)
	for i := range dblks {
		dblks[i] = c.addr()
	}
	sblks := make([]uint64, nsblk)
	for i := range sblks {
		sblks[i] = c.addr()
	}
	if c.err != nil {
		return c.err
	}
	for s := 0; s < isb; s++ {
		nd, dn, start, startD := e.sblkInfo(s)
		for j := uint64(0); j < nd; j++ {
			if startD+j >= uint64(len(dblks)) {
				return formatErr("extensible array index block: data block %d of %d", startD+j, len(dblks))
			}
			if a := dblks[startD+j]; a != undefAddr {
				if err := e.dataBlock(a, dn, e.idxBlkElmts+start+j*dn, nil, add); err != nil {
					return err
				}
			}
		}
	}
	for k, a := range sblks {
		if a != undefAddr {
			if err := e.superBlock(a, isb+k, add); err != nil {
				return err
			}
		}
	}
	return nil
}

func (e *earray) superBlock(addr uint64, s int, add func(uint64, chunkRef)) error {
	fr := e.fr
	if err := e.seen.visit(addr); err != nil {
		return err
	}
	nd, dn, start, _ := e.sblkInfo(s)
	var bitmapLen uint64
	if dn > e.pageNElmts {
		bitmapLen = (dn/e.pageNElmts + 7) / 8
	}
	size := uint64(4+1+1+fr.offsetSize+e.arrOffSize) + nd*bitmapLen + nd*uint64(fr.offsetSize) + 4
	b, err := fr.read(addr, size)
	if err != nil {
		return err
	}
	if err := verifyChecksum(b, "extensible array super block"); err != nil {
		return err
	}
	c := newCursor(b[:len(b)-4], fr, "extensible array super block")
	c.signature("EASB")
	c.skip(2 + fr.offsetSize + e.arrOffSize)
	bitmaps := c.bytes(int(nd * bitmapLen))
	for j := uint64(0); j < nd; j++ {
		a := c.addr()
		if c.err != nil {
			return c.err
		}
		if a == undefAddr {
			continue
		}
		var bm []byte
		if bitmapLen > 0 {
			bm = bitmaps[j*bitmapLen : (j+1)*bitmapLen]
		}
		if err := e.dataBlock(a, dn, e.idxBlkElmts+start+j*dn, bm, add); err != nil {
			return err
		}
	}
	return nil
}

func (e *earray) dataBlock(addr, n, first uint64, bitmap []byte, add func(uint64, chunkRef)) error {
	fr := e.fr
	if err := e.seen.visit(addr); err != nil {
		return err
	}
	prefix := uint64(4 + 1 + 1 + fr.offsetSize + e.arrOffSize)
	esz := uint64(e.elemSize)
	if n > fr.size/esz {
		return formatErr("extensible array data block of %d elements exceeds the file size", n)
	}
	if n <= e.pageNElmts {
		b, err := fr.read(addr, prefix+n*esz+4)
		if err != nil {
			return err
		}
		if err := verifyChecksum(b, "extensible array data block"); err != nil {
			return err
		}
		if string(b[:4]) != "EADB" {
			return formatErr("extensible array data block at %d: bad signature", addr)
		}
		return e.elems(newCursor(b[prefix:len(b)-4], fr, "extensible array data block"), n, first, add)
	}
	// Paged data block: header + checksum, then pages each with a checksum.
	pos := addr + prefix + 4
	npages := n / e.pageNElmts
	for p := uint64(0); p < npages; p++ {
		pageBytes := e.pageNElmts*esz + 4
		if bitmap != nil && bitmap[p/8]&(0x80>>(p%8)) == 0 {
			pos += pageBytes
			continue // page never written
		}
		b, err := fr.read(pos, pageBytes)
		if err != nil {
			return err
		}
		if err := verifyChecksum(b, "extensible array data block page"); err != nil {
			return err
		}
		if err := e.elems(newCursor(b[:len(b)-4], fr, "extensible array page"), e.pageNElmts, first+p*e.pageNElmts, add); err != nil {
			return err
		}
		pos += pageBytes
	}
	return nil
}
