package main

import (
	"fmt"
	"math/rand/v2"

	"github.com/gokeras/keras/internal/gemm"
)

// k1Shapes are the (M, N, K) of the K1 workload.
var k1Shapes = [][3]int{{32, 128, 784}, {256, 256, 256}, {1024, 1024, 1024}, {4096, 4096, 4096}}

// runK1 measures gemm.Sgemm (C = A x B, row-major, no transposes) in GFLOP/s.
func runK1(o options) (map[string]float64, error) {
	minTime := 1.0
	if o.quick {
		minTime = 0.2
	}
	rng := rand.New(rand.NewPCG(1, 2))
	out := map[string]float64{}
	for _, s := range k1Shapes {
		m, n, k := s[0], s[1], s[2]
		a, b, c := randSlice(rng, m*k), randSlice(rng, k*n), make([]float32, m*n)
		sec := repeatFor(minTime, func() {
			gemm.Sgemm(false, false, m, n, k, 1, a, k, b, n, 0, c, n)
		})
		out[fmt.Sprintf("gflops_%d_%d_%d", m, n, k)] = 2 * float64(m) * float64(n) * float64(k) / sec / 1e9
	}
	return out, nil
}

func randSlice(rng *rand.Rand, n int) []float32 {
	x := make([]float32, n)
	for i := range x {
		x[i] = rng.Float32()
	}
	return x
}
