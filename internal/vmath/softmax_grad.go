package vmath

// SoftmaxGrad sets dst[i] = y[i] * (g[i] - s), or adds it to dst[i] when
// acc is true: the input gradient of a softmax row y given the output
// gradient g and s = Dot(g, y). The subtraction, the product and the
// addition are rounded separately, on every path.
func SoftmaxGrad(dst, g, y []float32, s float32, acc bool) {
	checkLen(len(dst), len(g))
	checkLen(len(dst), len(y))
	n := 0
	if useAsm {
		n = len(dst) &^ 7
		if n > 0 {
			softmaxGradAsm(dst[:n], g[:n], y[:n], s, acc)
		}
	}
	softmaxGradGeneric(dst[n:], g[n:], y[n:], s, acc)
}

func softmaxGradGeneric(dst, g, y []float32, s float32, acc bool) {
	g, y = g[:len(dst)], y[:len(dst)]
	if acc {
		for i := range dst {
			dst[i] += float32(y[i] * (g[i] - s))
		}
		return
	}
	for i := range dst {
		dst[i] = y[i] * (g[i] - s)
	}
}
