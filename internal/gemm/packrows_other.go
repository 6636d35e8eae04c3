//go:build !amd64 || purego

package gemm

// copy16s sets dst[q*stride:][:16] = src[16*q:][:16] for q < n.
func copy16s(n int, src, dst []float32, stride int) {
	for q := 0; q < n; q++ {
		copy(dst[q*stride:q*stride+16], src[16*q:16*q+16])
	}
}
