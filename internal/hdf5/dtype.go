package hdf5

import (
	"encoding/binary"
	"fmt"
)

// Class is the kind of an HDF5 datatype.
type Class int

// Datatype classes (H5T_class_t) this package distinguishes.
const (
	ClassOther  Class = iota // any class not listed below (compound, enum, reference, ...)
	ClassInt                 // signed fixed-point integer
	ClassUint                // unsigned fixed-point integer
	ClassFloat               // IEEE floating point
	ClassString              // fixed-length or variable-length string
)

// DType describes the element type of a dataset or attribute, like a numpy
// dtype as h5py reports it.
type DType struct {
	Class    Class
	Size     int              // element size in bytes (16 for variable-length strings, the in-file descriptor)
	Order    binary.ByteOrder // byte order of numeric types
	VarLen   bool             // variable-length string (h5py's object dtype)
	UTF8     bool             // string character set is UTF-8 (else ASCII)
	StrPad   int              // string padding: 0 null-terminated, 1 null-padded, 2 space-padded
	mantBits int              // mantissa size for floats (10 = float16, 7 = bfloat16)
	rawClass int              // HDF5 class number, for error messages
}

// String returns the numpy-style name of the type: float32, int64, uint8,
// |S15 for fixed strings, object for variable-length strings.
func (t DType) String() string {
	switch t.Class {
	case ClassInt:
		return fmt.Sprintf("int%d", t.Size*8)
	case ClassUint:
		return fmt.Sprintf("uint%d", t.Size*8)
	case ClassFloat:
		if t.Size == 2 && t.mantBits == 7 {
			return "bfloat16"
		}
		return fmt.Sprintf("float%d", t.Size*8)
	case ClassString:
		if t.VarLen {
			return "object"
		}
		return fmt.Sprintf("|S%d", t.Size)
	}
	return fmt.Sprintf("hdf5-class-%d", t.rawClass)
}

// Predefined little-endian types, as written by the Writer.
var (
	Float32 = DType{Class: ClassFloat, Size: 4, Order: binary.LittleEndian, mantBits: 23, rawClass: 1}
	Float64 = DType{Class: ClassFloat, Size: 8, Order: binary.LittleEndian, mantBits: 52, rawClass: 1}
	Int32   = DType{Class: ClassInt, Size: 4, Order: binary.LittleEndian}
	Int64   = DType{Class: ClassInt, Size: 8, Order: binary.LittleEndian}
	Uint8   = DType{Class: ClassUint, Size: 1, Order: binary.LittleEndian}
)

// decodeDatatype parses a datatype message body. It returns the type and
// the number of bytes consumed.
func decodeDatatype(fr *fileReader, b []byte) (DType, int, error) {
	return decodeDatatypeDepth(fr, b, 0)
}

func decodeDatatypeDepth(fr *fileReader, b []byte, depth int) (DType, int, error) {
	if depth > 4 {
		return DType{}, 0, formatErr("datatype nested too deeply")
	}
	c := newCursor(b, fr, "datatype message")
	cv := c.u8()
	bits := c.bytes(3)
	size := c.u32()
	if c.err != nil {
		return DType{}, 0, c.err
	}
	class := int(cv & 0x0f)
	t := DType{rawClass: class, Size: int(size), Order: binary.LittleEndian}
	if size == 0 || size > 1<<20 {
		return DType{}, 0, formatErr("datatype size %d", size)
	}
	switch class {
	case 0: // fixed-point
		if bits[0]&1 != 0 {
			t.Order = binary.BigEndian
		}
		t.Class = ClassUint
		if bits[0]&0x08 != 0 {
			t.Class = ClassInt
		}
		c.skip(4) // bit offset, precision
		if size != 1 && size != 2 && size != 4 && size != 8 {
			return DType{}, 0, unsupported("integer of %d bytes", size)
		}
	case 1: // floating point
		if bits[0]&1 != 0 {
			t.Order = binary.BigEndian
		}
		if bits[0]&0x40 != 0 {
			return DType{}, 0, unsupported("VAX floating point byte order")
		}
		c.skip(4)                // bit offset, precision
		c.skip(2)                // exponent location, size
		c.skip(1)                // mantissa location
		t.mantBits = int(c.u8()) // mantissa size
		c.skip(4)                // exponent bias
		t.Class = ClassFloat
		switch {
		case size == 4 && t.mantBits == 23, size == 8 && t.mantBits == 52,
			size == 2 && (t.mantBits == 10 || t.mantBits == 7):
		default:
			return DType{}, 0, unsupported("floating point of %d bytes with %d mantissa bits", size, t.mantBits)
		}
	case 3: // string
		t.Class = ClassString
		t.StrPad = int(bits[0] & 0x0f)
		t.UTF8 = bits[0]>>4 == 1
	case 9: // variable length
		vtype := bits[0] & 0x0f
		base, n, err := decodeDatatypeDepth(fr, b[c.off:], depth+1)
		if err != nil {
			return DType{}, 0, err
		}
		c.skip(n)
		if vtype != 1 {
			// A vlen sequence of 1-byte chars is how some writers store strings.
			if base.Class == ClassString || ((base.Class == ClassInt || base.Class == ClassUint) && base.Size == 1) {
				vtype = 1
			} else {
				t.Class = ClassOther
				break
			}
		}
		t.Class = ClassString
		t.VarLen = true
		t.StrPad = int(bits[0] >> 4 & 0x0f)
		t.UTF8 = bits[1]&0x0f == 1
		if size != uint32(4+fr.offsetSize+4) {
			return DType{}, 0, formatErr("variable-length string descriptor of %d bytes", size)
		}
	default:
		t.Class = ClassOther
		// Properties of other classes are not parsed; the caller only needs
		// the size and must not rely on the consumed length.
		return t, len(b), c.err
	}
	return t, c.off, c.err
}

// dataspace is a decoded dataspace message.
type dataspace struct {
	dims    []uint64
	maxDims []uint64 // nil when absent
	null    bool     // H5S_NULL: no elements at all
}

// count returns the number of elements (1 for scalars).
func (s dataspace) count() (uint64, bool) {
	if s.null {
		return 0, true
	}
	n := uint64(1)
	for _, d := range s.dims {
		var ok bool
		if n, ok = mulCheck(n, d, 1<<62); !ok || d > 1<<62 {
			return 0, false
		}
	}
	return n, true
}

func decodeDataspace(fr *fileReader, b []byte) (dataspace, error) {
	c := newCursor(b, fr, "dataspace message")
	ver := c.u8()
	rank := int(c.u8())
	flags := c.u8()
	var s dataspace
	switch ver {
	case 1:
		c.skip(5)
	case 2:
		switch typ := c.u8(); typ {
		case 0: // scalar
		case 1: // simple
		case 2:
			s.null = true
		default:
			c.fail("dataspace type %d", typ)
		}
	default:
		if c.err == nil {
			return s, formatErr("dataspace version %d", ver)
		}
	}
	if rank > maxRank {
		return s, formatErr("dataspace rank %d exceeds %d", rank, maxRank)
	}
	s.dims = make([]uint64, rank)
	for i := range s.dims {
		s.dims[i] = c.length()
	}
	if flags&1 != 0 {
		s.maxDims = make([]uint64, rank)
		for i := range s.maxDims {
			s.maxDims[i] = c.length()
		}
	}
	return s, c.err
}
