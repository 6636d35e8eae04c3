package vmath

import (
	"math"
	"math/rand/v2"
	"testing"
)

// convTapsCase is a 2-d 'valid' convolution row: kh×kw kernel over an
// input row block of width wid and cin channels, npix outputs.
type convTapsCase struct {
	npix, kh, kw, cin, cout int
}

func (c convTapsCase) offsets() (off []int, xstep, nx int) {
	wid := c.npix + c.kw - 1
	for ky := range c.kh {
		for kx := range c.kw {
			for ci := range c.cin {
				off = append(off, (ky*wid+kx)*c.cin+ci)
			}
		}
	}
	return off, c.cin, c.kh * wid * c.cin
}

var convTapsCases = []convTapsCase{
	{26, 3, 3, 1, 32}, {1, 3, 3, 1, 32}, {2, 1, 1, 1, 64}, {5, 3, 3, 3, 16}, {7, 2, 2, 1, 40},
	{4, 1, 5, 2, 8}, {3, 3, 3, 1, 48}, {9, 1, 2, 1, 96}, {6, 2, 3, 2, 33},
}

func TestConvTaps(t *testing.T) {
	paths(t, func(t *testing.T) {
		for i, c := range convTapsCases {
			rng := rand.New(rand.NewPCG(uint64(i), 9))
			off, xstep, nx := c.offsets()
			x, w := randSlice(rng, nx, -1, 1), randSlice(rng, len(off)*c.cout, -1, 1)
			for _, withBias := range []bool{false, true} {
				for _, relu := range []bool{false, true} {
					var bias []float32
					if withBias {
						bias = randSlice(rng, c.cout, -1, 1)
					}
					y := make([]float32, c.npix*c.cout)
					ConvTaps(y, c.cout, x, xstep, off, w, bias, relu)
					for p := range c.npix {
						for co := range c.cout {
							var want, mag float64
							if bias != nil {
								want, mag = float64(bias[co]), math.Abs(float64(bias[co]))
							}
							for tp, o := range off {
								v := float64(x[p*xstep+o]) * float64(w[tp*c.cout+co])
								want += v
								mag += math.Abs(v)
							}
							if relu {
								want = max(want, 0)
							}
							if got := float64(y[p*c.cout+co]); math.Abs(got-want) > 1e-6*(mag+1) {
								t.Fatalf("case %v bias=%v relu=%v: y[%d,%d] = %v, want %v", c, withBias, relu, p, co, got, want)
							}
						}
					}
				}
			}
		}
	})
}

func TestConvTapsGrad(t *testing.T) {
	for i, c := range convTapsCases {
		rng := rand.New(rand.NewPCG(uint64(i), 10))
		off, xstep, nx := c.offsets()
		x, g := randSlice(rng, nx, -1, 1), randSlice(rng, c.npix*c.cout, -1, 1)
		dw0, db0 := randSlice(rng, len(off)*c.cout, -1, 1), randSlice(rng, c.cout, -1, 1)
		var dbs [2][]float32
		for k, generic := range []bool{false, true} {
			if !generic && !haveAsm {
				dbs[k] = nil
				continue
			}
			prev := ForceGeneric(generic)
			dw, db := append([]float32(nil), dw0...), append([]float32(nil), db0...)
			ConvTapsGrad(dw, db, c.cout, x, xstep, off, g)
			ForceGeneric(prev)
			dbs[k] = db
			for tp, o := range off {
				for co := range c.cout {
					want, mag := float64(dw0[tp*c.cout+co]), math.Abs(float64(dw0[tp*c.cout+co]))
					for p := range c.npix {
						v := float64(x[p*xstep+o]) * float64(g[p*c.cout+co])
						want += v
						mag += math.Abs(v)
					}
					if got := float64(dw[tp*c.cout+co]); math.Abs(got-want) > 1e-6*(mag+1) {
						t.Fatalf("%s case %v: dw[%d,%d] = %v, want %v", Impl(), c, tp, co, got, want)
					}
				}
			}
			for co := range c.cout {
				want := db0[co]
				for p := range c.npix {
					want += g[p*c.cout+co]
				}
				if db[co] != want {
					t.Fatalf("%s case %v: db[%d] = %v, want %v", Impl(), c, co, db[co], want)
				}
			}
		}
		// nil db leaves the bias gradient alone.
		ConvTapsGrad(make([]float32, len(dw0)), nil, c.cout, x, xstep, off, g)
	}
}

func TestConvTapsBadOperands(t *testing.T) {
	off := []int{0, 1, 2}
	for name, f := range map[string]func(){
		"short x": func() { ConvTaps(make([]float32, 4*8), 8, make([]float32, 5), 1, off, make([]float32, 24), nil, false) },
		"negative": func() {
			ConvTaps(make([]float32, 8), 8, make([]float32, 5), 1, []int{-1}, make([]float32, 8), nil, false)
		},
		"short w": func() { ConvTapsGrad(make([]float32, 16), nil, 8, make([]float32, 5), 1, off, make([]float32, 8)) },
		"short bias": func() {
			ConvTaps(make([]float32, 8), 8, make([]float32, 5), 1, off, make([]float32, 24), make([]float32, 4), false)
		},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			f()
		}()
	}
}

// BenchmarkConvTaps times one output row of the W2 model's first
// convolution (26 pixels, 3×3 taps on one channel, 32 filters) forward and
// its kernel gradient.
func BenchmarkConvTaps(b *testing.B) {
	c := convTapsCase{26, 3, 3, 1, 32}
	rng := rand.New(rand.NewPCG(1, 2))
	off, xstep, nx := c.offsets()
	x, w, bias := randSlice(rng, nx, -1, 1), randSlice(rng, len(off)*c.cout, -1, 1), randSlice(rng, c.cout, -1, 1)
	y, dw, db := make([]float32, c.npix*c.cout), make([]float32, len(w)), make([]float32, c.cout)
	flops := float64(2 * c.npix * c.cout * len(off))
	for _, generic := range []bool{false, true} {
		if !generic && !haveAsm {
			continue
		}
		prev := ForceGeneric(generic)
		b.Run(Impl(), func(b *testing.B) {
			for range b.N {
				ConvTaps(y, c.cout, x, xstep, off, w, bias, true)
			}
			b.ReportMetric(flops*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
		b.Run(Impl()+"/grad", func(b *testing.B) {
			for range b.N {
				ConvTapsGrad(dw, db, c.cout, x, xstep, off, y)
			}
			b.ReportMetric(flops*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
		ForceGeneric(prev)
	}
}

func TestConvRows(t *testing.T) {
	paths(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(3, 4))
		for _, n := range []int{0, 1, 7, 8, 9, 31, 32, 33, 96, 100} {
			for _, rows := range []int{0, 1, 3, 11} {
				for _, step := range []int{n + 5, max(1, n/3)} { // disjoint, overlapping
					dstep, sstep := step, step
					ns := max(0, (rows-1)*sstep+n)
					src := randSlice(rng, ns+3, -1, 1)
					// Copy: overlapping source rows, disjoint destination rows.
					dst := randSlice(rng, max(0, (rows-1)*(n+2)+n)+2, -1, 1)
					want := append([]float32(nil), dst...)
					for r := range rows {
						copy(want[r*(n+2):r*(n+2)+n], src[r*sstep:r*sstep+n])
					}
					ConvCopyRows(dst, n+2, src, sstep, n, rows)
					for i := range want {
						if dst[i] != want[i] {
							t.Fatalf("copy n=%d rows=%d step=%d: [%d] = %v, want %v", n, rows, step, i, dst[i], want[i])
						}
					}
					// Add: overlapping destination rows, in row order.
					acc := randSlice(rng, max(0, (rows-1)*dstep+n)+1, -1, 1)
					want = append([]float32(nil), acc...)
					for r := range rows {
						for i := range n {
							want[r*dstep+i] += src[r*sstep+i]
						}
					}
					ConvAddRows(acc, dstep, src, sstep, n, rows)
					for i := range want {
						if acc[i] != want[i] {
							t.Fatalf("add n=%d rows=%d step=%d: [%d] = %v, want %v", n, rows, step, i, acc[i], want[i])
						}
					}
				}
			}
		}
	})
}

// BenchmarkConvCopyRows times one kernel row of the W2 model's second
// convolution's im2col: 11 output pixels, 3 taps × 32 channels each.
func BenchmarkConvCopyRows(b *testing.B) {
	src, dst := make([]float32, 13*32), make([]float32, 11*289)
	for _, generic := range []bool{false, true} {
		if !generic && !haveAsm {
			continue
		}
		prev := ForceGeneric(generic)
		b.Run(Impl(), func(b *testing.B) {
			b.SetBytes(11 * 96 * 4)
			for range b.N {
				ConvCopyRows(dst, 289, src, 32, 96, 11)
			}
		})
		b.Run(Impl()+"/add", func(b *testing.B) {
			b.SetBytes(11 * 96 * 4)
			for range b.N {
				ConvAddRows(src, 32, dst, 289, 96, 11)
			}
		})
		ForceGeneric(prev)
	}
}

func TestReluBits(t *testing.T) {
	special := []float32{0, float32(math.Copysign(0, -1)), 1, -1, float32(math.NaN()), float32(-math.NaN()), float32(math.Inf(-1)), 1e-45}
	paths(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(5, 6))
		for _, n := range testLens {
			y := randSlice(rng, n, -1, 1)
			for i := range y {
				if rng.IntN(3) == 0 {
					y[i] = special[rng.IntN(len(special))]
				}
			}
			gout := randSlice(rng, n, -1, 1)
			want := make([]float32, n)
			reluGradGeneric(want, gout, y)
			bits := make([]uint8, (n+7)/8)
			ReluBits(bits, y)
			dst := make([]float32, n)
			ReluGradBits(dst, gout, bits)
			for i := range want {
				if math.Float32bits(dst[i]) != math.Float32bits(want[i]) {
					t.Fatalf("n=%d: [%d] = %v for y = %v, want %v", n, i, dst[i], y[i], want[i])
				}
			}
			ReluGradBits(gout, gout, bits) // in place
			for i := range want {
				if math.Float32bits(gout[i]) != math.Float32bits(want[i]) {
					t.Fatalf("n=%d in place: [%d] = %v, want %v", n, i, gout[i], want[i])
				}
			}
		}
	})
}
