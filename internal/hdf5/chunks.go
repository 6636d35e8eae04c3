package hdf5

// chunkRef locates one stored chunk of a chunked dataset.
type chunkRef struct {
	offset []uint64 // element coordinates of the chunk's first element
	addr   uint64
	size   uint64 // stored (possibly filtered) size in bytes
	mask   uint32 // filter mask: bit i set means filter i was skipped
}

// chunkGrid returns the number of chunks along each dimension, computed
// over the maximum dimensions when those are fixed (as HDF5 does for the
// implicit and fixed-array indexes).
func chunkGrid(space dataspace, chunk []uint64, useMax bool) []uint64 {
	g := make([]uint64, len(chunk))
	for i := range chunk {
		d := space.dims[i]
		if useMax && space.maxDims != nil && space.maxDims[i] != undefAddr {
			d = space.maxDims[i]
		}
		g[i] = (d + chunk[i] - 1) / chunk[i]
	}
	return g
}

// linearToOffset converts a row-major linear chunk index to element
// coordinates.
func linearToOffset(idx uint64, grid, chunk []uint64) []uint64 {
	off := make([]uint64, len(grid))
	for i := len(grid) - 1; i >= 0; i-- {
		off[i] = idx % grid[i] * chunk[i]
		idx /= grid[i]
	}
	return off
}

// listChunks enumerates the allocated chunks of a dataset. maxChunks bounds
// the index size (no index may list more chunks than the file can hold).
func listChunks(fr *fileReader, l dataLayout, space dataspace, chunkBytes uint64, nfilters int) ([]chunkRef, error) {
	rank := len(l.chunk)
	if l.addr == undefAddr {
		return nil, nil // nothing allocated yet: all fill value
	}
	switch l.index {
	case idxBTree1:
		var out []chunkRef
		keySize := 8 + 8*(rank+1)
		err := walkBTree1(fr, l.addr, 1, keySize, func(e btree1Entry) error {
			c := newCursor(e.key, fr, "chunk B-tree key")
			ref := chunkRef{size: uint64(c.u32()), mask: c.u32(), addr: e.child}
			ref.offset = make([]uint64, rank)
			for i := range ref.offset {
				ref.offset[i] = c.u64()
			}
			out = append(out, ref)
			return c.err
		})
		return out, err
	case idxSingleChunk:
		ref := chunkRef{offset: make([]uint64, rank), addr: l.addr, size: chunkBytes}
		if l.flags&2 != 0 {
			ref.size, ref.mask = l.singleSize, l.singleMask
		}
		return []chunkRef{ref}, nil
	case idxImplicit:
		if nfilters > 0 {
			return nil, formatErr("implicit chunk index with filters")
		}
		grid := chunkGrid(space, l.chunk, true)
		n := uint64(1)
		for _, g := range grid {
			var ok bool
			if n, ok = mulCheck(n, g, fr.size); !ok {
				return nil, formatErr("implicit chunk index: too many chunks for the file size")
			}
		}
		if total, ok := mulCheck(n, chunkBytes, fr.size); !ok || total > fr.size {
			return nil, formatErr("implicit chunk index: %d chunks of %d bytes exceed the file size", n, chunkBytes)
		}
		out := make([]chunkRef, n)
		for i := range out {
			out[i] = chunkRef{offset: linearToOffset(uint64(i), grid, l.chunk), addr: l.addr + uint64(i)*chunkBytes, size: chunkBytes}
		}
		return out, nil
	case idxFixedArray:
		return fixedArrayChunks(fr, l, space, chunkBytes, nfilters)
	case idxBTree2:
		return btree2Chunks(fr, l, nfilters)
	case idxExtensible:
		return extensibleArrayChunks(fr, l, space, nfilters)
	}
	return nil, unsupported("chunk index type %d", l.index)
}

func btree2Chunks(fr *fileReader, l dataLayout, nfilters int) ([]chunkRef, error) {
	rank := len(l.chunk)
	want := uint8(10)
	if nfilters > 0 {
		want = 11
	}
	var out []chunkRef
	err := walkBTree2(fr, l.addr, want, func(rec []byte) error {
		c := newCursor(rec, fr, "chunk B-tree v2 record")
		ref := chunkRef{addr: c.addr()}
		if want == 11 {
			sizeLen := len(rec) - fr.offsetSize - 4 - 8*rank
			if sizeLen < 1 || sizeLen > 8 {
				return formatErr("chunk record of %d bytes for rank %d", len(rec), rank)
			}
			ref.size = c.uintN(sizeLen)
			ref.mask = c.u32()
		}
		ref.offset = make([]uint64, rank)
		for i := range ref.offset {
			s := c.u64()
			o, ok := mulCheck(s, l.chunk[i], 1<<62)
			if !ok {
				return formatErr("chunk offset overflows")
			}
			ref.offset[i] = o
		}
		out = append(out, ref)
		return c.err
	})
	if want == 10 {
		for i := range out {
			out[i].size = undefAddr // filled in by the caller
		}
	}
	return out, err
}

// chunkElem decodes one fixed/extensible array element.
func chunkElem(c *cursor, fr *fileReader, elemSize int, filtered bool) chunkRef {
	ref := chunkRef{addr: c.addr(), size: undefAddr}
	if filtered {
		ref.size = c.uintN(elemSize - fr.offsetSize - 4)
		ref.mask = c.u32()
	}
	return ref
}

func fixedArrayChunks(fr *fileReader, l dataLayout, space dataspace, chunkBytes uint64, nfilters int) ([]chunkRef, error) {
	hdr, err := fr.read(l.addr, uint64(4+1+1+1+1+fr.lengthSize+fr.offsetSize+4))
	if err != nil {
		return nil, err
	}
	if err := verifyChecksum(hdr, "fixed array header"); err != nil {
		return nil, err
	}
	c := newCursor(hdr, fr, "fixed array header")
	c.signature("FAHD")
	c.skip(1)
	client := c.u8()
	elemSize := int(c.u8())
	pageBits := int(c.u8())
	n := c.length()
	dblk := c.addr()
	if c.err != nil {
		return nil, c.err
	}
	filtered := client == 1
	minElem := fr.offsetSize
	if filtered {
		minElem += 5
	}
	if elemSize < minElem || elemSize > fr.offsetSize+12 || pageBits > 32 || (nfilters > 0) != filtered {
		return nil, formatErr("fixed array header: element size %d, page bits %d, client %d", elemSize, pageBits, client)
	}
	grid := chunkGrid(space, l.chunk, true)
	total := uint64(1)
	for _, g := range grid {
		var ok bool
		if total, ok = mulCheck(total, g, 1<<62); !ok {
			return nil, formatErr("fixed array: chunk grid overflows")
		}
	}
	if n != total {
		return nil, formatErr("fixed array holds %d chunks, dataspace needs %d", n, total)
	}
	if nb, ok := mulCheck(n, uint64(elemSize), fr.size); !ok || nb > fr.size {
		return nil, formatErr("fixed array of %d elements exceeds the file size", n)
	}
	prefix := uint64(4 + 1 + 1 + fr.offsetSize)
	var elems []byte
	pageN := uint64(1) << uint(pageBits)
	if n <= pageN {
		b, err := fr.read(dblk, prefix+n*uint64(elemSize)+4)
		if err != nil {
			return nil, err
		}
		if err := verifyChecksum(b, "fixed array data block"); err != nil {
			return nil, err
		}
		if string(b[:4]) != "FADB" {
			return nil, formatErr("fixed array data block: bad signature")
		}
		elems = b[prefix : len(b)-4]
	} else {
		npages := (n + pageN - 1) / pageN
		bitmap := (npages + 7) / 8
		pos := dblk + prefix + bitmap + 4
		for p := uint64(0); p < npages; p++ {
			cnt := min(pageN, n-p*pageN)
			b, err := fr.read(pos, cnt*uint64(elemSize)+4)
			if err != nil {
				return nil, err
			}
			if err := verifyChecksum(b, "fixed array page"); err != nil {
				return nil, err
			}
			elems = append(elems, b[:len(b)-4]...)
			pos += pageN*uint64(elemSize) + 4
		}
	}
	ec := newCursor(elems, fr, "fixed array elements")
	var out []chunkRef
	for i := uint64(0); i < n; i++ {
		ref := chunkElem(ec, fr, elemSize, filtered)
		if !filtered {
			ec.skip(elemSize - fr.offsetSize)
		}
		if ec.err != nil {
			return nil, ec.err
		}
		if ref.addr == undefAddr {
			continue
		}
		ref.offset = linearToOffset(i, grid, l.chunk)
		out = append(out, ref)
	}
	return out, nil
}
