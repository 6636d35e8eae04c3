package hdf5

import (
	"fmt"
	"math"
)

// wattr is an attribute waiting to be written.
type wattr struct {
	name  string
	dtype []byte // datatype message
	dims  []int  // nil: scalar
	data  []byte // fixed-size element data (nil for vlen strings)
	vlen  []string
}

type attrList []wattr

// maxMessage is the largest header message HDF5 can store (2-byte size).
const maxMessage = 65535 - 8

// set records attribute name of the object at path. Accepted values:
// string (variable-length UTF-8 scalar, h5py's str), []string
// (variable-length UTF-8 array), FixedString / FixedStrings (fixed-length
// null-padded ASCII, numpy |S<n>), int64 / int, []int64 / []int, float64,
// []float64, float32, []float32. Setting an existing name replaces it.
func (l *attrList) set(path, name string, value any) error {
	a := wattr{name: name}
	vec := func(n int) []int { return []int{n} }
	switch v := value.(type) {
	case string:
		a.dtype, a.vlen = vlenStringType(), []string{v}
	case []string:
		a.dtype, a.vlen, a.dims = vlenStringType(), append([]string{}, v...), vec(len(v))
	case FixedString:
		a.dtype, a.data = fixedStrings([]string{string(v)})
	case FixedStrings:
		a.dtype, a.data = fixedStrings(v)
		a.dims = vec(len(v))
	case int:
		a.dtype, a.data = numType(Int64), u64s([]uint64{uint64(v)})
	case int64:
		a.dtype, a.data = numType(Int64), u64s([]uint64{uint64(v)})
	case []int:
		u := make([]uint64, len(v))
		for i, x := range v {
			u[i] = uint64(x)
		}
		a.dtype, a.data, a.dims = numType(Int64), u64s(u), vec(len(v))
	case []int64:
		u := make([]uint64, len(v))
		for i, x := range v {
			u[i] = uint64(x)
		}
		a.dtype, a.data, a.dims = numType(Int64), u64s(u), vec(len(v))
	case float64:
		a.dtype, a.data = numType(Float64), u64s([]uint64{math.Float64bits(v)})
	case []float64:
		u := make([]uint64, len(v))
		for i, x := range v {
			u[i] = math.Float64bits(x)
		}
		a.dtype, a.data, a.dims = numType(Float64), u64s(u), vec(len(v))
	case float32:
		_, b, _, _ := encodeNumbers([]float32{v})
		a.dtype, a.data = numType(Float32), b
	case []float32:
		_, b, _, _ := encodeNumbers(v)
		a.dtype, a.data, a.dims = numType(Float32), b, vec(len(v))
	default:
		return fmt.Errorf("hdf5: attribute %q of %s: unsupported value type %T", name, path, value)
	}
	if name == "" || len(name) > 65534 {
		return fmt.Errorf("hdf5: attribute of %s: invalid name %q", path, name)
	}
	size := 8 + pad8(len(name)+1) + pad8(len(a.dtype)) + pad8(len(dataspaceMsg(a.dims))) + len(a.data) + 16*len(a.vlen)
	if size > maxMessage {
		return fmt.Errorf("hdf5: attribute %q of %s needs %d bytes, more than the %d an HDF5 object header message holds (Keras splits such attributes into %s0, %s1, ...)",
			name, path, size, maxMessage, name, name)
	}
	for i := range *l {
		if (*l)[i].name == name {
			(*l)[i] = a
			return nil
		}
	}
	*l = append(*l, a)
	return nil
}

func pad8(n int) int { return (n + 7) &^ 7 }

func u64s(v []uint64) []byte {
	b := make([]byte, 8*len(v))
	for i, x := range v {
		le.PutUint64(b[8*i:], x)
	}
	return b
}

// numType encodes a little-endian numeric datatype message as h5py does.
func numType(t DType) []byte {
	b := make([]byte, 8, 20)
	le.PutUint32(b[4:], uint32(t.Size))
	bits := uint16(8 * t.Size)
	switch t.Class {
	case ClassFloat:
		b[0] = 0x11
		b[1], b[2] = 0x20, byte(bits-1) // sign bit position in byte 2
		var p [12]byte
		le.PutUint16(p[2:], bits)
		if t.Size == 4 {
			p[4], p[5], p[6], p[7] = 23, 8, 0, 23
			le.PutUint32(p[8:], 127)
		} else {
			p[4], p[5], p[6], p[7] = 52, 11, 0, 52
			le.PutUint32(p[8:], 1023)
		}
		return append(b, p[:]...)
	default:
		b[0] = 0x10
		if t.Class == ClassInt {
			b[1] = 0x08
		}
		var p [4]byte
		le.PutUint16(p[2:], bits)
		return append(b, p[:]...)
	}
}

// vlenStringType is h5py's variable-length UTF-8 string type.
func vlenStringType() []byte {
	b := []byte{0x19, 0x01, 0x01, 0x00, 16, 0, 0, 0}
	return append(b, numType(Uint8)...)
}

// fixedStrings encodes strings as null-padded |S<n> with n the longest
// length (at least 1), as numpy does.
func fixedStrings(v []string) ([]byte, []byte) {
	n := 1
	for _, s := range v {
		n = max(n, len(s))
	}
	dt := []byte{0x13, 0x01, 0x00, 0x00, 0, 0, 0, 0}
	le.PutUint32(dt[4:], uint32(n))
	data := make([]byte, n*len(v))
	for i, s := range v {
		copy(data[i*n:], s)
	}
	return dt, data
}

// dataspaceMsg encodes a version 1 dataspace; h5py records maximum
// dimensions equal to the dimensions for datasets and attributes alike.
func dataspaceMsg(dims []int) []byte {
	b := make([]byte, 8, 8+16*len(dims))
	b[0] = 1
	b[1] = byte(len(dims))
	if len(dims) > 0 {
		b[2] = 1
	}
	for _, d := range dims {
		b = le.AppendUint64(b, uint64(d))
	}
	for _, d := range dims {
		b = le.AppendUint64(b, uint64(d))
	}
	return b
}
