package ops

import (
	"fmt"
	"math"

	"github.com/gokeras/keras/tensor"
)

var uErf = Map("erf", f32(math.Erf), func(x, y float32) float32 {
	return float32(2 / math.SqrtPi * math.Exp(-float64(x)*float64(x)))
})

// Erf returns the Gauss error function (keras.ops.erf), used by the exact
// GELU. Its gradient is 2/sqrt(pi) * exp(-x^2).
func Erf(x *tensor.Tensor) (*tensor.Tensor, error) { return ApplyUnary(uErf, x) }

// stopGradientOp passes its input through (sharing storage) and blocks the
// gradient.
type stopGradientOp struct{}

func (stopGradientOp) Name() string       { return "stop_gradient" }
func (stopGradientOp) AliasesInput() bool { return true }
func (stopGradientOp) Forward(out *tensor.Tensor, in []*tensor.Tensor) {
	out.SetStorage(in[0])
}
func (stopGradientOp) Backward(gout, out *tensor.Tensor, in []*tensor.Tensor, gin []*tensor.Tensor) {
}

// StopGradient returns x unchanged while treating it as a constant for
// differentiation (keras.ops.stop_gradient). The result shares x's storage.
func StopGradient(x *tensor.Tensor) (*tensor.Tensor, error) {
	if err := nilCheck("stop_gradient", x); err != nil {
		return nil, err
	}
	return tensor.Apply(stopGradientOp{}, x.DType(), x.Shape(), x)
}

// filled allocates a tensor of shape filled with v.
func filled(name string, dtype tensor.DType, shape []int, v float64) (*tensor.Tensor, error) {
	t, err := tensor.New(dtype, shape...)
	if err != nil {
		return nil, fmt.Errorf("ops.%s: %w", name, err)
	}
	if v != 0 {
		fillValue(t, v)
	}
	return t, nil
}

// ZerosLike returns zeros of x's shape and dtype (keras.ops.zeros_like). The
// result is a constant, not connected to x's graph.
func ZerosLike(x *tensor.Tensor) (*tensor.Tensor, error) {
	if err := nilCheck("zeros_like", x); err != nil {
		return nil, err
	}
	return filled("zeros_like", x.DType(), x.Shape(), 0)
}

// OnesLike returns ones of x's shape and dtype (keras.ops.ones_like).
func OnesLike(x *tensor.Tensor) (*tensor.Tensor, error) {
	if err := nilCheck("ones_like", x); err != nil {
		return nil, err
	}
	return filled("ones_like", x.DType(), x.Shape(), 1)
}

// Full returns a float32 tensor of shape filled with v (keras.ops.full).
func Full(shape []int, v float32) (*tensor.Tensor, error) {
	return filled("full", tensor.Float32, shape, float64(v))
}

// Zeros returns a float32 tensor of zeros (keras.ops.zeros).
func Zeros(shape ...int) (*tensor.Tensor, error) { return filled("zeros", tensor.Float32, shape, 0) }

// Ones returns a float32 tensor of ones (keras.ops.ones).
func Ones(shape ...int) (*tensor.Tensor, error) { return filled("ones", tensor.Float32, shape, 1) }

// Arange returns the float32 values start, start+step, ... up to but
// excluding stop (keras.ops.arange); its length is ceil((stop-start)/step).
func Arange(start, stop, step float32) (*tensor.Tensor, error) {
	if step == 0 || step != step || start != start || stop != stop {
		return nil, fmt.Errorf("ops.arange: invalid arguments start=%g, stop=%g, step=%g (step must be non-zero, values finite)", start, stop, step)
	}
	nf := math.Ceil((float64(stop) - float64(start)) / float64(step))
	if math.IsInf(nf, 0) || nf > tensor.MaxElements {
		return nil, fmt.Errorf("ops.arange: start=%g, stop=%g, step=%g gives too many values", start, stop, step)
	}
	n := max(int(nf), 0)
	t, err := tensor.New(tensor.Float32, n)
	if err != nil {
		return nil, fmt.Errorf("ops.arange: %w", err)
	}
	for i, d := 0, t.Float32s(); i < n; i++ {
		d[i] = float32(float64(start) + float64(i)*float64(step))
	}
	return t, nil
}

// Eye returns the n x m float32 identity matrix (keras.ops.eye); m <= 0
// means m = n.
func Eye(n, m int) (*tensor.Tensor, error) {
	if m <= 0 {
		m = n
	}
	t, err := filled("eye", tensor.Float32, []int{n, m}, 0)
	if err != nil {
		return nil, err
	}
	for i, d := 0, t.Float32s(); i < min(n, m); i++ {
		d[i*m+i] = 1
	}
	return t, nil
}
