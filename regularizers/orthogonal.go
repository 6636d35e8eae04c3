package regularizers

import (
	"fmt"
	"math"

	"github.com/gokeras/keras/tensor"
)

// normEpsSq is Keras's epsilon (1e-7) squared: ops.nn.normalize clamps the
// squared norm at epsilon² before the rsqrt.
const normEpsSq = 1e-7 * 1e-7

// OrthogonalRegularizer is keras.regularizers.OrthogonalRegularizer for
// rank-2 weights: the rows (Mode "rows") or columns ("columns") are
// L2-normalised as keras.ops.normalize does (x * rsqrt(max(sum x², eps²))),
// and the penalty is Factor * 0.5 * sum(|off-diagonal of the Gram matrix|)
// / (size*(size-1)/2), size being the number of rows (or columns). Keras's
// defaults are 0.01 and "rows". With a single row (column) Keras divides 0
// by 0 and so does this: the penalty is NaN.
type OrthogonalRegularizer struct {
	Factor float64
	Mode   string
}

// NewOrthogonalRegularizer checks the arguments as Keras does.
func NewOrthogonalRegularizer(factor float64, mode string) (*OrthogonalRegularizer, error) {
	if err := validateFloatArg("OrthogonalRegularizer", "factor", factor); err != nil {
		return nil, err
	}
	if mode != "rows" && mode != "columns" {
		return nil, fmt.Errorf(`regularizer OrthogonalRegularizer: invalid value for argument mode. Expected one of {"rows", "columns"}. Received: mode=%q`, mode)
	}
	return &OrthogonalRegularizer{Factor: factor, Mode: mode}, nil
}

// Call returns the penalty as a float32 scalar.
func (r *OrthogonalRegularizer) Call(w *tensor.Tensor) (*tensor.Tensor, error) {
	if err := checkInput(r.ClassName(), w); err != nil {
		return nil, err
	}
	if w.Rank() != 2 {
		return nil, fmt.Errorf("regularizer OrthogonalRegularizer: inputs to OrthogonalRegularizer must have rank 2. Received: inputs.shape=%v", w.Shape())
	}
	if r.Mode != "rows" && r.Mode != "columns" {
		return nil, fmt.Errorf("regularizer OrthogonalRegularizer: invalid mode %q", r.Mode)
	}
	return tensor.Apply(&orthoOp{factor: r.Factor, columns: r.Mode == "columns"}, tensor.Float32, tensor.Shape{}, w)
}

// ClassName is "OrthogonalRegularizer".
func (*OrthogonalRegularizer) ClassName() string { return "OrthogonalRegularizer" }

// GetConfig is {"factor", "mode"}.
func (r *OrthogonalRegularizer) GetConfig() map[string]any {
	return map[string]any{"factor": r.Factor, "mode": r.Mode}
}

func orthogonalFromConfig(cfg map[string]any) (Regularizer, error) {
	mode := "rows"
	rest := map[string]any{}
	for k, v := range cfg {
		if k == "mode" {
			s, ok := v.(string)
			if !ok {
				return nil, fmt.Errorf("config key \"mode\" must be a string, got %v (%T)", v, v)
			}
			mode = s
			continue
		}
		rest[k] = v
	}
	v, err := floatKeys(rest, map[string]float64{"factor": 0.01})
	if err != nil {
		return nil, err
	}
	return NewOrthogonalRegularizer(v["factor"], mode)
}

// orthoOp computes the penalty and its gradient in one op. It works on K
// vectors of length L (the rows, or the columns, of w). The scratch buffers
// are sized on first use so replays allocate nothing.
type orthoOp struct {
	factor  float64
	columns bool
	k, l    int
	inv     []float64 // rsqrt(max(|v|², eps²)) per vector
	clamped []bool    // |v|² <= eps² (no gradient through the norm)
	n       []float64 // normalised vectors, K×L
	p       []float64 // Gram matrix, K×K
	dn      []float64 // gradient of the normalised vectors
}

func (*orthoOp) Name() string { return "orthogonal_regularizer" }

func (op *orthoOp) dims(w *tensor.Tensor) (k, l int, at func(v, i int) int) {
	rows, cols := w.Dim(0), w.Dim(1)
	if op.columns {
		return cols, rows, func(v, i int) int { return i*cols + v }
	}
	return rows, cols, func(v, i int) int { return v*cols + i }
}

func (op *orthoOp) Forward(out *tensor.Tensor, in []*tensor.Tensor) {
	w := in[0].Float32s()
	k, l, at := op.dims(in[0])
	if op.k != k || op.l != l || op.n == nil {
		op.k, op.l = k, l
		op.inv, op.clamped = make([]float64, k), make([]bool, k)
		op.n, op.dn = make([]float64, k*l), make([]float64, k*l)
		op.p = make([]float64, k*k)
	}
	for v := range k {
		s := 0.0
		for i := range l {
			x := float64(w[at(v, i)])
			s += x * x
		}
		op.clamped[v] = s <= normEpsSq
		op.inv[v] = 1 / math.Sqrt(math.Max(s, normEpsSq))
		for i := range l {
			op.n[v*l+i] = float64(w[at(v, i)]) * op.inv[v]
		}
	}
	sum := 0.0
	for a := range k {
		for b := range k {
			d := 0.0
			for i := range l {
				d += op.n[a*l+i] * op.n[b*l+i]
			}
			op.p[a*k+b] = d
			if a != b {
				sum += math.Abs(d)
			}
		}
	}
	pairs := float64(k) * (float64(k) - 1) / 2
	out.Float32s()[0] = float32(op.factor * 0.5 * sum / pairs)
}

func (op *orthoOp) Backward(gout, out *tensor.Tensor, in []*tensor.Tensor, gin []*tensor.Tensor) {
	if gin[0] == nil {
		return
	}
	w, gw := in[0].Float32s(), gin[0].Float32s()
	k, l, at := op.dims(in[0])
	pairs := float64(k) * (float64(k) - 1) / 2
	// d/dP_ab = c*sign(P_ab) off the diagonal; P is symmetric, so
	// dN_a = 2c * sum_b sign(P_ab) N_b.
	c := float64(gout.Float32s()[0]) * op.factor * 0.5 / pairs
	for a := range k {
		row := op.dn[a*l : (a+1)*l]
		clear(row)
		for b := range k {
			if a == b {
				continue
			}
			s := sign(op.p[a*k+b]) * 2 * c
			if s == 0 {
				continue
			}
			for i := range l {
				row[i] += s * op.n[b*l+i]
			}
		}
	}
	// N = W * r with r = (|W|²)^-1/2: dW = r dN - r³ W (dN·W).
	for v := range k {
		r := op.inv[v]
		dot := 0.0
		if !op.clamped[v] {
			for i := range l {
				dot += op.dn[v*l+i] * float64(w[at(v, i)])
			}
		}
		for i := range l {
			x := float64(w[at(v, i)])
			gw[at(v, i)] += float32(r*op.dn[v*l+i] - r*r*r*x*dot)
		}
	}
}

func sign(x float64) float64 {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	}
	return 0
}
