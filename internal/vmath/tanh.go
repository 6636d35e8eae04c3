package vmath

import "math"

// Cephes tanhf: odd polynomial for |x| < 0.625, else 1 - 2/(e^{2|x|}+1).
const (
	tanhSmall = 0.625
	tanhP0    = -5.70498872745e-3
	tanhP1    = 2.06390887954e-2
	tanhP2    = -5.37397155531e-2
	tanhP3    = 1.33314422036e-1
	tanhP4    = -3.33332819422e-1
)

func tanh32(x float32) float32 {
	b := math.Float32bits(x)
	a := math.Float32frombits(b &^ (1 << 31))
	if a < tanhSmall {
		z := x * x
		p := float32(tanhP0)
		p = float32(p*z) + tanhP1
		p = float32(p*z) + tanhP2
		p = float32(p*z) + tanhP3
		p = float32(p*z) + tanhP4
		y := float32(float32(p*z)*x) + x
		return math.Float32frombits(math.Float32bits(y) | b&(1<<31)) // tanh(-0) = -0
	}
	e := exp32(a + a)
	t := 1 - 2/(e+1)
	return math.Float32frombits(math.Float32bits(t) | b&(1<<31))
}

func tanhGeneric(dst, x []float32) {
	x = x[:len(dst)]
	for i, v := range x {
		dst[i] = tanh32(v)
	}
}

// Tanh sets dst[i] = tanh(x[i]). dst may alias x.
func Tanh(dst, x []float32) {
	checkLen(len(dst), len(x))
	if useAsm {
		tanhAsm(dst, x)
		return
	}
	tanhGeneric(dst, x)
}
