package gemm

import (
	"math/rand/v2"
	"testing"
)

// BenchmarkSgemmPacked compares the LSTM step products with B read in
// place or packed per call (Sgemm) and packed once (SgemmPacked).
func BenchmarkSgemmPacked(b *testing.B) {
	defer SetThreads(0)
	SetThreads(1)
	for _, s := range []struct {
		name    string
		m, n, k int
		transB  bool
	}{
		{"lstm_h_64x512x128", 64, 512, 128, false},
		{"lstm_dh_64x128x512_tB", 64, 128, 512, true},
		{"32x512x128", 32, 512, 128, false},
	} {
		r := rand.New(rand.NewPCG(1, 1))
		x := randSlice(r, s.m*s.k)
		y := randSlice(r, s.k*s.n)
		c := make([]float32, s.m*s.n)
		ldb := s.n
		if s.transB {
			ldb = s.k
		}
		flops := 2 * float64(s.m*s.n*s.k)
		b.Run(s.name+"/Sgemm", func(b *testing.B) {
			for b.Loop() {
				Sgemm(false, s.transB, s.m, s.n, s.k, 1, x, s.k, y, ldb, 1, c, s.n)
			}
			b.ReportMetric(flops*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
		b.Run(s.name+"/SgemmPacked", func(b *testing.B) {
			var p PackedB
			p.Pack(s.transB, s.k, s.n, y, ldb)
			for b.Loop() {
				SgemmPacked(false, s.m, 1, x, s.k, &p, 1, c, s.n)
			}
			b.ReportMetric(flops*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}
