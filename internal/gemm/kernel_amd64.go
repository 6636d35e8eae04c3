//go:build amd64

package gemm

import "golang.org/x/sys/cpu"

//go:generate go run ./asmgen -out kernel_amd64.s

//go:noescape
func kernAVX2(k int, a *float32, sa int, b *float32, sb int, c *float32, ldc int, alpha, beta float32)

//go:noescape
func kernAVX2Row(k int, a *float32, sa int, b *float32, sb int, c *float32, ldc int, alpha, beta float32)

//go:noescape
func kernAVX512Row(k int, a *float32, sa int, b *float32, sb int, c *float32, ldc int, alpha, beta float32)

//go:noescape
func kernAVX512(k int, a *float32, sa int, b *float32, sb int, c *float32, ldc int, alpha, beta float32)

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

//go:noescape
func kernAVX2x12(k int, a *float32, sa int, b *float32, sb int, c *float32, ldc int, alpha, beta float32)

//go:noescape
func kernAVX2x12Row(k int, a *float32, sa int, b *float32, sb int, c *float32, ldc int, alpha, beta float32)

func avx2x12Kernel(k int, a []float32, sa int, b []float32, sb int, c []float32, ldc int, alpha, beta float32) {
	kernAVX2x12(k, &a[0], sa, &b[0], sb, &c[0], ldc, alpha, beta)
}

func avx2x12KernelRow(k int, a []float32, sa int, b []float32, sb int, c []float32, ldc int, alpha, beta float32) {
	kernAVX2x12Row(k, &a[0], sa, &b[0], sb, &c[0], ldc, alpha, beta)
}

func avx2Kernel(k int, a []float32, sa int, b []float32, sb int, c []float32, ldc int, alpha, beta float32) {
	kernAVX2(k, &a[0], sa, &b[0], sb, &c[0], ldc, alpha, beta)
}

func avx2KernelRow(k int, a []float32, sa int, b []float32, sb int, c []float32, ldc int, alpha, beta float32) {
	kernAVX2Row(k, &a[0], sa, &b[0], sb, &c[0], ldc, alpha, beta)
}

func avx512KernelRow(k int, a []float32, sa int, b []float32, sb int, c []float32, ldc int, alpha, beta float32) {
	kernAVX512Row(k, &a[0], sa, &b[0], sb, &c[0], ldc, alpha, beta)
}

func avx512Kernel(k int, a []float32, sa int, b []float32, sb int, c []float32, ldc int, alpha, beta float32) {
	kernAVX512(k, &a[0], sa, &b[0], sb, &c[0], ldc, alpha, beta)
}

// Blocking for Zen 5 (48 KB L1D, 1 MB L2 per core). KC is chosen so that
// a KC x NR packed B micro-panel takes about half of L1; MC x KC of packed
// A stays well inside L2; KC x NC of packed B lives in L3.
var (
	avx512Config = config{name: "avx512", mr: 12, nr: 32, mc: 240, kc: 192, nc: 4096, kern: avx512Kernel, kernRow: avx512KernelRow, gather8: gather8}
	avx2Config   = config{name: "avx2", mr: 6, nr: 16, mc: 240, kc: 256, nc: 4096, kern: avx2Kernel, kernRow: avx2KernelRow, gather8: gather8}
)

// avx2x12Config runs the 12-row kernel shape of the AVX-512 kernel with
// AVX2 registers. It is never selected; tests use it to validate that
// generated code shape on machines without AVX-512.
var avx2x12Config = config{name: "avx2x12", mr: 12, nr: 8, mc: 240, kc: 256, nc: 4096, kern: avx2x12Kernel, kernRow: avx2x12KernelRow, gather8: gather8}

// testConfigs lists the kernels that can run on this machine.
func testConfigs() []*config {
	cs := []*config{&genericConfig}
	if cpu.X86.HasAVX2 && cpu.X86.HasFMA {
		cs = append(cs, &avx2Config, &avx2x12Config)
	}
	if best == &avx512Config {
		cs = append(cs, &avx512Config)
	}
	return cs
}

func bestConfig() *config {
	switch {
	case cpu.X86.HasAVX512F && cpu.X86.HasAVX2 && cpu.X86.HasFMA:
		return &avx512Config
	case cpu.X86.HasAVX2 && cpu.X86.HasFMA:
		return &avx2Config
	}
	return &genericConfig
}
