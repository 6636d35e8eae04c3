package gemm

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sync/atomic"
	"testing"
	"time"
)

type shape struct {
	m, n, k        int
	transA, transB bool
	alpha, beta    float32
	pad            int // extra leading-dimension padding
}

func (s shape) String() string {
	return fmt.Sprintf("%dx%dx%d_tA%v_tB%v_a%g_b%g_pad%d", s.m, s.n, s.k, s.transA, s.transB, s.alpha, s.beta, s.pad)
}

func randSlice(r *rand.Rand, n int) []float32 {
	x := make([]float32, n)
	for i := range x {
		x[i] = r.Float32()*2 - 1
	}
	return x
}

type operands struct {
	a, b, c       []float32
	lda, ldb, ldc int
}

func makeOperands(r *rand.Rand, s shape) operands {
	ra, ca := s.m, s.k
	if s.transA {
		ra, ca = s.k, s.m
	}
	rb, cb := s.k, s.n
	if s.transB {
		rb, cb = s.n, s.k
	}
	o := operands{lda: max(1, ca) + s.pad, ldb: max(1, cb) + s.pad, ldc: max(1, s.n) + s.pad}
	o.a = randSlice(r, max(0, (ra-1)*o.lda+ca))
	o.b = randSlice(r, max(0, (rb-1)*o.ldb+cb))
	o.c = randSlice(r, max(0, (s.m-1)*o.ldc+s.n))
	if s.beta == 0 && len(o.c) > 0 {
		o.c[0] = float32(math.NaN()) // must be ignored
	}
	return o
}

// reference computes the expected C in float64 and a per-element error
// bound scale (sum of |terms|).
func reference(s shape, o operands) (want, mag []float64) {
	want = make([]float64, len(o.c))
	mag = make([]float64, len(o.c))
	for i := 0; i < s.m; i++ {
		for j := 0; j < s.n; j++ {
			var sum, abs float64
			for p := 0; p < s.k; p++ {
				ia, ib := i*o.lda+p, p*o.ldb+j
				if s.transA {
					ia = p*o.lda + i
				}
				if s.transB {
					ib = j*o.ldb + p
				}
				av, bv := o.a[ia], o.b[ib]
				sum += float64(av) * float64(bv)
				abs += math.Abs(float64(av) * float64(bv))
			}
			idx := i*o.ldc + j
			v := float64(s.alpha) * sum
			mag[idx] = math.Abs(float64(s.alpha)) * abs
			if s.beta != 0 {
				v += float64(s.beta) * float64(o.c[idx])
				mag[idx] += math.Abs(float64(s.beta) * float64(o.c[idx]))
			}
			want[idx] = v
		}
	}
	return want, mag
}

func testShapes() []shape {
	var out []shape
	dims := [][3]int{
		{1, 1, 1}, {1, 1, 0}, {3, 5, 0}, {1, 7, 3}, {7, 1, 3}, {2, 3, 4},
		{5, 17, 9}, {13, 33, 31}, {6, 16, 8}, {12, 32, 16}, {25, 70, 67},
		{32, 10, 128}, {32, 128, 20}, {64, 64, 300}, {37, 41, 197}, {100, 3, 50}, {3, 100, 50},
		{250, 40, 260}, {40, 250, 260},
	}
	i := 0
	for _, d := range dims {
		for _, tA := range []bool{false, true} {
			for _, tB := range []bool{false, true} {
				ab := [][2]float32{{1, 0}, {1, 1}, {-0.5, 2}, {2, -1}}[i%4]
				out = append(out, shape{m: d[0], n: d[1], k: d[2], transA: tA, transB: tB, alpha: ab[0], beta: ab[1], pad: (i % 3) * 3})
				i++
			}
		}
	}
	// alpha == 0 and a larger blocked case crossing MC/KC/NC edges.
	out = append(out,
		shape{m: 9, n: 9, k: 9, alpha: 0, beta: 0.5},
		shape{m: 9, n: 9, k: 9, alpha: 0, beta: 0},
		shape{m: 300, n: 270, k: 530, alpha: 1, beta: 0.25, pad: 1},
		shape{m: 270, n: 300, k: 530, transA: true, transB: true, alpha: 1.5, beta: 0},
	)
	return out
}

type testCase struct {
	s         shape
	o         operands
	want, mag []float64
}

var caseCache = map[shape]*testCase{}

func getCase(s shape) *testCase {
	if tc := caseCache[s]; tc != nil {
		return tc
	}
	r := rand.New(rand.NewPCG(uint64(s.m*1000+s.n), uint64(s.k)))
	tc := &testCase{s: s, o: makeOperands(r, s)}
	tc.want, tc.mag = reference(s, tc.o)
	caseCache[s] = tc
	return tc
}

func checkShape(t *testing.T, s shape) {
	tc := getCase(s)
	o := tc.o
	c := append([]float32(nil), o.c...)
	Sgemm(s.transA, s.transB, s.m, s.n, s.k, s.alpha, o.a, o.lda, o.b, o.ldb, s.beta, c, o.ldc)
	for i := 0; i < s.m; i++ {
		for j := 0; j < s.n; j++ {
			idx := i*o.ldc + j
			tol := 1e-6 + 4e-7*float64(s.k+2)*tc.mag[idx]
			if d := math.Abs(float64(c[idx]) - tc.want[idx]); !(d <= tol) {
				t.Fatalf("%v: C[%d,%d] = %g, want %g (diff %g > tol %g)", s, i, j, c[idx], tc.want[idx], d, tol)
			}
		}
		for j := s.n; j < o.ldc && i*o.ldc+j < len(c); j++ {
			if idx := i*o.ldc + j; c[idx] != o.c[idx] {
				t.Fatalf("%v: padding C[%d,%d] modified", s, i, j)
			}
		}
	}
}

// withModes runs f with the unpacked-operand paths at their defaults,
// forced on, forced off, and with tiny cache blocks.
func withModes(f func(mode string)) {
	cfgs := testConfigs()
	saved := make([]config, len(cfgs))
	for i, cfg := range cfgs {
		saved[i] = *cfg
	}
	defer func() {
		for i, cfg := range cfgs {
			*cfg = saved[i]
		}
	}()
	for _, mode := range []string{"default", "direct", "packed", "tinyblocks"} {
		for i, cfg := range cfgs {
			*cfg = saved[i]
			switch mode {
			case "tinyblocks": // exercise every MC/KC/NC block edge
				cfg.mc, cfg.kc, cfg.nc = 2*cfg.mr, 5, 2*cfg.nr
				cfg.directAMaxN, cfg.directBMaxM, cfg.directMaxElems = -1, -1, -1
			case "direct":
				cfg.directAMaxN, cfg.directBMaxM, cfg.directMaxElems = 1<<30, 1<<30, 1<<30
			case "packed":
				cfg.directAMaxN, cfg.directBMaxM, cfg.directMaxElems = -1, -1, -1
			}
		}
		f(mode)
	}
}

// withConfigs runs f once for every kernel that can run on this machine.
func withConfigs(f func()) {
	saved := best
	defer func() { best = saved }()
	for _, cfg := range testConfigs() {
		best = cfg
		f()
	}
}

func TestSgemm(t *testing.T) {
	defer SetThreads(0)
	withModes(func(mode string) {
		withConfigs(func() {
			for _, threads := range []int{1, 2} {
				SetThreads(threads)
				for _, s := range testShapes() {
					t.Run(fmt.Sprintf("%s/%s/t%d/%v", Kernel(), mode, threads, s), func(t *testing.T) { checkShape(t, s) })
				}
			}
		})
	})
}

func TestForceGeneric(t *testing.T) {
	prev := ForceGeneric(true)
	defer ForceGeneric(prev)
	if Kernel() != "generic" {
		t.Fatalf("Kernel() = %q with ForceGeneric(true)", Kernel())
	}
	for _, s := range testShapes()[:8] {
		checkShape(t, s)
	}
}

// TestDeterministic checks that 1, 2 and 3 threads give identical bits.
func TestDeterministic(t *testing.T) {
	defer SetThreads(0)
	shapes := []shape{
		{m: 32, n: 128, k: 784, alpha: 1, beta: 0},
		{m: 784, n: 128, k: 32, transA: true, alpha: 1, beta: 1},
		{m: 32, n: 784, k: 128, transB: true, alpha: 0.5, beta: 0},
		{m: 301, n: 299, k: 600, alpha: 1, beta: 0.5},
		{m: 1000, n: 20, k: 300, transA: true, transB: true, alpha: 1, beta: 0},
	}
	withConfigs(func() {
		for _, s := range shapes {
			r := rand.New(rand.NewPCG(1, 2))
			o := makeOperands(r, s)
			var ref []float32
			for _, th := range []int{1, 2, 3} {
				SetThreads(th)
				c := append([]float32(nil), o.c...)
				Sgemm(s.transA, s.transB, s.m, s.n, s.k, s.alpha, o.a, o.lda, o.b, o.ldb, s.beta, c, o.ldc)
				if ref == nil {
					ref = c
					continue
				}
				for i := range c {
					if math.Float32bits(c[i]) != math.Float32bits(ref[i]) {
						t.Fatalf("%s %v: threads=%d differs at %d: %g vs %g", Kernel(), s, th, i, c[i], ref[i])
					}
				}
			}
		}
	})
}

func TestAllocs(t *testing.T) {
	defer SetThreads(0)
	shapes := []shape{
		{m: 32, n: 128, k: 784, alpha: 1},
		{m: 32, n: 10, k: 128, alpha: 1},
		{m: 784, n: 128, k: 32, transA: true, alpha: 1, beta: 1},
		{m: 32, n: 784, k: 128, transB: true, alpha: 1},
		{m: 200, n: 300, k: 400, alpha: 1},
	}
	for _, th := range []int{1, 2} {
		SetThreads(th)
		for _, s := range shapes {
			o := makeOperands(rand.New(rand.NewPCG(3, 4)), s)
			f := func() {
				Sgemm(s.transA, s.transB, s.m, s.n, s.k, s.alpha, o.a, o.lda, o.b, o.ldb, s.beta, o.c, o.ldc)
			}
			f()
			if n := testing.AllocsPerRun(20, f); n != 0 {
				t.Errorf("threads=%d %v: %v allocs per call", th, s, n)
			}
		}
	}
}

func TestParallelFor(t *testing.T) {
	defer SetThreads(0)
	for _, th := range []int{1, 2, 4} {
		SetThreads(th)
		for _, n := range []int{0, 1, 5, 100, 1001} {
			for _, grain := range []int{0, 1, 7, 64} {
				hits := make([]int32, n)
				var calls atomic.Int32
				ParallelFor(n, grain, func(lo, hi int) {
					calls.Add(1)
					if hi-lo < max(grain, 1) && !(lo == 0 && hi == n) {
						t.Errorf("chunk [%d,%d) smaller than grain %d", lo, hi, grain)
					}
					for i := lo; i < hi; i++ {
						atomic.AddInt32(&hits[i], 1)
					}
				})
				for i, h := range hits {
					if h != 1 {
						t.Fatalf("threads=%d n=%d grain=%d: index %d visited %d times", th, n, grain, i, h)
					}
				}
				if int(calls.Load()) > th {
					t.Fatalf("threads=%d n=%d: %d chunks", th, n, calls.Load())
				}
			}
		}
	}
	// Nested use must not deadlock.
	SetThreads(2)
	var total atomic.Int64
	ParallelFor(4, 1, func(lo, hi int) {
		ParallelFor(100, 1, func(lo2, hi2 int) { total.Add(int64(hi2 - lo2)) })
	})
	if total.Load() != 200 {
		t.Fatalf("nested total %d, want 200", total.Load())
	}
}

func TestParallelForInlineNoAlloc(t *testing.T) {
	defer SetThreads(0)
	SetThreads(1)
	var sum atomic.Int64
	fn := func(lo, hi int) { sum.Add(int64(hi - lo)) }
	if n := testing.AllocsPerRun(100, func() { ParallelFor(1000, 1, fn) }); n != 0 {
		t.Errorf("%v allocs", n)
	}
	SetThreads(2)
	if n := testing.AllocsPerRun(100, func() { ParallelFor(1000, 1, fn) }); n != 0 {
		t.Errorf("parallel: %v allocs", n)
	}
}

// TestPoolStress runs many short regions, from several goroutines at once,
// so that workers are invited while spinning, sleeping and busy.
func TestPoolStress(t *testing.T) {
	defer SetThreads(0)
	SetThreads(3)
	done := make(chan bool)
	for g := 0; g < 3; g++ {
		go func() {
			ok := true
			for it := 0; it < 300; it++ {
				n := 1 + it%50
				hits := make([]int32, n)
				ParallelFor(n, 1, func(lo, hi int) {
					for i := lo; i < hi; i++ {
						atomic.AddInt32(&hits[i], 1)
					}
				})
				for _, h := range hits {
					ok = ok && h == 1
				}
				if it%100 == 99 {
					time.Sleep(300 * time.Microsecond) // let workers fall asleep
				}
			}
			done <- ok
		}()
	}
	for g := 0; g < 3; g++ {
		if !<-done {
			t.Fatal("an index was not visited exactly once")
		}
	}
}

// TestConcurrentSgemm calls Sgemm from several goroutines at once; each
// result must match a serial run bit for bit.
func TestConcurrentSgemm(t *testing.T) {
	defer SetThreads(0)
	SetThreads(2)
	shapes := []shape{
		{m: 32, n: 128, k: 300, alpha: 1},
		{m: 100, n: 40, k: 64, transA: true, alpha: 1, beta: 1},
		{m: 50, n: 70, k: 90, transB: true, alpha: 2},
	}
	want := make([][]float32, len(shapes))
	ops := make([]operands, len(shapes))
	for i, s := range shapes {
		ops[i] = makeOperands(rand.New(rand.NewPCG(5, uint64(i))), s)
		o := ops[i]
		want[i] = append([]float32(nil), o.c...)
		Sgemm(s.transA, s.transB, s.m, s.n, s.k, s.alpha, o.a, o.lda, o.b, o.ldb, s.beta, want[i], o.ldc)
	}
	errs := make(chan string, 8)
	for g := 0; g < 4; g++ {
		go func() {
			for it := 0; it < 30; it++ {
				i := (g + it) % len(shapes)
				s, o := shapes[i], ops[i]
				c := append([]float32(nil), o.c...)
				Sgemm(s.transA, s.transB, s.m, s.n, s.k, s.alpha, o.a, o.lda, o.b, o.ldb, s.beta, c, o.ldc)
				for x := range c {
					if math.Float32bits(c[x]) != math.Float32bits(want[i][x]) {
						errs <- fmt.Sprintf("%v: element %d differs", s, x)
						return
					}
				}
			}
			errs <- ""
		}()
	}
	for g := 0; g < 4; g++ {
		if e := <-errs; e != "" {
			t.Fatal(e)
		}
	}
}
