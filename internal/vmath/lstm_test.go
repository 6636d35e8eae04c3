package vmath

import (
	"math"
	"testing"
)

// lstmRef is LSTMCell written with the public Sigmoid/Tanh and scalar
// arithmetic in the documented order: the fused kernels must match it bit
// for bit on both paths.
func lstmRef(z, bias, cprev, c, t, h []float32) {
	u := len(c)
	for j := range z {
		z[j] += bias[j]
	}
	Sigmoid(z[:2*u], z[:2*u])
	Tanh(z[2*u:3*u], z[2*u:3*u])
	Sigmoid(z[3*u:], z[3*u:])
	for j := range c {
		c[j] = float32(z[u+j]*cprev[j]) + float32(z[j]*z[2*u+j])
	}
	Tanh(t, c)
	for j := range h {
		h[j] = z[3*u+j] * t[j]
	}
}

func TestLSTMCell(t *testing.T) {
	r := newRand()
	paths(t, func(t *testing.T) {
		for _, u := range []int{1, 3, 8, 16, 20, 128} {
			z := randSlice(r, 4*u, -6, 6)
			bias := randSlice(r, 4*u, -1, 1)
			cprev := randSlice(r, u, -3, 3)
			zw := append([]float32(nil), z...)
			c, tc, h := make([]float32, u), make([]float32, u), make([]float32, u)
			wc, wt, wh := make([]float32, u), make([]float32, u), make([]float32, u)
			LSTMCell(z, bias, cprev, c, tc, h)
			lstmRef(zw, bias, cprev, wc, wt, wh)
			for _, p := range []struct {
				name      string
				got, want []float32
			}{{"gates", z, zw}, {"c", c, wc}, {"tanh(c)", tc, wt}, {"h", h, wh}} {
				for j := range p.got {
					if math.Float32bits(p.got[j]) != math.Float32bits(p.want[j]) {
						t.Fatalf("u=%d %s[%d] = %g, want %g", u, p.name, j, p.got[j], p.want[j])
					}
				}
			}
			// And h against float64 math on the activated gates.
			for j := range h {
				cc := float64(z[u+j])*float64(cprev[j]) + float64(z[j])*float64(z[2*u+j])
				if !close32(h[j], float64(z[3*u+j])*math.Tanh(cc), 8*f32eps, 1e-7) {
					t.Fatalf("u=%d h[%d] = %g, want %g", u, j, h[j], float64(z[3*u+j])*math.Tanh(cc))
				}
			}
		}
	})
}

func TestLSTMCellGrad(t *testing.T) {
	r := newRand()
	paths(t, func(t *testing.T) {
		for _, u := range []int{1, 5, 8, 24, 128} {
			gates := randSlice(r, 4*u, 0.01, 0.99)
			for j := 2 * u; j < 3*u; j++ {
				gates[j] = 2*gates[j] - 1 // g = tanh(.) is in (-1, 1)
			}
			cprev := randSlice(r, u, -2, 2)
			tc := randSlice(r, u, -0.99, 0.99)
			dh := randSlice(r, u, -1, 1)
			dcIn := randSlice(r, u, -1, 1)
			dz, dcOut := make([]float32, 4*u), make([]float32, u)
			LSTMCellGrad(gates, cprev, tc, dh, dcIn, dz, dcOut)
			for j := range u {
				i, f, g, o := float64(gates[j]), float64(gates[u+j]), float64(gates[2*u+j]), float64(gates[3*u+j])
				tt, d := float64(tc[j]), float64(dh[j])
				dc := float64(dcIn[j]) + d*o*(1-tt*tt)
				want := []float64{dc * g * i * (1 - i), dc * float64(cprev[j]) * f * (1 - f), dc * i * (1 - g*g), d * tt * o * (1 - o)}
				for k, w := range want {
					if !close32(dz[k*u+j], w, 8*f32eps, 1e-7) {
						t.Fatalf("u=%d dz[%d][%d] = %g, want %g", u, k, j, dz[k*u+j], w)
					}
				}
				if !close32(dcOut[j], dc*f, 8*f32eps, 1e-7) {
					t.Fatalf("u=%d dcOut[%d] = %g, want %g", u, j, dcOut[j], dc*f)
				}
			}
		}
	})
}

// TestLSTMCellGradPathsMatch: the assembly and Go backward kernels do the same
// float32 operations in the same order.
func TestLSTMCellGradPathsMatch(t *testing.T) {
	r := newRand()
	const u = 64
	gates := randSlice(r, 4*u, 0.01, 0.99)
	cprev, tc := randSlice(r, u, -2, 2), randSlice(r, u, -0.99, 0.99)
	dh, dcIn := randSlice(r, u, -1, 1), randSlice(r, u, -1, 1)
	dz1, dc1 := make([]float32, 4*u), make([]float32, u)
	dz2, dc2 := make([]float32, 4*u), make([]float32, u)
	LSTMCellGrad(gates, cprev, tc, dh, dcIn, dz1, dc1)
	lstmCellGradGeneric(gates, cprev, tc, dh, dcIn, dz2, dc2)
	for j := range dz1 {
		if math.Float32bits(dz1[j]) != math.Float32bits(dz2[j]) {
			t.Fatalf("dz[%d]: %g (dispatch) vs %g (generic)", j, dz1[j], dz2[j])
		}
	}
	for j := range dc1 {
		if math.Float32bits(dc1[j]) != math.Float32bits(dc2[j]) {
			t.Fatalf("dcOut[%d]: %g vs %g", j, dc1[j], dc2[j])
		}
	}
}
