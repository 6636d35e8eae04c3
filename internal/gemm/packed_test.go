package gemm

import (
	"math"
	"testing"
)

// TestSgemmPacked: a product with B packed in advance gives exactly Sgemm's
// bits, for every shape, kernel, blocking mode and thread count.
func TestSgemmPacked(t *testing.T) {
	defer SetThreads(0)
	withModes(func(mode string) {
		withConfigs(func() {
			for _, threads := range []int{1, 2} {
				SetThreads(threads)
				for _, s := range testShapes() {
					tc := getCase(s)
					o := tc.o
					want := append([]float32(nil), o.c...)
					Sgemm(s.transA, s.transB, s.m, s.n, s.k, s.alpha, o.a, o.lda, o.b, o.ldb, s.beta, want, o.ldc)
					var p PackedB
					p.Pack(s.transB, s.k, s.n, o.b, o.ldb)
					got := append([]float32(nil), o.c...)
					SgemmPacked(s.transA, s.m, s.alpha, o.a, o.lda, &p, s.beta, got, o.ldc)
					for i := range got {
						if math.Float32bits(got[i]) != math.Float32bits(want[i]) && !(math.IsNaN(float64(got[i])) && math.IsNaN(float64(want[i]))) {
							t.Fatalf("%s/%s/%d threads %v: C[%d] = %g, Sgemm gives %g", mode, Kernel(), threads, s, i, got[i], want[i])
						}
					}
				}
			}
		})
	})
}

// TestSgemmPackedFallback: a PackedB packed for one kernel family still
// gives the right product after the family changed.
func TestSgemmPackedFallback(t *testing.T) {
	s := shape{m: 13, n: 33, k: 31, alpha: 1, beta: 1}
	tc := getCase(s)
	o := tc.o
	var p PackedB
	p.Pack(false, s.k, s.n, o.b, o.ldb)
	prev := ForceGeneric(!ForceGeneric(false)) // flip the family, if there are two
	defer ForceGeneric(prev)
	want := append([]float32(nil), o.c...)
	Sgemm(false, false, s.m, s.n, s.k, 1, o.a, o.lda, o.b, o.ldb, 1, want, o.ldc)
	got := append([]float32(nil), o.c...)
	SgemmPacked(false, s.m, 1, o.a, o.lda, &p, 1, got, o.ldc)
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("C[%d] = %g, want %g", i, got[i], want[i])
		}
	}
}

func TestSgemmPackedAllocs(t *testing.T) {
	s := shape{m: 64, n: 512, k: 128, alpha: 1, beta: 1}
	tc := getCase(s)
	o := tc.o
	var p PackedB
	p.Pack(false, s.k, s.n, o.b, o.ldb)
	c := append([]float32(nil), o.c...)
	n := testing.AllocsPerRun(10, func() {
		p.Pack(false, s.k, s.n, o.b, o.ldb)
		SgemmPacked(false, s.m, 1, o.a, o.lda, &p, 1, c, o.ldc)
	})
	if n != 0 {
		t.Fatalf("Pack + SgemmPacked allocate %v times", n)
	}
}
