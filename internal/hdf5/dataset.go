package hdf5

import (
	"fmt"
	"math"
)

// maxExpansion bounds how much larger than the file a chunked dataset may
// decode to. Deflate cannot exceed about 1032:1, so legitimate files stay
// well inside it, while a header claiming 10^12 elements is rejected before
// anything is allocated.
const maxExpansion = 1100

// Dataset is an HDF5 dataset (h5py.Dataset).
type Dataset struct {
	f       *File
	path    string
	oh      *objectHeader
	dtype   DType
	space   dataspace
	layout  dataLayout
	filters []filter
	fill    []byte // fill value for unallocated chunks (nil = zeros)
}

func newDataset(f *File, path string, oh *objectHeader) (*Dataset, error) {
	d := &Dataset{f: f, path: path, oh: oh}
	m := oh.find(msgDatatype)
	if m == nil {
		return nil, formatErr("no datatype message")
	}
	if m.flags&2 != 0 {
		return nil, unsupported("committed (shared) datatype")
	}
	var err error
	if d.dtype, _, err = decodeDatatype(f.fr, m.data); err != nil {
		return nil, err
	}
	if m = oh.find(msgDataspace); m == nil {
		return nil, formatErr("no dataspace message")
	}
	if d.space, err = decodeDataspace(f.fr, m.data); err != nil {
		return nil, err
	}
	if _, ok := d.space.count(); !ok {
		return nil, formatErr("dataspace %v overflows", d.space.dims)
	}
	if d.layout, err = decodeLayout(f.fr, oh.find(msgLayout).data); err != nil {
		return nil, err
	}
	if d.layout.class == layoutChunked && len(d.layout.chunk) != len(d.space.dims) {
		return nil, formatErr("chunk rank %d differs from dataspace rank %d", len(d.layout.chunk), len(d.space.dims))
	}
	if m = oh.find(msgFilters); m != nil {
		if d.filters, err = decodeFilters(f.fr, m.data); err != nil {
			return nil, err
		}
	}
	if m = oh.find(msgFill); m != nil {
		d.fill = decodeFill(f.fr, m.data, d.dtype.Size)
	}
	return d, nil
}

// decodeFill returns the defined fill value, or nil for zeros/undefined.
func decodeFill(fr *fileReader, b []byte, size int) []byte {
	c := newCursor(b, fr, "fill value message")
	ver := c.u8()
	var defined bool
	switch ver {
	case 1, 2:
		c.skip(2)
		defined = c.u8() != 0 || ver == 1
	case 3:
		defined = c.u8()&0x20 != 0
	}
	if !defined {
		return nil
	}
	n := int(c.u32())
	v := c.bytes(n)
	if c.err != nil || n != size {
		return nil
	}
	return v
}

// Name returns the absolute path of the dataset.
func (d *Dataset) Name() string { return d.path }

// Shape returns the dataset's dimensions (empty for a scalar dataset).
func (d *Dataset) Shape() []int {
	s := shapeOf(d.space)
	if s == nil {
		s = []int{}
	}
	return s
}

// DType returns the element type.
func (d *Dataset) DType() DType { return d.dtype }

// Len returns the number of elements (1 for a scalar).
func (d *Dataset) Len() int {
	n, _ := d.space.count()
	return int(n)
}

// Attrs returns all attributes of the dataset sorted by name.
func (d *Dataset) Attrs() ([]Attribute, error) { return attrsOf(d.f, d.path, d.oh) }

// Attr returns the value of one attribute of the dataset.
func (d *Dataset) Attr(name string) (any, error) { return attrOf(d.f, d.path, d.oh, name) }

// ReadRaw returns the dataset's elements as stored: row-major, DType.Size
// bytes each, in the file's byte order (variable-length strings give their
// 16-byte heap descriptors).
func (d *Dataset) ReadRaw() ([]byte, error) {
	b, err := d.readRaw()
	if err != nil {
		return nil, fmt.Errorf("hdf5: reading dataset %s (shape %v, %s): %w", d.path, d.Shape(), d.dtype, err)
	}
	return b, nil
}

// ReadFloat32 returns the elements converted to float32 (floats of any
// width and integers are accepted).
func (d *Dataset) ReadFloat32() ([]float32, error) {
	b, err := d.ReadRaw()
	if err != nil {
		return nil, err
	}
	n := d.Len()
	switch d.dtype.Class {
	case ClassFloat:
		return floatsTo32(d.dtype, b, n), nil
	case ClassInt, ClassUint:
		out := make([]float32, n)
		for i := range out {
			if d.dtype.Class == ClassInt {
				out[i] = float32(intAt(d.dtype, b, i))
			} else {
				out[i] = float32(uintAt(d.dtype, b, i))
			}
		}
		return out, nil
	}
	return nil, fmt.Errorf("hdf5: dataset %s has type %s, not a number", d.path, d.dtype)
}

// ReadFloat64 returns the elements converted to float64.
func (d *Dataset) ReadFloat64() ([]float64, error) {
	if d.dtype.Class == ClassFloat && d.dtype.Size == 8 {
		b, err := d.ReadRaw()
		if err != nil {
			return nil, err
		}
		out := make([]float64, d.Len())
		for i := range out {
			out[i] = math.Float64frombits(d.dtype.Order.Uint64(b[8*i:]))
		}
		return out, nil
	}
	if d.dtype.Class == ClassInt || d.dtype.Class == ClassUint {
		v, err := d.ReadInt64()
		if err != nil {
			return nil, err
		}
		out := make([]float64, len(v))
		for i, x := range v {
			out[i] = float64(x)
		}
		return out, nil
	}
	f, err := d.ReadFloat32()
	if err != nil {
		return nil, err
	}
	out := make([]float64, len(f))
	for i, x := range f {
		out[i] = float64(x)
	}
	return out, nil
}

// ReadInt64 returns integer elements widened to int64. Floating-point data
// is an error, as are unsigned values above math.MaxInt64.
func (d *Dataset) ReadInt64() ([]int64, error) {
	if d.dtype.Class != ClassInt && d.dtype.Class != ClassUint {
		return nil, fmt.Errorf("hdf5: dataset %s has type %s, not an integer", d.path, d.dtype)
	}
	b, err := d.ReadRaw()
	if err != nil {
		return nil, err
	}
	out := make([]int64, d.Len())
	for i := range out {
		if d.dtype.Class == ClassInt {
			out[i] = intAt(d.dtype, b, i)
			continue
		}
		u := uintAt(d.dtype, b, i)
		if u > math.MaxInt64 {
			return nil, fmt.Errorf("hdf5: dataset %s: element %d = %d overflows int64", d.path, i, u)
		}
		out[i] = int64(u)
	}
	return out, nil
}

// Read returns all elements as the natural Go slice for the dtype, like
// h5py's ds[()] flattened: []float32 (float16/bfloat16/float32), []float64,
// []int64 (signed), []uint64 (unsigned) or []string.
func (d *Dataset) Read() (any, error) {
	b, err := d.ReadRaw()
	if err != nil {
		return nil, err
	}
	v, err := decodeElements(d.f.fr, d.f.gh, d.dtype, b, d.Len())
	if err != nil {
		return nil, fmt.Errorf("hdf5: dataset %s: %w", d.path, err)
	}
	return v, nil
}

// ReadStrings returns the elements of a string dataset.
func (d *Dataset) ReadStrings() ([]string, error) {
	if d.dtype.Class != ClassString {
		return nil, fmt.Errorf("hdf5: dataset %s has type %s, not a string", d.path, d.dtype)
	}
	b, err := d.ReadRaw()
	if err != nil {
		return nil, err
	}
	s, err := decodeStrings(d.f.fr, d.f.gh, d.dtype, b, d.Len())
	if err != nil {
		return nil, fmt.Errorf("hdf5: dataset %s: %w", d.path, err)
	}
	return s, nil
}

func (d *Dataset) readRaw() ([]byte, error) {
	fr := d.f.fr
	n, ok := d.space.count()
	if !ok {
		return nil, formatErr("dataspace %v overflows", d.space.dims)
	}
	nbytes, ok := mulCheck(n, uint64(d.dtype.Size), 1<<62)
	if !ok {
		return nil, formatErr("dataset size overflows")
	}
	l := d.layout
	switch l.class {
	case layoutCompact:
		if uint64(len(l.compact)) < nbytes {
			return nil, formatErr("compact data holds %d bytes, need %d", len(l.compact), nbytes)
		}
		return append([]byte(nil), l.compact[:nbytes]...), nil
	case layoutContiguous:
		if l.size != undefAddr && l.size < nbytes {
			return nil, formatErr("contiguous storage holds %d bytes, need %d", l.size, nbytes)
		}
		if nbytes > fr.size {
			return nil, formatErr("%d bytes of data in a %d-byte file", nbytes, fr.size)
		}
		if l.addr == undefAddr {
			return d.filled(nbytes), nil // never written: fill value
		}
		return fr.read(l.addr, nbytes)
	case layoutChunked:
		return d.readChunked(nbytes)
	}
	return nil, unsupported("layout class %d", l.class)
}

// filled returns nbytes of fill value.
func (d *Dataset) filled(nbytes uint64) []byte {
	out := make([]byte, nbytes)
	if d.fill != nil {
		for i := 0; i+len(d.fill) <= len(out); i += len(d.fill) {
			copy(out[i:], d.fill)
		}
	}
	return out
}

func (d *Dataset) readChunked(nbytes uint64) ([]byte, error) {
	fr := d.f.fr
	limit := fr.size*maxExpansion + 1<<20
	if nbytes > limit {
		return nil, formatErr("%d bytes of data exceed %dx the %d-byte file", nbytes, maxExpansion, fr.size)
	}
	esize := uint64(d.dtype.Size)
	chunkBytes := esize
	for _, c := range d.layout.chunk {
		var ok bool
		if chunkBytes, ok = mulCheck(chunkBytes, c, limit); !ok || chunkBytes > limit {
			return nil, formatErr("chunk %v too large", d.layout.chunk)
		}
	}
	refs, err := listChunks(fr, d.layout, d.space, chunkBytes, len(d.filters))
	if err != nil {
		return nil, err
	}
	out := d.filled(nbytes)
	var decoded uint64
	for _, r := range refs {
		if r.size == undefAddr {
			r.size = chunkBytes
		}
		if r.size > fr.size {
			return nil, formatErr("chunk of %d bytes in a %d-byte file", r.size, fr.size)
		}
		raw, err := fr.read(r.addr, r.size)
		if err != nil {
			return nil, err
		}
		if len(d.filters) > 0 {
			if raw, err = unfilter(d.filters, r.mask, int(esize), raw, chunkBytes); err != nil {
				return nil, err
			}
		} else if uint64(len(raw)) != chunkBytes {
			return nil, formatErr("unfiltered chunk of %d bytes, want %d", len(raw), chunkBytes)
		}
		// Total decoded bytes are bounded too (duplicate index entries).
		if decoded += chunkBytes; decoded > limit+chunkBytes {
			return nil, formatErr("chunk index decodes to more than %d bytes", limit)
		}
		if err := copyChunk(out, raw, d.space.dims, d.layout.chunk, r.offset, esize); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// copyChunk copies the part of a decoded chunk that lies inside the dataset
// into the row-major output buffer.
func copyChunk(out, chunk []byte, dims, cdims, off []uint64, esize uint64) error {
	rank := len(dims)
	if len(off) != rank {
		return formatErr("chunk offset of rank %d for rank %d data", len(off), rank)
	}
	ext := make([]uint64, rank) // extent of the chunk inside the dataset
	for i := range dims {
		if off[i] >= dims[i] {
			return nil // chunk beyond the current extent
		}
		if off[i]%cdims[i] != 0 {
			return formatErr("chunk offset %v not aligned to chunk %v", off, cdims)
		}
		ext[i] = min(cdims[i], dims[i]-off[i])
	}
	if rank == 0 {
		return nil
	}
	idx := make([]uint64, rank) // position inside the chunk, last dim excluded
	run := ext[rank-1] * esize
	for {
		var src, dst uint64
		for i := 0; i < rank; i++ {
			src = src*cdims[i] + idx[i]
			dst = dst*dims[i] + off[i] + idx[i]
		}
		src *= esize
		dst *= esize
		copy(out[dst:dst+run], chunk[src:src+run])
		i := rank - 2
		for ; i >= 0; i-- {
			idx[i]++
			if idx[i] < ext[i] {
				break
			}
			idx[i] = 0
		}
		if i < 0 {
			return nil
		}
	}
}
