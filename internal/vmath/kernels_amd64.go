//go:build amd64 && !purego

package vmath

// Assembly kernels (AVX2 + FMA). They process whole blocks of 8 elements;
// the wrappers below handle the remainder.

//go:noescape
func expAVX2(dst, x []float32)

//go:noescape
func sigmoidAVX2(dst, x []float32)

//go:noescape
func tanhAVX2(dst, x []float32)

//go:noescape
func expSumAVX2(dst, x []float32, sub float32) float32

//go:noescape
func maxAVX2(x []float32) float32

//go:noescape
func addBiasReluAVX2(row, bias []float32)

//go:noescape
func reluAVX2(dst, x []float32)

//go:noescape
func reluGradAVX2(dst, gout, y []float32)

//go:noescape
func axpyAVX2(alpha float32, x, y []float32)

//go:noescape
func scaleAVX2(alpha float32, x []float32)

// dotLanesAVX2 adds x[8q+j]*y[8q+j] (each product rounded) to l[j], in
// order of q; len(x) is a multiple of 8.
//
//go:noescape
func dotLanesAVX2(l *[8]float32, x, y []float32)

//go:noescape
func adamAVX2(p, g, m, v []float32, alpha, c1, c2, eps float32)

// padded runs an 8-wide kernel on len(dst) elements: whole blocks in place,
// the remainder through a zero-padded stack block, so every element goes
// through the same vector code (results do not depend on position).
func padded(k func(dst, x []float32), dst, x []float32) {
	n := len(dst) &^ 7
	if n > 0 {
		k(dst[:n], x[:n])
	}
	if n < len(dst) {
		var b [8]float32
		copy(b[:], x[n:])
		k(b[:], b[:])
		copy(dst[n:], b[:])
	}
}

func expAsm(dst, x []float32)     { padded(expAVX2, dst, x) }
func sigmoidAsm(dst, x []float32) { padded(sigmoidAVX2, dst, x) }
func tanhAsm(dst, x []float32)    { padded(tanhAVX2, dst, x) }

// expSumAsm: dst[i] = e^(x[i]-sub) (skipped when dst is nil), returns the sum.
// The tail block is padded with -Inf, whose exp is 0.
func expSumAsm(dst, x []float32, sub float32) float32 {
	n := len(x) &^ 7
	var s float32
	if n > 0 {
		d := dst
		if d != nil {
			d = d[:n]
		}
		s = expSumAVX2(d, x[:n], sub)
	}
	if n < len(x) {
		b := [8]float32{negInf, negInf, negInf, negInf, negInf, negInf, negInf, negInf}
		copy(b[:], x[n:])
		var o [8]float32
		s += expSumAVX2(o[:], b[:], sub)
		if dst != nil {
			copy(dst[n:], o[:])
		}
	}
	return s
}

func maxAsm(x []float32) float32 {
	n := len(x) &^ 7
	if n == 0 {
		return maxGeneric(x)
	}
	m := maxAVX2(x[:n])
	if n < len(x) {
		m = max(m, maxGeneric(x[n:]))
	}
	return m
}

func addBiasReluAsm(row, bias []float32) {
	n := len(row) &^ 7
	if n > 0 {
		addBiasReluAVX2(row[:n], bias[:n])
	}
	addBiasReluRow(row[n:], bias[n:])
}

func dotLanesAsm(l *[8]float32, x, y []float32) { dotLanesAVX2(l, x, y) }

func scaleAsm(alpha float32, x []float32) {
	n := len(x) &^ 7
	if n > 0 {
		scaleAVX2(alpha, x[:n])
	}
	scaleGeneric(alpha, x[n:])
}

func axpyAsm(alpha float32, x, y []float32) {
	n := len(y) &^ 7
	if n > 0 {
		axpyAVX2(alpha, x[:n], y[:n])
	}
	axpyGeneric(alpha, x[n:], y[n:])
}

func adamAsm(p, g, m, v []float32, alpha, c1, c2, eps float32) {
	n := len(p) &^ 7
	if n > 0 {
		adamAVX2(p[:n], g[:n], m[:n], v[:n], alpha, c1, c2, eps)
	}
	adamGeneric(p[n:], g[n:], m[n:], v[n:], alpha, c1, c2, eps)
}

func reluAsm(dst, x []float32) {
	n := len(dst) &^ 7
	if n > 0 {
		reluAVX2(dst[:n], x[:n])
	}
	reluGeneric(dst[n:], x[n:])
}

func reluGradAsm(dst, gout, y []float32) {
	n := len(dst) &^ 7
	if n > 0 {
		reluGradAVX2(dst[:n], gout[:n], y[:n])
	}
	reluGradGeneric(dst[n:], gout[n:], y[n:])
}
