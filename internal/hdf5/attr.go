package hdf5

import (
	"sort"
)

// Attribute is one HDF5 attribute of a group or dataset (h5py's
// obj.attrs[name]).
type Attribute struct {
	Name  string
	DType DType
	// Shape is the dataspace shape; nil for a scalar attribute.
	Shape []int
	// Value is the decoded value: for scalars a string, float32, float64,
	// int64 or uint64; for arrays a []string, []float32, []float64, []int64
	// or []uint64 in row-major order (float16 is widened to float32). A
	// null dataspace gives nil; types of ClassOther (compound, enum such as
	// h5py's bool, ...) give their raw bytes as []byte.
	Value any
}

type rawAttr struct {
	name  string
	dtype DType
	space dataspace
	data  []byte
}

func decodeAttributeMessage(fr *fileReader, b []byte) (rawAttr, error) {
	c := newCursor(b, fr, "attribute message")
	ver := c.u8()
	flags := c.u8()
	nameLen := int(c.u16())
	dtLen := int(c.u16())
	dsLen := int(c.u16())
	if ver == 3 {
		c.u8() // name character set
	}
	if c.err != nil {
		return rawAttr{}, c.err
	}
	if ver < 1 || ver > 3 {
		return rawAttr{}, formatErr("attribute message version %d", ver)
	}
	if ver >= 2 && flags&3 != 0 {
		return rawAttr{}, unsupported("shared datatype or dataspace in an attribute")
	}
	pad := func(n int) int {
		if ver == 1 {
			return (n + 7) &^ 7
		}
		return n
	}
	nameB := c.bytes(nameLen)
	c.skip(pad(nameLen) - nameLen)
	dtB := c.bytes(dtLen)
	c.skip(pad(dtLen) - dtLen)
	dsB := c.bytes(dsLen)
	c.skip(pad(dsLen) - dsLen)
	if c.err != nil {
		return rawAttr{}, c.err
	}
	for len(nameB) > 0 && nameB[len(nameB)-1] == 0 {
		nameB = nameB[:len(nameB)-1]
	}
	a := rawAttr{name: string(nameB)}
	var err error
	if a.dtype, _, err = decodeDatatype(fr, dtB); err != nil {
		return rawAttr{}, err
	}
	if a.space, err = decodeDataspace(fr, dsB); err != nil {
		return rawAttr{}, err
	}
	a.data = b[c.off:]
	return a, nil
}

// readAttrs collects the raw attributes of an object (compact and dense
// storage), sorted by name as h5py iterates them.
func readAttrs(fr *fileReader, oh *objectHeader) ([]rawAttr, error) {
	var out []rawAttr
	for _, m := range oh.all(msgAttribute) {
		a, err := decodeAttributeMessage(fr, m.data)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	if m := oh.find(msgAttrInfo); m != nil {
		c := newCursor(m.data, fr, "attribute info message")
		c.u8()
		flags := c.u8()
		if flags&1 != 0 {
			c.u16()
		}
		heapAddr, nameIdx := c.addr(), c.addr()
		if c.err != nil {
			return nil, c.err
		}
		if heapAddr != undefAddr && nameIdx != undefAddr {
			heap, err := readFractalHeap(fr, heapAddr)
			if err != nil {
				return nil, err
			}
			err = walkBTree2(fr, nameIdx, 8, func(rec []byte) error {
				if len(rec) < 9 {
					return formatErr("attribute name record of %d bytes", len(rec))
				}
				if rec[len(rec)-9]&3 != 0 { // message flags: shared
					return unsupported("shared attribute message")
				}
				obj, err := heap.object(fr, rec[:len(rec)-9])
				if err != nil {
					return err
				}
				a, err := decodeAttributeMessage(fr, obj)
				if err != nil {
					return err
				}
				out = append(out, a)
				return nil
			})
			if err != nil {
				return nil, err
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out, nil
}

// shapeOf converts dataspace dims to ints (nil for scalar).
func shapeOf(s dataspace) []int {
	if len(s.dims) == 0 {
		return nil
	}
	out := make([]int, len(s.dims))
	for i, d := range s.dims {
		out[i] = int(d)
	}
	return out
}

func (a rawAttr) decode(fr *fileReader, gh *globalHeaps) (Attribute, error) {
	out := Attribute{Name: a.name, DType: a.dtype, Shape: shapeOf(a.space)}
	n, ok := a.space.count()
	if !ok {
		return out, formatErr("attribute %q: dataspace %v overflows", a.name, a.space.dims)
	}
	if a.space.null {
		return out, nil
	}
	need, ok := mulCheck(n, uint64(a.dtype.Size), 1<<62)
	if !ok || need > uint64(len(a.data)) {
		return out, formatErr("attribute %q: %d elements of %d bytes do not fit its %d data bytes",
			a.name, n, a.dtype.Size, len(a.data))
	}
	if a.dtype.Class == ClassOther {
		out.Value = append([]byte(nil), a.data[:need]...)
		return out, nil
	}
	v, err := decodeElements(fr, gh, a.dtype, a.data[:need], int(n))
	if err != nil {
		return out, err
	}
	if len(a.space.dims) == 0 {
		v = scalarOf(v)
	}
	out.Value = v
	return out, nil
}

// scalarOf returns element 0 of a one-element slice.
func scalarOf(v any) any {
	switch s := v.(type) {
	case []string:
		return s[0]
	case []float32:
		return s[0]
	case []float64:
		return s[0]
	case []int64:
		return s[0]
	case []uint64:
		return s[0]
	}
	return v
}
