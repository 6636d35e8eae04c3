//go:build amd64

package gemm

import "golang.org/x/sys/cpu"

//go:generate go run ./asmgen/sparse -out sparse_amd64.s

//go:noescape
func sparseRowsAVX2(rows int, cnt, start *int32, off *int32, val *float32, b *float32, n int, c *float32, ldc int, alpha, beta float32)

//go:noescape
func sparseListRowsAVX2(rows int, x *float32, ldx int, n int, ld int, off *int32, val *float32, stride int, cnt *int32)

//go:noescape
func sparseCountAVX2(x *float32, n8 int) int

// sparseAVX2 is the AVX2+FMA implementation; its accumulation rounds like
// the FMA kernels (avx2, avx512).
var sparseAVX2 = sparseImpl{rows: sparseRowsAVX2Go, listRows: sparseListRowsAVX2Go, count: sparseCountAVX2Go}

func sparseImplFor(cfg *config) *sparseImpl {
	if cfg == genericConfig || !cpu.X86.HasAVX2 || !cpu.X86.HasFMA || !cpu.X86.HasPOPCNT {
		return &sparseGo
	}
	return &sparseAVX2
}

// The wrappers check that every access of the assembly is in bounds,
// assuming (as the callers guarantee) that the offsets in the lists are
// below len(b)-n+1.

func sparseRowsAVX2Go(nr int, cnt, start, off []int32, val []float32, b []float32, n int, c []float32, ldc int, alpha, beta float32) {
	if nr <= 0 || n <= 0 {
		return
	}
	for r, s := range start[:nr] {
		if e := int(s) + int(cnt[r]); s < 0 || cnt[r] < 0 || e > len(off) || e > len(val) {
			panic("gemm: sparse list out of range")
		}
	}
	_ = c[(nr-1)*ldc+n-1]
	sparseRowsAVX2(nr, &cnt[0], &start[0], &off[0], &val[0], &b[0], n, &c[0], ldc, alpha, beta)
}

func sparseListRowsAVX2Go(nr int, x []float32, ldx, n, ld int, off []int32, val []float32, stride int, cnt []int32) {
	if nr <= 0 || n <= 0 {
		return
	}
	if stride < n+8 && nr > 1 || len(off) < (nr-1)*stride+n+8 || len(val) < (nr-1)*stride+n+8 {
		panic("gemm: sparse list too short")
	}
	_ = x[(nr-1)*ldx+n-1]
	_ = cnt[nr-1]
	sparseListRowsAVX2(nr, &x[0], ldx, n, ld, &off[0], &val[0], stride, &cnt[0])
}

func sparseCountAVX2Go(x []float32) int {
	n8 := len(x) / 8
	nnz := 0
	if n8 > 0 {
		nnz = sparseCountAVX2(&x[0], n8)
	}
	return nnz + sparseCountGo(x[8*n8:])
}
