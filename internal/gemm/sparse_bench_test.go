package gemm

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"go/build"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// mnistTestImages returns the first n MNIST test images scaled to [0, 1]
// (784 floats each), read from the GoMNIST module in the module cache;
// without it, uniform random images with MNIST's 19% nonzeros.
var mnistTestImages = sync.OnceValues(func() ([]float32, string) {
	const n = 10000
	cache := os.Getenv("GOMODCACHE")
	if cache == "" {
		cache = filepath.Join(build.Default.GOPATH, "pkg", "mod")
	}
	path := filepath.Join(cache, "github.com/petar/!go!m!n!i!s!t@v0.0.0-20150320212226-2fbe10d0fa63/data/t10k-images-idx3-ubyte.gz")
	if px, err := readIDX(path, n*784); err == nil {
		x := make([]float32, len(px))
		for i, p := range px {
			x[i] = float32(p) / 255
		}
		return x, "mnist"
	}
	return sparseSlice(rand.New(rand.NewPCG(1, 2)), n*784, 0.19), "synthetic"
})

func readIDX(path string, want int) ([]byte, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		return nil, err
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		return nil, err
	}
	if len(data) < 16+want {
		return nil, fmt.Errorf("%s: short file", path)
	}
	return data[16 : 16+want], nil
}

// relu returns max(x, 0) of n standard-normal values: ~50% zeros, like the
// hidden activations of the MLP.
func reluSlice(r *rand.Rand, n int) []float32 {
	x := make([]float32, n)
	for i := range x {
		x[i] = max(0, float32(r.NormFloat64()))
	}
	return x
}

type sparseBench struct {
	name    string
	m, n, k int
	transA  bool
	beta    float32
	a       func() []float32 // op(A) stored row-major (k x m when transA)
}

func (s sparseBench) run(b *testing.B, mode int32, threads int) {
	defer SetThreads(0)
	defer setSparseMode(setSparseMode(mode))
	SetThreads(threads)
	a := s.a()
	r := rand.New(rand.NewPCG(1, 1))
	w := randSlice(r, s.k*s.n)
	c := make([]float32, s.m*s.n)
	lda := s.k
	if s.transA {
		lda = s.m
	}
	f := func() { Sgemm(s.transA, false, s.m, s.n, s.k, 1, a, lda, w, s.n, s.beta, c, s.n) }
	f()
	b.ResetTimer()
	for b.Loop() {
		f()
	}
	flops := 2 * float64(s.m) * float64(s.n) * float64(s.k) * float64(b.N)
	b.ReportMetric(flops/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}

// BenchmarkSparseSgemm compares the automatic choice (auto) with the dense
// path (dense) on the MNIST MLP's sparse-A products: W4's first layer
// (1000 test images), W1's forward (batch 32) and weight gradient
// (x^T dz), and the second layer on ReLU outputs. The dense_* shapes check
// that sampling A costs nothing noticeable when A is dense.
func BenchmarkSparseSgemm(b *testing.B) {
	mnist := func(rows int) func() []float32 {
		return func() []float32 { x, _ := mnistTestImages(); return x[:rows*784] }
	}
	dense := func(n int) func() []float32 {
		return func() []float32 { return randSlice(rand.New(rand.NewPCG(2, 2)), n) }
	}
	relu := func(n int) func() []float32 {
		return func() []float32 { return reluSlice(rand.New(rand.NewPCG(3, 3)), n) }
	}
	_, src := mnistTestImages()
	b.Logf("images: %s", src)
	shapes := []sparseBench{
		{name: "W4_1000x128x784", m: 1000, n: 128, k: 784, a: mnist(1000)},
		{name: "W1_32x128x784", m: 32, n: 128, k: 784, a: mnist(32)},
		{name: "W1dW_784x128x32_tA", m: 784, n: 128, k: 32, transA: true, beta: 1, a: mnist(32)},
		{name: "relu_1000x10x128", m: 1000, n: 10, k: 128, a: relu(1000 * 128)},
		{name: "relu_32x10x128", m: 32, n: 10, k: 128, a: relu(32 * 128)},
		{name: "dense_1000x128x784", m: 1000, n: 128, k: 784, a: dense(1000 * 784)},
		{name: "dense_32x128x784", m: 32, n: 128, k: 784, a: dense(32 * 784)},
		{name: "dense_64x512x128", m: 64, n: 512, k: 128, a: dense(64 * 128)},
		{name: "dense_784x128x32_tA", m: 784, n: 128, k: 32, transA: true, beta: 1, a: dense(32 * 784)},
	}
	for _, s := range shapes {
		for _, th := range []int{1, 2} {
			for _, mode := range []struct {
				name string
				m    int32
			}{{"auto", sparseAuto}, {"dense", sparseOff}} {
				b.Run(fmt.Sprintf("%s/%s/%s/t%d", Kernel(), s.name, mode.name, th), func(b *testing.B) { s.run(b, mode.m, th) })
			}
		}
	}
}

// BenchmarkSparseDensity measures the sparse kernel (forced) and the
// dense path on A with uniformly random zeros of growing density, to place
// sparseDensityLimit (compare sparse with dense at each density).
func BenchmarkSparseDensity(b *testing.B) {
	shapes := []sparseBench{
		{m: 1000, n: 128, k: 784}, {m: 32, n: 128, k: 784}, {m: 784, n: 128, k: 32, transA: true},
		{m: 64, n: 512, k: 128}, {m: 1000, n: 64, k: 784}, {m: 1000, n: 32, k: 784}, {m: 1000, n: 16, k: 128},
	}
	for _, d := range []float64{0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5} {
		for _, s := range shapes {
			s.a = func() []float32 { return sparseSlice(rand.New(rand.NewPCG(4, 4)), s.m*s.k, d) }
			for _, mode := range []struct {
				name string
				m    int32
			}{{"sparse", sparseForce}, {"dense", sparseOff}} {
				b.Run(fmt.Sprintf("%dx%dx%d_tA%v/d%.2f/%s", s.m, s.n, s.k, s.transA, d, mode.name), func(b *testing.B) { s.run(b, mode.m, 1) })
			}
		}
	}
}
