package vmath

import "math"

// sigmoid32 uses e = e^{-|x|} (never overflows): 1/(1+e) for x >= 0 and
// e/(1+e) for x < 0, so tiny results keep full relative accuracy.
func sigmoid32(x float32) float32 {
	b := math.Float32bits(x)
	e := exp32(math.Float32frombits(b | 1<<31))
	num := float32(1)
	if b>>31 != 0 {
		num = e
	}
	return num / (1 + e)
}

func sigmoidGeneric(dst, x []float32) {
	x = x[:len(dst)]
	for i, v := range x {
		dst[i] = sigmoid32(v)
	}
}

// Sigmoid sets dst[i] = 1/(1+e^-x[i]), stable for large |x|. dst may alias x.
func Sigmoid(dst, x []float32) {
	checkLen(len(dst), len(x))
	if useAsm {
		sigmoidAsm(dst, x)
		return
	}
	sigmoidGeneric(dst, x)
}
