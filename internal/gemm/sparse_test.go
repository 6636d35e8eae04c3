package gemm

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// sparseSlice returns n values of which about density are nonzero (in
// [-1, 1)); a few of the zeros are -0.
func sparseSlice(r *rand.Rand, n int, density float64) []float32 {
	x := make([]float32, n)
	for i := range x {
		switch {
		case r.Float64() < density:
			x[i] = r.Float32()*2 - 1
		case r.IntN(8) == 0:
			x[i] = float32(math.Copysign(0, -1))
		}
	}
	return x
}

type sparseCase struct {
	m, n, k      int
	transA       bool
	alpha, beta  float32
	pad          int
	density      float64
	nonFiniteInA bool
}

func (s sparseCase) String() string {
	return fmt.Sprintf("%dx%dx%d_tA%v_a%g_b%g_pad%d_d%g", s.m, s.n, s.k, s.transA, s.alpha, s.beta, s.pad, s.density)
}

func (s sparseCase) operands(seed uint64) operands {
	r := rand.New(rand.NewPCG(seed, uint64(s.m*10007+s.n*101+s.k)))
	ra, ca := s.m, s.k
	if s.transA {
		ra, ca = s.k, s.m
	}
	o := operands{lda: ca + s.pad, ldb: s.n + 2*s.pad, ldc: s.n + s.pad}
	o.a = sparseSlice(r, (ra-1)*o.lda+ca, s.density)
	if s.nonFiniteInA {
		o.a[r.IntN(len(o.a))] = float32(math.Inf(1))
		o.a[r.IntN(len(o.a))] = float32(math.NaN())
	}
	o.b = randSlice(r, (s.k-1)*o.ldb+s.n)
	o.c = randSlice(r, (s.m-1)*o.ldc+s.n)
	if s.beta == 0 {
		o.c[0] = float32(math.NaN()) // must be ignored
	}
	return o
}

// sgemmMode runs Sgemm with the sparse path in the given mode on a copy
// of C.
func sgemmMode(mode int32, s sparseCase, o operands) []float32 {
	defer setSparseMode(setSparseMode(mode))
	c := append([]float32(nil), o.c...)
	Sgemm(s.transA, false, s.m, s.n, s.k, s.alpha, o.a, o.lda, o.b, o.ldb, s.beta, c, o.ldc)
	return c
}

func sameBits(x, y []float32) int {
	for i := range x {
		if math.Float32bits(x[i]) != math.Float32bits(y[i]) {
			return i
		}
	}
	return -1
}

func sparseCases() []sparseCase {
	var out []sparseCase
	ns := []int{1, 7, 8, 9, 16, 17, 31, 40, 64, 65, 100, 128, 130}
	ks := []int{1, 3, 8, 37, 255, 256, 257, 300, 600, 784}
	abs := [][2]float32{{1, 0}, {1, 1}, {-0.5, 2}, {2, -1}, {1, 0.5}}
	dens := []float64{0, 0.05, 0.2, 0.5, 0.9, 1}
	i := 0
	for _, tA := range []bool{false, true} {
		for m := 1; m <= 13; m++ {
			for t := 0; t < 4; t++ {
				ab := abs[i%len(abs)]
				out = append(out, sparseCase{
					m: m, n: ns[(i*7+t)%len(ns)], k: ks[(i*3+t)%len(ks)], transA: tA,
					alpha: ab[0], beta: ab[1], pad: i % 3 * 2, density: dens[i%len(dens)],
				})
				i++
			}
		}
	}
	out = append(out,
		sparseCase{m: 32, n: 128, k: 784, alpha: 1, density: 0.19},
		sparseCase{m: 100, n: 10, k: 128, alpha: 1, density: 0.5},
		sparseCase{m: 50, n: 128, k: 784, transA: true, alpha: 1, beta: 1, density: 0.19, pad: 3},
		sparseCase{m: 784, n: 128, k: 32, transA: true, alpha: 1, beta: 1, density: 0.19},
		sparseCase{m: 40, n: 33, k: 520, alpha: 1.5, beta: 0.25, density: 0.3, nonFiniteInA: true},
		sparseCase{m: 41, n: 33, k: 520, transA: true, alpha: 1, beta: 1, density: 0.3, nonFiniteInA: true},
		sparseCase{m: 300, n: 70, k: 530, alpha: 1, beta: 0, density: 0.1, pad: 5},
		// several row groups per k block on the transposed path
		sparseCase{m: 200, n: 40, k: 600, transA: true, alpha: 0.5, beta: 0.5, density: 0.2, pad: 1},
	)
	return out
}

// TestSparseBitIdentical checks that the sparse path gives the same bits
// as the dense path, kernel family by kernel family (generic, avx2, ...),
// for every k blocking mode, and that its results do not depend on the
// thread count.
func TestSparseBitIdentical(t *testing.T) {
	defer SetThreads(0)
	cases := sparseCases()
	withModes(func(mode string) {
		if mode == "direct" || mode == "packed" {
			return // only the blocking matters to the sparse path
		}
		withConfigs(func() {
			for ci, s := range cases {
				if testing.Short() && mode != "default" && ci%3 != 0 {
					continue
				}
				o := s.operands(1)
				SetThreads(1)
				dense := sgemmMode(sparseOff, s, o)
				for _, th := range []int{1, 2, 3} {
					SetThreads(th)
					sp := sgemmMode(sparseForce, s, o)
					if i := sameBits(dense, sp); i >= 0 {
						t.Fatalf("%s/%s %v threads=%d: C[%d] sparse %g (%#x), dense %g (%#x)", Kernel(), mode, s, th, i,
							sp[i], math.Float32bits(sp[i]), dense[i], math.Float32bits(dense[i]))
					}
				}
			}
		})
	})
}

// TestSparseAuto checks the automatic choice: the density estimate picks
// the sparse path only for sparse enough A, and either way Sgemm gives the
// dense path's bits.
func TestSparseAuto(t *testing.T) {
	for _, tc := range []struct {
		density float64
		want    bool
	}{{0, true}, {0.19, true}, {sparseDensityLimit(128) * 0.7, true}, {min(1, sparseDensityLimit(128)*1.3), false}, {1, false}} {
		for _, tA := range []bool{false, true} {
			s := sparseCase{m: 64, n: 128, k: 300, transA: tA, alpha: 1, density: tc.density}
			o := s.operands(7)
			rows, cols := s.m, s.k
			if tA {
				rows, cols = cols, rows
			}
			if got := sparseEnough(sparseImplFor(active()), tA, s.m, s.k, o.a, o.lda, sparseDensityLimit(s.n)); got != tc.want {
				t.Errorf("%v: sparseEnough = %v, want %v (%d x %d)", s, got, tc.want, rows, cols)
			}
			auto := sgemmMode(sparseAuto, s, o)
			dense := sgemmMode(sparseOff, s, o)
			if i := sameBits(auto, dense); i >= 0 {
				t.Errorf("%v: auto differs from dense at %d", s, i)
			}
		}
	}
}

// TestSparseNonFiniteB documents the deviation from the dense path: an Inf
// in B where A is zero does not reach C.
func TestSparseNonFiniteB(t *testing.T) {
	withConfigs(func() {
		s := sparseCase{m: 4, n: 16, k: 8, alpha: 1, density: 1}
		o := s.operands(3)
		for i := 0; i < s.m; i++ {
			o.a[i*o.lda+2] = 0 // column 2 of A is zero
		}
		o.b[2*o.ldb+5] = float32(math.Inf(1))
		dense := sgemmMode(sparseOff, s, o)
		sp := sgemmMode(sparseForce, s, o)
		for i := 0; i < s.m; i++ {
			d, v := dense[i*o.ldc+5], sp[i*o.ldc+5]
			if !math.IsNaN(float64(d)) || math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
				t.Fatalf("%s row %d: dense %g sparse %g, want NaN and finite", Kernel(), i, d, v)
			}
		}
	})
}

// TestSparsePrimitives checks the assembly list and count routines
// against the Go ones on every tail length.
func TestSparsePrimitives(t *testing.T) {
	fast := sparseImplFor(best)
	if fast == &sparseGo {
		t.Skip("no assembly implementation on this machine")
	}
	r := rand.New(rand.NewPCG(9, 9))
	for n := 1; n <= 41; n++ {
		for _, d := range []float64{0, 0.3, 1} {
			const rows, ld = 3, 7
			ldx, stride := n+r.IntN(3), n+8+r.IntN(3)
			x := sparseSlice(r, (rows-1)*ldx+n, d)
			if n > 3 {
				x[n-1] = float32(math.NaN())
			}
			var off [2][]int32
			var val [2][]float32
			var cnt [2][]int32
			for i, impl := range []*sparseImpl{&sparseGo, fast} {
				off[i], val[i], cnt[i] = make([]int32, rows*stride), make([]float32, rows*stride), make([]int32, rows)
				impl.listRows(rows, x, ldx, n, ld, off[i], val[i], stride, cnt[i])
			}
			for row := 0; row < rows; row++ {
				q, o := int(cnt[0][row]), row*stride
				if cnt[1][row] != cnt[0][row] || fmt.Sprint(off[0][o:o+q]) != fmt.Sprint(off[1][o:o+q]) || sameBits(val[0][o:o+q], val[1][o:o+q]) >= 0 {
					t.Fatalf("listRows n=%d d=%g row %d: %d %v %v, want %d %v %v", n, d, row,
						cnt[1][row], off[1][o:o+q], val[1][o:o+q], q, off[0][o:o+q], val[0][o:o+q])
				}
				xr := x[row*ldx : row*ldx+n]
				if c1, c2 := sparseGo.count(xr), fast.count(xr); c1 != c2 || c1 != q {
					t.Fatalf("count n=%d d=%g: %d vs %d (list %d)", n, d, c1, c2, q)
				}
			}
		}
	}
}

func TestSparseAllocs(t *testing.T) {
	defer SetThreads(0)
	defer setSparseMode(setSparseMode(sparseAuto))
	for _, th := range []int{1, 2} {
		SetThreads(th)
		for _, s := range []sparseCase{
			{m: 32, n: 128, k: 784, alpha: 1, density: 0.2},
			{m: 784, n: 128, k: 32, transA: true, alpha: 1, beta: 1, density: 0.2},
			{m: 200, n: 10, k: 128, alpha: 1, density: 0.5},
		} {
			o := s.operands(5)
			f := func() {
				Sgemm(s.transA, false, s.m, s.n, s.k, s.alpha, o.a, o.lda, o.b, o.ldb, s.beta, o.c, o.ldc)
			}
			f()
			if n := testing.AllocsPerRun(20, f); n != 0 {
				t.Errorf("threads=%d %v: %v allocs per call", th, s, n)
			}
		}
	}
}
