//go:build amd64 && !purego

package vmath

//go:noescape
func addAVX2(dst, a, b []float32)

//go:noescape
func subAVX2(dst, a, b []float32)

//go:noescape
func mulAVX2(dst, a, b []float32)

// binaryAsm runs an 8-wide kernel on the whole blocks of dst and the
// generic loop on the rest; element-wise IEEE results are the same either way.
func binaryAsm(k func(dst, a, b []float32), g func(dst, a, b []float32), dst, a, b []float32) {
	n := len(dst) &^ 7
	if n > 0 {
		k(dst[:n], a[:n], b[:n])
	}
	if n < len(dst) {
		g(dst[n:], a[n:], b[n:])
	}
}

func addAsm(dst, a, b []float32) { binaryAsm(addAVX2, addGeneric, dst, a, b) }
func subAsm(dst, a, b []float32) { binaryAsm(subAVX2, subGeneric, dst, a, b) }
func mulAsm(dst, a, b []float32) { binaryAsm(mulAVX2, mulGeneric, dst, a, b) }
