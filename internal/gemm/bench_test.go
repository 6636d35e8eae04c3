package gemm

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// BenchmarkSgemm measures GFLOP/s for the MNIST MLP shapes and square
// sizes, with 1 and 2 threads, for the best and the generic kernel.
// 4096^3 runs only without -short.
func BenchmarkSgemm(b *testing.B) {
	type bshape struct {
		name           string
		m, n, k        int
		transA, transB bool
	}
	shapes := []bshape{
		{"32x128x784", 32, 128, 784, false, false},
		{"32x10x128", 32, 10, 128, false, false},
		{"1000x128x784", 1000, 128, 784, false, false},
		{"784x128x32_tA", 784, 128, 32, true, false},
		{"32x784x128_tB", 32, 784, 128, false, true},
		// W3 (LSTM(128), batch 64, 200 steps): input projection, the
		// recurrent step, its backward, the batched weight gradients.
		{"lstm_x_12800x512x128", 12800, 512, 128, false, false},
		{"lstm_h_64x512x128", 64, 512, 128, false, false},
		{"lstm_dh_64x128x512_tB", 64, 128, 512, false, true},
		{"lstm_dW_128x512x12800_tA", 128, 512, 12800, true, false},
		{"lstm_dx_12800x128x512_tB", 12800, 128, 512, false, true},
		{"256", 256, 256, 256, false, false},
		{"1024", 1024, 1024, 1024, false, false},
		{"4096", 4096, 4096, 4096, false, false},
	}
	defer SetThreads(0)
	for _, generic := range []bool{false, true} {
		for _, s := range shapes {
			if s.m == 4096 && (testing.Short() || generic) {
				continue
			}
			for _, th := range []int{1, 2} {
				prev := ForceGeneric(generic)
				name := fmt.Sprintf("%s/%s/t%d", Kernel(), s.name, th)
				ForceGeneric(prev)
				b.Run(name, func(b *testing.B) {
					defer ForceGeneric(ForceGeneric(generic))
					SetThreads(th)
					r := rand.New(rand.NewPCG(1, 1))
					x := randSlice(r, s.m*s.k)
					y := randSlice(r, s.k*s.n)
					c := make([]float32, s.m*s.n)
					lda, ldb := s.k, s.n
					if s.transA {
						lda = s.m
					}
					if s.transB {
						ldb = s.k
					}
					Sgemm(s.transA, s.transB, s.m, s.n, s.k, 1, x, lda, y, ldb, 0, c, s.n)
					b.ResetTimer()
					for b.Loop() {
						Sgemm(s.transA, s.transB, s.m, s.n, s.k, 1, x, lda, y, ldb, 0, c, s.n)
					}
					flops := 2 * float64(s.m) * float64(s.n) * float64(s.k) * float64(b.N)
					b.ReportMetric(flops/b.Elapsed().Seconds()/1e9, "GFLOP/s")
				})
			}
		}
	}
}

// BenchmarkKernel measures the micro-kernel alone on L1-resident panels.
func BenchmarkKernel(b *testing.B) {
	for _, cfg := range []*config{best, genericConfig} {
		b.Run(cfg.name, func(b *testing.B) {
			const kc = 256
			r := rand.New(rand.NewPCG(1, 1))
			a := randSlice(r, kc*cfg.mr)
			bp := randSlice(r, kc*cfg.nr)
			c := make([]float32, cfg.mr*cfg.nr)
			for b.Loop() {
				cfg.kern(1, kc, a, cfg.mr, 0, bp, cfg.nr, c, cfg.nr, 1, 0)
			}
			flops := 2 * float64(cfg.mr*cfg.nr*kc) * float64(b.N)
			b.ReportMetric(flops/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}

// BenchmarkParallelFor measures the fork/join overhead of the pool.
func BenchmarkParallelFor(b *testing.B) {
	defer SetThreads(0)
	SetThreads(2)
	var sink [2 * 64]int
	fn := func(lo, hi int) { sink[lo/64*64]++ }
	for b.Loop() {
		ParallelFor(128, 1, fn)
	}
}
