//go:build amd64

package gemm

//go:noescape
func gemvBlock32AVX2(k int, a *float32, b *float32, ldb int, c *float32)

//go:noescape
func gemvBlock8AVX2(k int, a *float32, b *float32, ldb int, c *float32)

// gemvAVX2 adds a·B into c for B k×n row-major: 32 then 8 columns at a time
// in registers, over all k rows; the last n%8 columns in Go.
func gemvAVX2(n, k int, a, b []float32, ldb int, c []float32) bool {
	if active().name == "generic" || k == 0 {
		return false
	}
	_ = a[k-1]
	_ = b[(k-1)*ldb+n-1]
	j := 0
	for ; j+32 <= n; j += 32 {
		gemvBlock32AVX2(k, &a[0], &b[j], ldb, &c[j])
	}
	for ; j+8 <= n; j += 8 {
		gemvBlock8AVX2(k, &a[0], &b[j], ldb, &c[j])
	}
	for ; j < n; j++ {
		s := c[j]
		for p := 0; p < k; p++ {
			s += a[p] * b[p*ldb+j]
		}
		c[j] = s
	}
	return true
}
