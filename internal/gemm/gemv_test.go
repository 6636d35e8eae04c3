package gemm

import (
	"math"
	"math/rand/v2"
	"testing"
)

// One-row products (batch-1 inference) take the gemv path: check it on
// both kernels against a float64 reference, with odd widths, row strides
// and betas.
func TestGemvRow(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, generic := range []bool{false, true} {
		prev := ForceGeneric(generic)
		for _, c := range []struct{ n, k, ldb int }{{1, 1, 1}, {7, 5, 9}, {8, 3, 8}, {33, 17, 40}, {128, 784, 128}, {10, 128, 10}, {45, 2, 45}} {
			for _, ab := range [][2]float32{{1, 0}, {1, 1}, {1, 0.5}, {1.5, 0}, {1.5, 0.5}} {
				alpha, beta := ab[0], ab[1]
				a := make([]float32, c.k)
				b := make([]float32, c.k*c.ldb)
				y := make([]float32, c.n)
				for i := range a {
					a[i] = r.Float32()*2 - 1
				}
				for i := range b {
					b[i] = r.Float32()*2 - 1
				}
				for i := range y {
					y[i] = r.Float32()
				}
				want := make([]float64, c.n)
				for j := range want {
					s := 0.0
					for p := 0; p < c.k; p++ {
						s += float64(a[p]) * float64(b[p*c.ldb+j])
					}
					want[j] = float64(alpha)*s + float64(beta)*float64(y[j])
				}
				Sgemm(false, false, 1, c.n, c.k, alpha, a, c.k, b, c.ldb, beta, y, c.n)
				for j := range want {
					if math.Abs(float64(y[j])-want[j]) > 1e-4*math.Max(1, math.Abs(want[j])) {
						t.Fatalf("generic=%v n=%d k=%d alpha=%v beta=%v: c[%d] = %v, want %v", generic, c.n, c.k, alpha, beta, j, y[j], want[j])
					}
				}
			}
		}
		ForceGeneric(prev)
	}
}
