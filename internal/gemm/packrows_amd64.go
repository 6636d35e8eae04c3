//go:build amd64 && !purego

package gemm

//go:noescape
func scatter16(n int, src *float32, dst *float32, stride int)

// copy16s sets dst[q*stride:][:16] = src[16*q:][:16] for q < n.
func copy16s(n int, src, dst []float32, stride int) {
	if n == 0 {
		return
	}
	_ = src[16*n-1]
	_ = dst[(n-1)*stride+15]
	scatter16(n, &src[0], &dst[0], stride)
}
