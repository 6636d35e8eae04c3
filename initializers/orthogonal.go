package initializers

import (
	"fmt"
	"math"

	"github.com/gokeras/keras/tensor"
)

// Orthogonal is keras.initializers.Orthogonal: the shape is flattened to
// (prod(shape[:-1]), shape[-1]); a normal matrix of the taller orientation
// is QR-factorised, Q's columns are multiplied by the signs of R's diagonal
// (making Q uniformly distributed), transposed back when there are fewer rows
// than columns, scaled by Gain (Keras's default 1.0) and reshaped.
type Orthogonal struct {
	Gain float64
	seeded
}

// NewOrthogonal returns an Orthogonal; seed is optional.
func NewOrthogonal(gain float64, seed ...int64) *Orthogonal {
	return &Orthogonal{Gain: gain, seeded: newSeeded(seed)}
}

// Call draws a new tensor of rank >= 2.
func (o *Orthogonal) Call(shape tensor.Shape) (*tensor.Tensor, error) {
	if len(shape) < 2 {
		return nil, fmt.Errorf("initializer Orthogonal: the tensor to initialize must be at least two-dimensional. Received: shape=%v of rank %d", shape, len(shape))
	}
	if err := checkShape("Orthogonal", shape); err != nil {
		return nil, err
	}
	rows := 1
	for _, d := range shape[:len(shape)-1] {
		rows *= d
	}
	cols := shape[len(shape)-1]
	m, n := max(rows, cols), min(rows, cols)
	a, err := draw("Orthogonal", "normal", tensor.Shape{m, n}, 0, 1, o.seed)
	if err != nil {
		return nil, err
	}
	q := qrQ(a.Float32s(), m, n) // m×n, signs fixed
	t := tensor.Zeros(shape...)
	d := t.Float32s()
	for i := range m {
		for j := range n {
			v := float32(o.Gain * q[i*n+j])
			if rows < cols {
				d[j*m+i] = v // transpose: result is n×m = rows×cols
			} else {
				d[i*n+j] = v
			}
		}
	}
	return t, nil
}

// qrQ returns the m×n (m >= n) Q of a Householder QR factorisation of a
// (row-major), with column j multiplied by sign(R[j][j]).
func qrQ(a32 []float32, m, n int) []float64 {
	a := make([]float64, m*n)
	for i, v := range a32 {
		a[i] = float64(v)
	}
	vs := make([][]float64, n) // Householder vectors, v[k] has length m-k
	diag := make([]float64, n)
	for k := range n {
		norm := 0.0
		for i := k; i < m; i++ {
			norm += float64(a[i*n+k] * a[i*n+k]) // rounded: no FMA under GOAMD64=v3
		}
		norm = math.Sqrt(norm)
		alpha := -norm
		if a[k*n+k] < 0 {
			alpha = norm
		}
		v := make([]float64, m-k)
		for i := k; i < m; i++ {
			v[i-k] = a[i*n+k]
		}
		v[0] -= alpha
		vn := 0.0
		for _, x := range v {
			vn += float64(x * x)
		}
		if vn > 0 {
			vn = math.Sqrt(vn)
			for i := range v {
				v[i] /= vn
			}
			// A[k:, k:] -= 2 v (vᵀ A[k:, k:])
			for j := k; j < n; j++ {
				s := 0.0
				for i := k; i < m; i++ {
					s += v[i-k] * a[i*n+j]
				}
				for i := k; i < m; i++ {
					a[i*n+j] -= 2 * v[i-k] * s
				}
			}
		} else {
			v = nil
		}
		vs[k] = v
		diag[k] = a[k*n+k]
	}
	// Q = H_0 ... H_{n-1} I[:, :n]
	q := make([]float64, m*n)
	for i := range n {
		q[i*n+i] = 1
	}
	for k := n - 1; k >= 0; k-- {
		v := vs[k]
		if v == nil {
			continue
		}
		for j := range n {
			s := 0.0
			for i := k; i < m; i++ {
				s += v[i-k] * q[i*n+j]
			}
			for i := k; i < m; i++ {
				q[i*n+j] -= 2 * v[i-k] * s
			}
		}
	}
	for j, r := range diag {
		sign := 0.0
		switch {
		case r > 0:
			sign = 1
		case r < 0:
			sign = -1
		}
		for i := range m {
			q[i*n+j] *= sign
		}
	}
	return q
}

// ClassName is "Orthogonal".
func (*Orthogonal) ClassName() string { return "Orthogonal" }

// GetConfig is {"seed", "gain"}.
func (o *Orthogonal) GetConfig() map[string]any {
	return map[string]any{"seed": o.seedConfig(), "gain": o.Gain}
}

func orthogonalFromConfig(cfg map[string]any) (Initializer, error) {
	if err := onlyKeys(cfg, "seed", "gain"); err != nil {
		return nil, err
	}
	g, err := num(cfg, "gain", 1)
	if err != nil {
		return nil, err
	}
	seed, err := seedArg(cfg)
	if err != nil {
		return nil, err
	}
	return NewOrthogonal(g, seed...), nil
}
