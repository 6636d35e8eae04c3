//go:build cgo && openblas

// Command obpair compares gemm.Sgemm with OpenBLAS's cblas_sgemm inside one
// process: 0.2 s windows of each, alternating (order swapped every pair),
// and prints the median of the per-pair ratios. On this shared host the
// per-core speed drifts by 30% within minutes, so this is the tightest
// Go-vs-OpenBLAS comparison the repository has; bench/compare's K1 row
// compares separate processes.
//
// It needs cgo and Debian's OpenBLAS (libopenblas0-pthread), hence the build
// tag; CI never builds it:
//
//	CGO_ENABLED=1 go run -tags openblas ./bench/obpair -m 1024 -n 1024 -k 1024 -t 2
//
// OPENBLAS_CORETYPE picks OpenBLAS's kernel as usual (Cooperlake: AVX-512).
package main

/*
#cgo LDFLAGS: -L/usr/lib/x86_64-linux-gnu/openblas-pthread -l:libopenblas.so.0
void cblas_sgemm(int order, int ta, int tb, int m, int n, int k, float alpha, const float *a, int lda, const float *b, int ldb, float beta, float *c, int ldc);
void openblas_set_num_threads(int);
*/
import "C"

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"runtime"
	"sort"
	"time"

	"github.com/gokeras/keras/internal/gemm"
)

func main() {
	m := flag.Int("m", 1024, "rows of A and C")
	n := flag.Int("n", 1024, "columns of B and C")
	k := flag.Int("k", 1024, "columns of A, rows of B")
	th := flag.Int("t", 1, "threads for both libraries")
	pairs := flag.Int("pairs", 20, "window pairs")
	flag.Parse()
	runtime.GOMAXPROCS(2)
	M, N, K := *m, *n, *k
	r := rand.New(rand.NewPCG(1, 1))
	mk := func(size int) []float32 {
		x := make([]float32, size)
		for i := range x {
			x[i] = r.Float32()
		}
		return x
	}
	a, b, c := mk(M*K), mk(K*N), make([]float32, M*N)
	gemm.SetThreads(*th)
	C.openblas_set_num_threads(C.int(*th))
	goF := func() { gemm.Sgemm(false, false, M, N, K, 1, a, K, b, N, 0, c, N) }
	obF := func() {
		C.cblas_sgemm(101, 111, 111, C.int(M), C.int(N), C.int(K), 1, (*C.float)(&a[0]), C.int(K), (*C.float)(&b[0]), C.int(N), 0, (*C.float)(&c[0]), C.int(N))
	}
	rate := func(f func()) float64 {
		f()
		t0 := time.Now()
		it := 0
		for time.Since(t0) < 200*time.Millisecond {
			f()
			it++
		}
		return 2 * float64(M) * float64(N) * float64(K) * float64(it) / time.Since(t0).Seconds() / 1e9
	}
	var rs, gs, obs []float64
	for p := 0; p < *pairs; p++ {
		var g, o float64
		if p%2 == 0 {
			g, o = rate(goF), rate(obF)
		} else {
			o, g = rate(obF), rate(goF)
		}
		rs = append(rs, g/o)
		gs = append(gs, g)
		obs = append(obs, o)
	}
	sort.Float64s(rs)
	sort.Float64s(gs)
	sort.Float64s(obs)
	fmt.Printf("%dx%dx%d, %d thread(s), %d pairs: Go/OpenBLAS median %.3f (quartiles %.3f-%.3f); GFLOP/s medians Go %.1f, OpenBLAS %.1f\n", M, N, K, *th, *pairs, rs[len(rs)/2], rs[len(rs)/4], rs[3*len(rs)/4], gs[len(gs)/2], obs[len(obs)/2])
}
