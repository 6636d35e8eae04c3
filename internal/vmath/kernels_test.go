package vmath

import (
	"math"
	"testing"
)

const f32eps = 0x1p-23

func TestElementwise(t *testing.T) {
	type ew struct {
		name string
		run  func(dst, a, b []float32)
		ref  func(a, b float64) float64
	}
	cases := []ew{
		{"Add", Add, func(a, b float64) float64 { return a + b }},
		{"Sub", Sub, func(a, b float64) float64 { return a - b }},
		{"Mul", Mul, func(a, b float64) float64 { return a * b }},
		{"Relu", func(d, a, _ []float32) { Relu(d, a) }, func(a, _ float64) float64 { return max(a, 0) }},
		{"ReluGrad", ReluGrad, func(g, y float64) float64 {
			if y > 0 {
				return g
			}
			return 0
		}},
		{"Axpy", func(d, a, b []float32) { copy(d, b); Axpy(0.37, a, d) }, func(a, b float64) float64 { return b + 0.37*a }},
		{"Scale", func(d, a, _ []float32) { copy(d, a); Scale(-1.7, d) }, func(a, _ float64) float64 { return -1.7 * a }},
	}
	r := newRand()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			paths(t, func(t *testing.T) {
				for _, n := range testLens {
					a, b := randSlice(r, n, -3, 3), randSlice(r, n, -3, 3)
					out := make([]float32, n)
					c.run(out, a, b)
					for i := range out {
						if !close32(out[i], c.ref(float64(a[i]), float64(b[i])), 2*f32eps, 1e-7) {
							t.Fatalf("n=%d i=%d: got %g want %g", n, i, out[i], c.ref(float64(a[i]), float64(b[i])))
						}
					}
					if c.name == "Axpy" || c.name == "Scale" {
						continue // in-place by definition
					}
					c.run(a, a, b) // dst aliases the first input
					for i := range out {
						if a[i] != out[i] {
							t.Fatalf("n=%d i=%d: aliased %g != %g", n, i, a[i], out[i])
						}
					}
				}
			})
		})
	}
}

func TestBias(t *testing.T) {
	r := newRand()
	paths(t, func(t *testing.T) {
		for _, cols := range testLens {
			rows := 3
			x := randSlice(r, rows*cols, -2, 2)
			bias := randSlice(r, cols, -1, 1)
			a := append([]float32(nil), x...)
			b := append([]float32(nil), x...)
			AddBias(a, rows, cols, bias)
			AddBiasRelu(b, rows, cols, bias)
			for i := range x {
				s := x[i] + bias[i%max(cols, 1)]
				if a[i] != s || b[i] != max(s, 0) {
					t.Fatalf("cols=%d i=%d: AddBias %g AddBiasRelu %g, want %g / %g", cols, i, a[i], b[i], s, max(s, 0))
				}
			}
		}
	})
}

func TestSoftmaxRows(t *testing.T) {
	r := newRand()
	paths(t, func(t *testing.T) {
		for _, cols := range testLens {
			rows := 4
			x := randSlice(r, rows*cols, -30, 30)
			if cols > 1 {
				x[1] = 1e4 // dominant entry: needs the max shift
			}
			sm := make([]float32, len(x))
			lsm := make([]float32, len(x))
			SoftmaxRows(sm, x, rows, cols)
			LogSoftmaxRows(lsm, x, rows, cols)
			for rr := 0; rr < rows; rr++ {
				row := x[rr*cols : rr*cols+cols]
				m := math.Inf(-1)
				for _, v := range row {
					m = max(m, float64(v))
				}
				s := 0.0
				for _, v := range row {
					s += math.Exp(float64(v) - m)
				}
				for c, v := range row {
					want := math.Exp(float64(v)-m) / s
					lwant := float64(v) - m - math.Log(s)
					i := rr*cols + c
					// x-max is rounded to float32 first: |x-max|*eps relative error is inherent.
					if !close32(sm[i], want, (8+math.Abs(float64(v)-m))*f32eps, 1e-30) {
						t.Fatalf("softmax cols=%d [%d,%d]: %g want %g", cols, rr, c, sm[i], want)
					}
					if !close32(lsm[i], lwant, 4*f32eps, 4e-6) {
						t.Fatalf("logsoftmax cols=%d [%d,%d]: %g want %g", cols, rr, c, lsm[i], lwant)
					}
				}
			}
			// aliasing dst == x
			y := append([]float32(nil), x...)
			SoftmaxRows(y, y, rows, cols)
			z := append([]float32(nil), x...)
			LogSoftmaxRows(z, z, rows, cols)
			for i := range y {
				if y[i] != sm[i] || z[i] != lsm[i] {
					t.Fatalf("aliased softmax differs at %d", i)
				}
			}
		}
	})
}

func TestReductions(t *testing.T) {
	r := newRand()
	paths(t, func(t *testing.T) {
		for _, n := range testLens {
			x, y := randSlice(r, n, -1, 1), randSlice(r, n, -1, 1)
			var s, d, sa, da float64
			var lanes, dl [8]float32
			for i := range x {
				s += float64(x[i])
				sa += math.Abs(float64(x[i]))
				d += float64(x[i]) * float64(y[i])
				da += math.Abs(float64(x[i]) * float64(y[i]))
				lanes[i%8] += x[i]
				dl[i%8] += x[i] * y[i]
			}
			order := func(l [8]float32) float32 { return ((l[0] + l[1]) + (l[2] + l[3])) + ((l[4] + l[5]) + (l[6] + l[7])) }
			if got := Sum(x); got != order(lanes) || !close32(got, s, 0, float64(n)*f32eps*sa+1e-7) {
				t.Fatalf("Sum n=%d: %g want %g (documented order %g)", n, got, s, order(lanes))
			}
			if got := Dot(x, y); got != order(dl) || !close32(got, d, 0, float64(n)*f32eps*da+1e-7) {
				t.Fatalf("Dot n=%d: %g want %g", n, got, d)
			}
			if n > 0 {
				x[n/2] = 5
				x[n-1] = 5
				if got := MaxIndex(x); got != n/2 {
					t.Fatalf("MaxIndex n=%d: %d want %d", n, got, n/2)
				}
			}
		}
		if MaxIndex(nil) != -1 || MaxIndex([]float32{float32(math.NaN()), 1, 3, 3}) != 2 {
			t.Fatal("MaxIndex edge cases")
		}
	})
}

func TestColSum(t *testing.T) {
	r := newRand()
	for _, cols := range testLens {
		rows := 5
		x := randSlice(r, rows*cols, -1, 1)
		dst := randSlice(r, cols, -1, 1)
		want := make([]float32, cols)
		for c := range want {
			want[c] = dst[c]
			for rr := 0; rr < rows; rr++ {
				want[c] += x[rr*cols+c]
			}
		}
		ColSum(dst, x, rows, cols)
		for c := range want {
			if dst[c] != want[c] {
				t.Fatalf("cols=%d c=%d: %g want %g", cols, c, dst[c], want[c])
			}
		}
	}
}

func TestAdamUpdate(t *testing.T) {
	const alpha, b1, b2, eps = 1e-3, 0.9, 0.999, 1e-7
	c1, c2 := float64(1-float32(b1)), float64(1-float32(b2)) // as the kernel sees them
	r := newRand()
	paths(t, func(t *testing.T) {
		for _, n := range testLens {
			p, g := randSlice(r, n, -1, 1), randSlice(r, n, -1, 1)
			m, v := randSlice(r, n, -0.1, 0.1), randSlice(r, n, 0, 0.01)
			p0, m0, v0 := append([]float32(nil), p...), append([]float32(nil), m...), append([]float32(nil), v...)
			AdamUpdate(p, g, m, v, alpha, b1, b2, eps)
			for i := range p {
				gi := float64(g[i])
				mw := float64(m0[i]) + (gi-float64(m0[i]))*c1
				vw := float64(v0[i]) + (gi*gi-float64(v0[i]))*c2
				pw := float64(p0[i]) - float64(float32(alpha))*mw/(math.Sqrt(vw)+float64(float32(eps)))
				// float32 error bounds (cancellation in m and v is inherent).
				mTol := 4 * f32eps * (math.Abs(float64(m0[i])) + math.Abs(gi))
				vTol := 4 * f32eps * (float64(v0[i]) + gi*gi)
				step := math.Abs(pw - float64(p0[i]))
				pTol := 2*f32eps*math.Abs(pw) + step*(8*f32eps+mTol/math.Max(math.Abs(mw), 1e-30)+vTol/math.Max(vw, 1e-30))
				if !close32(m[i], mw, 0, mTol) || !close32(v[i], vw, 0, vTol) || !close32(p[i], pw, 0, pTol) {
					t.Fatalf("n=%d i=%d: p,m,v = %g,%g,%g want %g,%g,%g", n, i, p[i], m[i], v[i], pw, mw, vw)
				}
			}
		}
	})
}

// TestExactKernelsMatch: the exact element-wise kernels are bit-identical
// across paths.
func TestExactKernelsMatch(t *testing.T) {
	if !haveAsm {
		t.Skip("no assembly kernels")
	}
	r := newRand()
	n := 1003
	p, g := randSlice(r, n, -1, 1), randSlice(r, n, -1, 1)
	m, v := randSlice(r, n, -0.1, 0.1), randSlice(r, n, 0, 0.01)
	bias := randSlice(r, 59, -1, 1)
	run := func(generic bool) (out [][]float32) {
		defer ForceGeneric(ForceGeneric(generic))
		cp := func(s []float32) []float32 { return append([]float32(nil), s...) }
		pp, mm, vv, yy, bb := cp(p), cp(m), cp(v), cp(g), cp(p[:59*17])
		AdamUpdate(pp, g, mm, vv, 1e-3, 0.9, 0.999, 1e-7)
		Axpy(-0.3, p, yy)
		AddBiasRelu(bb, 17, 59, bias)
		rl, rg := make([]float32, n), make([]float32, n)
		Relu(rl, g)
		ReluGrad(rg, p, g)
		sa, ss, sm := make([]float32, n), make([]float32, n), cp(p)
		Add(sa, p, g)
		Sub(ss, p, g)
		Mul(sm, sm, g) // dst aliasing a
		sc := cp(p)
		Scale(-1.3, sc)
		dots := []float32{Dot(p, g), Dot(p[:7], g[:7]), Dot(p[:16], g[:16]), Dot(p[3:], g[3:])}
		return [][]float32{pp, mm, vv, yy, bb, rl, rg, sa, ss, sm, sc, dots}
	}
	a, b := run(false), run(true)
	for k := range a {
		for i := range a[k] {
			if math.Float32bits(a[k][i]) != math.Float32bits(b[k][i]) {
				t.Fatalf("output %d elem %d: asm %g generic %g", k, i, a[k][i], b[k][i])
			}
		}
	}
}
