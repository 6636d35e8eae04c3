package hdf5

import (
	"bytes"
	"math"
	"unicode/utf8"
)

// decodeElements converts n raw elements of type t into a Go slice:
// []string, []float32 (float32, float16, bfloat16), []float64, []int64 or
// []uint64. len(b) must be n*t.Size.
func decodeElements(fr *fileReader, gh *globalHeaps, t DType, b []byte, n int) (any, error) {
	switch t.Class {
	case ClassString:
		return decodeStrings(fr, gh, t, b, n)
	case ClassFloat:
		if t.Size == 8 {
			out := make([]float64, n)
			for i := range out {
				out[i] = math.Float64frombits(t.Order.Uint64(b[8*i:]))
			}
			return out, nil
		}
		return floatsTo32(t, b, n), nil
	case ClassInt:
		out := make([]int64, n)
		for i := range out {
			out[i] = intAt(t, b, i)
		}
		return out, nil
	case ClassUint:
		out := make([]uint64, n)
		for i := range out {
			out[i] = uintAt(t, b, i)
		}
		return out, nil
	}
	return nil, unsupported("datatype %s", t)
}

func uintAt(t DType, b []byte, i int) uint64 {
	switch t.Size {
	case 1:
		return uint64(b[i])
	case 2:
		return uint64(t.Order.Uint16(b[2*i:]))
	case 4:
		return uint64(t.Order.Uint32(b[4*i:]))
	}
	return t.Order.Uint64(b[8*i:])
}

func intAt(t DType, b []byte, i int) int64 {
	u := uintAt(t, b, i)
	shift := 64 - 8*uint(t.Size)
	return int64(u<<shift) >> shift
}

// floatsTo32 converts float16/bfloat16/float32 elements to float32.
func floatsTo32(t DType, b []byte, n int) []float32 {
	out := make([]float32, n)
	switch {
	case t.Size == 4:
		for i := range out {
			out[i] = math.Float32frombits(t.Order.Uint32(b[4*i:]))
		}
	case t.Size == 2 && t.mantBits == 7:
		for i := range out {
			out[i] = math.Float32frombits(uint32(t.Order.Uint16(b[2*i:])) << 16)
		}
	case t.Size == 2:
		for i := range out {
			out[i] = half(t.Order.Uint16(b[2*i:]))
		}
	case t.Size == 8:
		for i := range out {
			out[i] = float32(math.Float64frombits(t.Order.Uint64(b[8*i:])))
		}
	}
	return out
}

// half converts an IEEE 754 binary16 value to float32.
func half(h uint16) float32 {
	sign := uint32(h>>15) << 31
	exp := uint32(h>>10) & 0x1f
	mant := uint32(h) & 0x3ff
	switch {
	case exp == 0 && mant == 0:
		return math.Float32frombits(sign)
	case exp == 0: // subnormal
		f := float32(mant) / 1024 / 16384
		if sign != 0 {
			f = -f
		}
		return f
	case exp == 0x1f:
		return math.Float32frombits(sign | 0x7f800000 | mant<<13)
	}
	return math.Float32frombits(sign | (exp+112)<<23 | mant<<13)
}

func decodeStrings(fr *fileReader, gh *globalHeaps, t DType, b []byte, n int) ([]string, error) {
	out := make([]string, n)
	if !t.VarLen {
		for i := range out {
			s := b[i*t.Size : (i+1)*t.Size]
			switch t.StrPad {
			case 0: // null-terminated
				if j := bytes.IndexByte(s, 0); j >= 0 {
					s = s[:j]
				}
			case 1:
				s = bytes.TrimRight(s, "\x00")
			case 2:
				s = bytes.TrimRight(s, " ")
			}
			out[i] = toValidString(s)
		}
		return out, nil
	}
	for i := range out {
		c := newCursor(b[i*t.Size:(i+1)*t.Size], fr, "variable-length string")
		length := uint64(c.u32())
		addr := c.addr()
		idx := c.u32()
		if c.err != nil {
			return nil, c.err
		}
		if length == 0 {
			continue
		}
		obj, err := gh.object(addr, idx)
		if err != nil {
			return nil, err
		}
		if length > uint64(len(obj)) {
			return nil, formatErr("variable-length string of %d bytes in a %d-byte heap object", length, len(obj))
		}
		out[i] = toValidString(bytes.TrimRight(obj[:length], "\x00"))
	}
	return out, nil
}

// toValidString keeps valid UTF-8 as is (Keras strings are UTF-8 or ASCII)
// and otherwise maps bytes one-to-one to runes (Latin-1), never failing.
func toValidString(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	r := make([]rune, len(b))
	for i, c := range b {
		r[i] = rune(c)
	}
	return string(r)
}
