package main

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"

	"github.com/gokeras/keras/internal/gemm"
)

// k1sN is the K1 size whose thread scaling the issue sets a target for.
const k1sN = 1024

// runK1S measures how SGEMM at 1024^3 scales from 1 thread to o.threads.
// The host's speed drifts over minutes (shared cores, turbo), so comparing
// a 1-thread process with a 2-thread process run a minute later measures
// the drift as much as the scaling. Here one process alternates short
// windows at 1 and at o.threads threads, swapping the order every pair,
// and reports the median of the per-pair ratios (bench/torch_bench.py's
// K1S does the same with OpenBLAS).
func runK1S(o options) (map[string]float64, error) {
	if o.threads < 2 {
		return nil, fmt.Errorf("K1S compares 1 thread with more: run it with -threads 2 or more, got %d", o.threads)
	}
	pairs, window := 20, 0.15
	if o.quick {
		pairs, window = 4, 0.05
	}
	rng := rand.New(rand.NewPCG(1, 2))
	n := k1sN
	a, b, c := randSlice(rng, n*n), randSlice(rng, n*n), make([]float32, n*n)
	rate := func(threads int) float64 {
		gemm.SetThreads(threads)
		sec := repeatFor(window, func() { gemm.Sgemm(false, false, n, n, n, 1, a, n, b, n, 0, c, n) })
		return 2 * float64(n) * float64(n) * float64(n) / sec / 1e9
	}
	runtime.GOMAXPROCS(o.threads)
	defer gemm.SetThreads(o.threads)
	var ratios, one, many []float64
	for p := range pairs {
		var g1, gt float64
		if p%2 == 0 {
			g1, gt = rate(1), rate(o.threads)
		} else {
			gt, g1 = rate(o.threads), rate(1)
		}
		ratios, one, many = append(ratios, gt/g1), append(one, g1), append(many, gt)
	}
	return map[string]float64{
		"scaling_1024": medianOf(ratios),
		"gflops_1t":    medianOf(one),
		"gflops_nt":    medianOf(many),
		"pairs":        float64(pairs),
	}, nil
}

// medianOf returns the median of v (v is reordered).
func medianOf(v []float64) float64 {
	slices.Sort(v)
	if len(v)%2 == 1 {
		return v[len(v)/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}
