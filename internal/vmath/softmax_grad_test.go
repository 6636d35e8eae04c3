package vmath

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestSoftmaxGrad checks both modes on every path against the float64
// formula rounded step by step, bit for bit.
func TestSoftmaxGrad(t *testing.T) {
	paths(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(3, 4))
		for _, n := range testLens {
			g, y, base := make([]float32, n), make([]float32, n), make([]float32, n)
			for i := range g {
				g[i], y[i], base[i] = r.Float32()*2-1, r.Float32(), r.Float32()*2-1
			}
			if n > 2 {
				g[1] = float32(math.Inf(1)) // non-finite values propagate alike
				y[2] = float32(math.NaN())
			}
			s := Dot(g, y)
			for _, acc := range []bool{false, true} {
				dst := append([]float32(nil), base...)
				SoftmaxGrad(dst, g, y, s, acc)
				for i := range dst {
					want := y[i] * (g[i] - s)
					if acc {
						want = base[i] + want
					}
					if math.Float32bits(dst[i]) != math.Float32bits(want) && !(isNaN32(dst[i]) && isNaN32(want)) {
						t.Fatalf("n=%d acc=%v: dst[%d] = %v, want %v", n, acc, i, dst[i], want)
					}
				}
			}
		}
	})
}

func isNaN32(x float32) bool { return x != x }
