package vmath

// useAsm selects the assembly kernels; it starts true when the CPU supports
// them (see haveAsm in the per-architecture files).
var useAsm = haveAsm

// ForceGeneric forces (on=true) or releases (on=false) the pure-Go kernels and
// returns the previous forced state. It is meant for tests and benchmarks and
// is not safe to call concurrently with the kernels.
func ForceGeneric(on bool) bool {
	prev := !useAsm
	useAsm = haveAsm && !on
	return prev
}

// Impl reports the kernel family in use: "avx2" or "generic".
// ("avx512" is reserved; no AVX-512 kernels are shipped yet.)
func Impl() string {
	if useAsm {
		return asmName
	}
	return "generic"
}

func checkLen(a, b int) {
	if a != b {
		panic("vmath: slice length mismatch")
	}
}

func checkMat(n, rows, cols int) {
	if rows < 0 || cols < 0 || n < rows*cols {
		panic("vmath: matrix shape does not fit slice")
	}
}
