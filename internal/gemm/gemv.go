package gemm

import "github.com/gokeras/keras/internal/vmath"

// gemv is Sgemm for a single row of A (batch-1 inference): c = alpha*a·B +
// beta*c with B k×n row-major. It streams B once, keeping a block of c in
// registers while it adds a[p]*B[p,block] for every p (AVX2), or row by row
// with vmath.Axpy; either way faster than packing for one row. The sum over
// p runs in ascending order whatever the thread count.
func gemv(n, k int, alpha float32, a, b []float32, ldb int, beta float32, c []float32) {
	c = c[:n]
	switch beta {
	case 0:
		clear(c)
	case 1:
	default:
		for j := range c {
			c[j] *= beta
		}
	}
	if alpha == 1 && gemvAVX2(n, k, a, b, ldb, c) {
		return
	}
	for p := 0; p < k; p++ {
		s := alpha * a[p]
		if s == 0 {
			continue
		}
		vmath.Axpy(s, b[p*ldb:p*ldb+n], c)
	}
}
