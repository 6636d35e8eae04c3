package vmath

import "math"

// relu32 is branchless: a set sign bit (negative numbers, -0, negative NaNs)
// clears the whole word, giving +0. Positive NaNs pass through.
func relu32(v float32) float32 {
	u := math.Float32bits(v)
	return math.Float32frombits(u &^ uint32(int32(u)>>31))
}

// Relu sets dst[i] = max(0, x[i]) (see relu32 for -0 and NaN). dst may alias x.
// Both paths are bit-identical.
func Relu(dst, x []float32) {
	checkLen(len(dst), len(x))
	if useAsm {
		reluAsm(dst, x)
		return
	}
	reluGeneric(dst, x)
}

func reluGeneric(dst, x []float32) {
	x = x[:len(dst)]
	for i, v := range x {
		dst[i] = relu32(v)
	}
}

// ReluGrad sets dst[i] = gout[i] if y[i] > 0, else 0 (branchless; +0 for the
// masked lanes; a NaN y with the sign bit clear counts as > 0). dst may alias
// gout or y. Both paths are bit-identical.
func ReluGrad(dst, gout, y []float32) {
	checkLen(len(dst), len(gout))
	checkLen(len(dst), len(y))
	if useAsm {
		reluGradAsm(dst, gout, y)
		return
	}
	reluGradGeneric(dst, gout, y)
}

func reluGradGeneric(dst, gout, y []float32) {
	gout = gout[:len(dst)]
	y = y[:len(dst)]
	for i := range dst {
		m := int32(math.Float32bits(y[i]))
		mask := uint32((-m)>>31) &^ uint32(m>>31) // all ones iff m > 0
		dst[i] = math.Float32frombits(math.Float32bits(gout[i]) & mask)
	}
}
