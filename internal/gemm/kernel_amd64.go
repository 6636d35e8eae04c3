//go:build amd64

package gemm

import "golang.org/x/sys/cpu"

//go:generate go run ./asmgen -out kernel_amd64.s -goout kernel_amd64_gen.go

// transpose8AVX2 transposes n8 8x8 blocks; see transpose_amd64.s.
//
//go:noescape
func transpose8AVX2(n8 int, src *float32, ld int, dst *float32, ldd int)

// gather8 sets dst[p*ldd+x] = src[x*ld+p] for x < 8, p < 8*n8.
func gather8(n8 int, src []float32, ld int, dst []float32, ldd int) {
	_ = src[7*ld+8*n8-1]
	_ = dst[(8*n8-1)*ldd+7]
	transpose8AVX2(n8, &src[0], ld, &dst[0], ldd)
}

// copyRows4 copies kc rows of 4*n4 floats; see transpose_amd64.s.
//
//go:noescape
func copyRows4(kc int, src *float32, ld int, dst *float32, n4 int)

// copy4 sets dst[p*R+x] = src[p*ld+x] for p < kc, x < R; R%4 == 0.
func copy4(kc int, src []float32, ld int, dst []float32, R int) {
	_ = src[(kc-1)*ld+R-1]
	_ = dst[kc*R-1]
	copyRows4(kc, &src[0], ld, &dst[0], R/4)
}

// Blocking for Zen 5 (48 KB L1D, 1 MB L2 per core). KC is chosen so that
// a KC x NR packed B micro-panel takes about half of L1; MC x KC of packed
// A stays well inside L2; KC x NC of packed B lives in L3.
var (
	avx512Config = newConfig("avx512", 32, 240, 192, 4096, avx512Kernels, gather8, copy4)
	avx2Config   = newConfig("avx2", 16, 240, 256, 4096, avx2Kernels, gather8, copy4)
	// avx2x12Config runs the 12-row kernel shapes of the AVX-512 kernels
	// with AVX2 registers. It is never selected; tests use it to validate
	// that generated code on machines without AVX-512.
	avx2x12Config = newConfig("avx2x12", 8, 240, 256, 4096, avx2x12Kernels, gather8, copy4)
)

func bestConfig() *config {
	switch {
	case cpu.X86.HasAVX512F && cpu.X86.HasAVX2 && cpu.X86.HasFMA:
		return avx512Config
	case cpu.X86.HasAVX2 && cpu.X86.HasFMA:
		return avx2Config
	}
	return genericConfig
}

// testConfigs lists the kernels that can run on this machine.
func testConfigs() []*config {
	cs := []*config{genericConfig}
	if cpu.X86.HasAVX2 && cpu.X86.HasFMA {
		cs = append(cs, avx2Config, avx2x12Config)
	}
	if bestConfig() == avx512Config {
		cs = append(cs, avx512Config)
	}
	return cs
}
