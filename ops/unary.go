package ops

import (
	"fmt"

	"github.com/gokeras/keras/tensor"
)

// Unary describes an element-wise float32 function and its derivative. Other
// packages (activations) define their functions with it and apply them with
// ApplyUnary, so every element-wise function shares one op implementation.
type Unary struct {
	Name string
	// Fn writes f(x) into dst (same length; dst may alias x).
	Fn func(dst, x []float32)
	// Grad adds gout * f'(x) into gin, given x and y = f(x). Nil for
	// functions whose gradient is zero almost everywhere.
	Grad func(gin, gout, x, y []float32)
	// SetGrad, when not nil, writes gout * f'(x) into gin instead of adding
	// it: a replayed plan uses it for a gradient's first contribution.
	SetGrad func(gin, gout, x, y []float32)
}

type unaryOp struct{ u *Unary }

func (op unaryOp) Name() string { return op.u.Name }

func (op unaryOp) Forward(out *tensor.Tensor, in []*tensor.Tensor) {
	op.u.Fn(out.Float32s(), in[0].Float32s())
}

func (op unaryOp) Backward(gout, out *tensor.Tensor, in []*tensor.Tensor, gin []*tensor.Tensor) {
	if gin[0] != nil && op.u.Grad != nil {
		op.u.Grad(gin[0].Float32s(), gout.Float32s(), in[0].Float32s(), out.Float32s())
	}
}

// BackwardOverwrite writes a first-written gradient with SetGrad, or clears
// it and adds with Grad.
func (op unaryOp) BackwardOverwrite(gout, out *tensor.Tensor, in []*tensor.Tensor, gin []*tensor.Tensor, first []bool) {
	switch {
	case gin[0] == nil || !first[0]:
		op.Backward(gout, out, in, gin)
	case op.u.SetGrad != nil:
		op.u.SetGrad(gin[0].Float32s(), gout.Float32s(), in[0].Float32s(), out.Float32s())
	default:
		clear(gin[0].Float32s())
		op.Backward(gout, out, in, gin)
	}
}

// ApplyUnary applies an element-wise function to x. Integer inputs are cast
// to float32 first, as Keras's float functions do.
func ApplyUnary(u *Unary, x *tensor.Tensor) (*tensor.Tensor, error) {
	if x == nil {
		return nil, fmt.Errorf("ops.%s: nil tensor argument", u.Name)
	}
	if x.DType() != tensor.Float32 {
		var err error
		if x, err = Cast(x, tensor.Float32); err != nil {
			return nil, fmt.Errorf("ops.%s: %w", u.Name, err)
		}
	}
	return tensor.Apply(unaryOp{u}, tensor.Float32, x.Shape(), x)
}

// Map builds a Unary from scalar functions, for functions without a
// vectorised kernel. df receives x and y = f(x).
func Map(name string, f func(x float32) float32, df func(x, y float32) float32) *Unary {
	u := &Unary{Name: name, Fn: func(dst, x []float32) {
		for i, v := range x {
			dst[i] = f(v)
		}
	}}
	if df != nil {
		u.Grad = func(gin, gout, x, y []float32) {
			for i, g := range gout {
				gin[i] += g * df(x[i], y[i])
			}
		}
	}
	return u
}
