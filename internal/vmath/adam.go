package vmath

import "math"

// adamGeneric rounds every operation to float32 in the same order as the
// assembly kernel, so both paths are bit-identical.
func adamGeneric(p, g, m, v []float32, alpha, c1, c2, eps float32) {
	n := len(p)
	g, m, v = g[:n], m[:n], v[:n]
	for i := range p {
		gi := g[i]
		mi := m[i] + float32((gi-m[i])*c1)
		vi := v[i] + float32((float32(gi*gi)-v[i])*c2)
		m[i], v[i] = mi, vi
		d := float32(math.Sqrt(float64(vi))) + eps
		p[i] -= float32(alpha*mi) / d
	}
}

// AdamUpdate applies one Adam/AdamW (Keras 3) step in place:
//
//	m += (g - m)*(1-beta1); v += (g*g - v)*(1-beta2)
//	p -= alpha * m / (sqrt(v) + eps)
//
// alpha already includes the bias correction. Both paths are bit-identical.
func AdamUpdate(p, g, m, v []float32, alpha, beta1, beta2, eps float32) {
	checkLen(len(p), len(g))
	checkLen(len(p), len(m))
	checkLen(len(p), len(v))
	c1, c2 := 1-beta1, 1-beta2
	if useAsm {
		adamAsm(p, g, m, v, alpha, c1, c2, eps)
		return
	}
	adamGeneric(p, g, m, v, alpha, c1, c2, eps)
}

// AdamUpdateCoef is AdamUpdate with the moment coefficients given directly
// (c1 = 1-beta1, c2 = 1-beta2), for callers that compute them in another
// precision, as Keras does in float64 before rounding once.
func AdamUpdateCoef(p, g, m, v []float32, alpha, c1, c2, eps float32) {
	checkLen(len(p), len(g))
	checkLen(len(p), len(m))
	checkLen(len(p), len(v))
	if useAsm {
		adamAsm(p, g, m, v, alpha, c1, c2, eps)
		return
	}
	adamGeneric(p, g, m, v, alpha, c1, c2, eps)
}
