package vmath

// Element-wise BLAS-1 style kernels. Axpy rounds the product before the add
// (no FMA) on every path, so results are bit-identical across paths.

func axpyGeneric(alpha float32, x, y []float32) {
	x = x[:len(y)]
	for i, v := range x {
		y[i] += float32(alpha * v)
	}
}

// Axpy sets y[i] += alpha*x[i].
func Axpy(alpha float32, x, y []float32) {
	checkLen(len(x), len(y))
	if useAsm {
		axpyAsm(alpha, x, y)
		return
	}
	axpyGeneric(alpha, x, y)
}

// Scale sets x[i] *= alpha.
func Scale(alpha float32, x []float32) {
	if useAsm {
		scaleAsm(alpha, x)
		return
	}
	scaleGeneric(alpha, x)
}

func scaleGeneric(alpha float32, x []float32) {
	for i := range x {
		x[i] *= alpha
	}
}

// Add sets dst[i] = a[i] + b[i]. dst may be a or b (the same slice), not a
// partial overlap.
func Add(dst, a, b []float32) {
	checkLen(len(dst), len(a))
	checkLen(len(dst), len(b))
	if useAsm {
		addAsm(dst, a, b)
		return
	}
	addGeneric(dst, a, b)
}

func addGeneric(dst, a, b []float32) {
	a, b = a[:len(dst)], b[:len(dst)]
	for i := range dst {
		dst[i] = a[i] + b[i]
	}
}

// Sub sets dst[i] = a[i] - b[i]. dst may be a or b (the same slice), not a
// partial overlap.
func Sub(dst, a, b []float32) {
	checkLen(len(dst), len(a))
	checkLen(len(dst), len(b))
	if useAsm {
		subAsm(dst, a, b)
		return
	}
	subGeneric(dst, a, b)
}

func subGeneric(dst, a, b []float32) {
	a, b = a[:len(dst)], b[:len(dst)]
	for i := range dst {
		dst[i] = a[i] - b[i]
	}
}

// Mul sets dst[i] = a[i] * b[i]. dst may be a or b (the same slice), not a
// partial overlap.
func Mul(dst, a, b []float32) {
	checkLen(len(dst), len(a))
	checkLen(len(dst), len(b))
	if useAsm {
		mulAsm(dst, a, b)
		return
	}
	mulGeneric(dst, a, b)
}

func mulGeneric(dst, a, b []float32) {
	a, b = a[:len(dst)], b[:len(dst)]
	for i := range dst {
		dst[i] = a[i] * b[i]
	}
}
