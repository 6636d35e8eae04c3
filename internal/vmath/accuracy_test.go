package vmath

import (
	"math"
	"testing"
)

// gridBits returns float32 values of both signs whose magnitudes sweep the
// bit patterns [0, hi] with the given stride (plus hi itself).
func gridBits(hi uint32, stride uint32, signs bool) []float32 {
	var s []float32
	for b := uint32(0); b <= hi; b += stride {
		s = append(s, math.Float32frombits(b))
		if signs {
			s = append(s, math.Float32frombits(b|1<<31))
		}
	}
	return append(s, math.Float32frombits(hi))
}

// gridLin adds a dense uniform grid on [lo, hi].
func gridLin(lo, hi float64, n int) []float32 {
	s := make([]float32, n+1)
	for i := range s {
		s[i] = float32(lo + (hi-lo)*float64(i)/float64(n))
	}
	return s
}

type accCase struct {
	name    string
	f       func(dst, x []float32)
	ref     func(float64) float64
	in      []float32
	maxUlp  float64
	minNorm bool // only score results >= MinNormal in ulps; others by abs 1 ulp
}

func accCases() []accCase {
	expIn := append(gridBits(0x42D00000, 997, true), gridLin(-104, 89, 1<<18)...)
	logIn := append(gridBits(0x7F7FFFFF, 1999, false), gridLin(0.5, 2, 1<<18)...)
	tanhIn := append(gridBits(0x41300000, 997, true), gridLin(-1, 1, 1<<18)...)
	sigIn := append(gridBits(0x42D00000, 997, true), gridLin(-20, 20, 1<<18)...)
	sig := func(x float64) float64 { return 1 / (1 + math.Exp(-x)) }
	return []accCase{
		{"Exp", Exp, math.Exp, expIn, 2, true},
		{"Log", Log, math.Log, logIn, 2, false},
		{"Tanh", Tanh, math.Tanh, tanhIn, 3, false},
		{"Sigmoid", Sigmoid, sig, sigIn, 3, true},
	}
}

// TestAccuracy measures the max ulp error of the transcendental kernels
// against float64 math on dense grids, on every path.
func TestAccuracy(t *testing.T) {
	for _, c := range accCases() {
		t.Run(c.name, func(t *testing.T) {
			paths(t, func(t *testing.T) {
				out := make([]float32, len(c.in))
				c.f(out, c.in)
				worst, at := 0.0, float32(0)
				for i, x := range c.in {
					want := c.ref(float64(x))
					e := ulpErr(out[i], want)
					if c.minNorm && math.Abs(want) < 0x1p-126 && !math.IsNaN(want) {
						// subnormal result: allow 1 subnormal ulp absolute.
						if math.Abs(float64(out[i])-want) <= 0x1p-149 {
							e = 0
						}
					}
					if e > worst {
						worst, at = e, x
					}
				}
				t.Logf("%s: max error %.3f ulp at x=%g (%d points)", c.name, worst, at, len(c.in))
				if worst > c.maxUlp {
					t.Errorf("%s: max error %.3f ulp at x=%g > %g", c.name, worst, at, c.maxUlp)
				}
			})
		})
	}
}

func TestSpecialValues(t *testing.T) {
	inf, nan := float32(math.Inf(1)), float32(math.NaN())
	negz := float32(math.Copysign(0, -1))
	type sv struct {
		f    func(dst, x []float32)
		x    float32
		want float32
	}
	cases := map[string][]sv{
		"Exp":     {{Exp, inf, inf}, {Exp, -inf, 0}, {Exp, nan, nan}, {Exp, 88.8, inf}, {Exp, 100, inf}, {Exp, -200, 0}, {Exp, 0, 1}, {Exp, negz, 1}},
		"Log":     {{Log, -1, nan}, {Log, 0, -inf}, {Log, negz, -inf}, {Log, inf, inf}, {Log, nan, nan}, {Log, 1, 0}, {Log, -inf, nan}},
		"Tanh":    {{Tanh, inf, 1}, {Tanh, -inf, -1}, {Tanh, nan, nan}, {Tanh, 0, 0}, {Tanh, 50, 1}, {Tanh, -50, -1}},
		"Sigmoid": {{Sigmoid, inf, 1}, {Sigmoid, -inf, 0}, {Sigmoid, nan, nan}, {Sigmoid, 0, 0.5}, {Sigmoid, 200, 1}, {Sigmoid, -200, 0}},
	}
	for name, cs := range cases {
		t.Run(name, func(t *testing.T) {
			paths(t, func(t *testing.T) {
				for _, c := range cs {
					// put the value in a full block and in a tail to hit both code paths.
					for _, n := range []int{1, 9} {
						x := make([]float32, n)
						for i := range x {
							x[i] = c.x
						}
						c.f(x, x)
						for _, got := range x {
							if !(got == c.want || got != got && c.want != c.want) {
								t.Errorf("%s(%g) = %g, want %g", name, c.x, got, c.want)
							}
						}
					}
				}
			})
		})
	}
	paths(t, func(t *testing.T) {
		x := []float32{negz}
		Tanh(x, x)
		if math.Float32bits(x[0]) != 1<<31 {
			t.Errorf("Tanh(-0) = %g, want -0", x[0])
		}
		x = []float32{-100}
		Sigmoid(x, x) // e^-100 ~ 3.7e-44: subnormal, must not be flushed to 0
		if x[0] == 0 {
			t.Errorf("Sigmoid(-100) = 0, want ~3.7e-44")
		}
	})
}

// TestTranscendentalLengths checks every length and dst==x aliasing.
func TestTranscendentalLengths(t *testing.T) {
	r := newRand()
	for _, c := range accCases() {
		t.Run(c.name, func(t *testing.T) {
			paths(t, func(t *testing.T) {
				for _, n := range testLens {
					x := randSlice(r, n, -10, 10)
					if c.name == "Log" {
						x = randSlice(r, n, 1e-3, 100)
					}
					want := make([]float64, n)
					for i, v := range x {
						want[i] = c.ref(float64(v))
					}
					out := make([]float32, n)
					c.f(out, x)
					c.f(x, x) // aliasing
					for i := range x {
						if e := ulpErr(out[i], want[i]); e > c.maxUlp {
							t.Fatalf("%s n=%d i=%d: %.2f ulp", c.name, n, i, e)
						}
						if x[i] != out[i] {
							t.Fatalf("%s n=%d i=%d: aliased result %g != %g", c.name, n, i, x[i], out[i])
						}
					}
				}
			})
		})
	}
}
