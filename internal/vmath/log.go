package vmath

import "math"

// Cephes logf: x = m*2^e, m in [sqrt(1/2), sqrt(2)), f = m-1,
// log(x) = f - f^2/2 + f^3*P(f) + e*ln2.
const (
	logP0 = 7.0376836292e-2
	logP1 = -1.1514610310e-1
	logP2 = 1.1676998740e-1
	logP3 = -1.2420140846e-1
	logP4 = 1.4249322787e-1
	logP5 = -1.6668057665e-1
	logP6 = 2.0000714765e-1
	logP7 = -2.4999993993e-1
	logP8 = 3.3333331174e-1
)

func log32(x float32) float32 {
	b := math.Float32bits(x)
	switch {
	case x != x || b == 0x7F800000: // NaN, +Inf
		return x
	case x < 0:
		return float32(math.NaN())
	case x == 0:
		return float32(math.Inf(-1))
	}
	e := int32(0)
	if b < 0x00800000 { // subnormal: scale by 2^23
		b = math.Float32bits(x * (1 << 23))
		e = -23
	}
	e += int32(b>>23) - 126
	m := math.Float32frombits(b&0x007FFFFF | 0x3F000000) // [0.5, 1)
	if m < 0.70710678118654752 {
		e--
		m = m + m - 1
	} else {
		m = m - 1
	}
	z := m * m
	p := float32(logP0)
	p = float32(p*m) + logP1
	p = float32(p*m) + logP2
	p = float32(p*m) + logP3
	p = float32(p*m) + logP4
	p = float32(p*m) + logP5
	p = float32(p*m) + logP6
	p = float32(p*m) + logP7
	p = float32(p*m) + logP8
	y := float32(p*m) * z
	fe := float32(e)
	y += fe * ln2Lo
	y -= 0.5 * z
	r := m + y
	r += fe * ln2Hi
	return r
}

// Log sets dst[i] = ln(x[i]); x<0 gives NaN, 0 gives -Inf. dst may alias x.
func Log(dst, x []float32) {
	checkLen(len(dst), len(x))
	for i, v := range x {
		dst[i] = log32(v)
	}
}
