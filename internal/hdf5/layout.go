package hdf5

// Data layout classes.
const (
	layoutCompact    = 0
	layoutContiguous = 1
	layoutChunked    = 2
)

// Chunk index types (layout message version 4); 0 is this package's name
// for the version 1-3 B-tree v1 index.
const (
	idxBTree1      = 0
	idxSingleChunk = 1
	idxImplicit    = 2
	idxFixedArray  = 3
	idxExtensible  = 4
	idxBTree2      = 5
)

// dataLayout is a decoded data layout message.
type dataLayout struct {
	class   int
	addr    uint64
	size    uint64 // contiguous: stored size in bytes
	compact []byte
	chunk   []uint64 // chunk dims (dataset rank), chunked only
	index   int
	flags   uint8
	// Single chunk index with filters: stored size and filter mask.
	singleSize uint64
	singleMask uint32
}

func decodeLayout(fr *fileReader, b []byte) (dataLayout, error) {
	c := newCursor(b, fr, "data layout message")
	ver := c.u8()
	var l dataLayout
	switch ver {
	case 1, 2:
		ndims := int(c.u8())
		l.class = int(c.u8())
		c.skip(5)
		if l.class != layoutCompact {
			l.addr = c.addr()
		}
		if ndims > maxRank+1 {
			return l, formatErr("layout dimensionality %d", ndims)
		}
		dims := make([]uint64, ndims)
		for i := range dims {
			dims[i] = uint64(c.u32())
		}
		switch l.class {
		case layoutChunked:
			c.u32() // element size
			if ndims < 1 {
				return l, formatErr("chunked layout with no dimensions")
			}
			l.chunk = dims[:ndims-1]
		case layoutCompact:
			n := int(c.u32())
			l.compact = c.bytes(n)
		case layoutContiguous:
			l.size = undefAddr // computed from the dataspace
		}
	case 3, 4:
		l.class = int(c.u8())
		switch l.class {
		case layoutCompact:
			n := int(c.u16())
			l.compact = c.bytes(n)
		case layoutContiguous:
			l.addr = c.addr()
			l.size = c.length()
		case layoutChunked:
			if ver == 3 {
				ndims := int(c.u8())
				l.addr = c.addr()
				if ndims < 1 || ndims > maxRank+1 {
					return l, formatErr("chunked layout dimensionality %d", ndims)
				}
				l.chunk = make([]uint64, ndims-1)
				for i := range l.chunk {
					l.chunk[i] = uint64(c.u32())
				}
				c.u32() // element size
				break
			}
			l.flags = c.u8()
			ndims := int(c.u8())
			enc := int(c.u8())
			if ndims < 1 || ndims > maxRank+1 || enc < 1 || enc > 8 {
				return l, formatErr("chunked layout dimensionality %d, encoded size %d", ndims, enc)
			}
			l.chunk = make([]uint64, ndims-1)
			for i := range l.chunk {
				l.chunk[i] = c.uintN(enc)
			}
			c.uintN(enc) // element size
			l.index = int(c.u8())
			switch l.index {
			case idxSingleChunk:
				if l.flags&2 != 0 {
					l.singleSize = c.length()
					l.singleMask = c.u32()
				}
			case idxImplicit:
			case idxFixedArray:
				c.u8()
			case idxExtensible:
				c.skip(5)
			case idxBTree2:
				c.skip(6)
			default:
				if c.err == nil {
					return l, unsupported("chunk index type %d", l.index)
				}
			}
			l.addr = c.addr()
		default:
			if c.err == nil {
				return l, unsupported("data layout class %d (virtual datasets are not supported)", l.class)
			}
		}
	default:
		if c.err == nil {
			return l, formatErr("data layout message version %d", ver)
		}
	}
	for _, d := range l.chunk {
		if d == 0 {
			return l, formatErr("chunk dimension of 0")
		}
	}
	return l, c.err
}

// filter is one entry of a filter pipeline message.
type filter struct {
	id       uint16
	optional bool
	params   []uint32
}

// Filter identifiers (H5Z_FILTER_*).
const (
	filterDeflate    = 1
	filterShuffle    = 2
	filterFletcher32 = 3
)

func decodeFilters(fr *fileReader, b []byte) ([]filter, error) {
	c := newCursor(b, fr, "filter pipeline message")
	ver := c.u8()
	n := int(c.u8())
	if ver == 1 {
		c.skip(6)
	} else if ver != 2 && c.err == nil {
		return nil, formatErr("filter pipeline version %d", ver)
	}
	if n > 32 {
		return nil, formatErr("filter pipeline with %d filters", n)
	}
	var out []filter
	for i := 0; i < n && c.err == nil; i++ {
		f := filter{id: c.u16()}
		nameLen := 0
		if ver == 1 || f.id >= 256 {
			nameLen = int(c.u16())
		}
		f.optional = c.u16()&1 != 0
		nvals := int(c.u16())
		if ver == 1 {
			c.skip((nameLen + 7) &^ 7)
		} else {
			c.skip(nameLen)
		}
		if nvals > c.remaining()/4 {
			return nil, formatErr("filter %d claims %d parameters", f.id, nvals)
		}
		f.params = make([]uint32, nvals)
		for j := range f.params {
			f.params[j] = c.u32()
		}
		if ver == 1 && nvals%2 == 1 {
			c.skip(4)
		}
		out = append(out, f)
	}
	return out, c.err
}
