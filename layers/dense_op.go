package layers

import (
	"github.com/gokeras/keras/internal/gemm"
	"github.com/gokeras/keras/internal/vmath"
	"github.com/gokeras/keras/tensor"
)

// denseOp is the fused x·W + b (+ relu) of Dense: one GEMM and one pass over
// the output, and in the backward pass one GEMM per operand and a column sum.
type denseOp struct {
	rows, in, units int
	relu            bool
	gz              []float32 // scratch: gradient at the pre-activation
}

func (op *denseOp) Name() string { return "dense" }

func (op *denseOp) Forward(out *tensor.Tensor, in []*tensor.Tensor) {
	x, w, o := in[0].Float32s(), in[1].Float32s(), out.Float32s()
	gemm.Sgemm(false, false, op.rows, op.units, op.in, 1, x, op.in, w, op.units, 0, o, op.units)
	switch {
	case len(in) > 2 && op.relu:
		vmath.AddBiasRelu(o, op.rows, op.units, in[2].Float32s())
	case len(in) > 2:
		vmath.AddBias(o, op.rows, op.units, in[2].Float32s())
	case op.relu:
		vmath.Relu(o, o)
	}
}

func (op *denseOp) Backward(gout, out *tensor.Tensor, in []*tensor.Tensor, gin []*tensor.Tensor) {
	op.backward(gout, out, in, gin, nil)
}

// BackwardOverwrite writes first-written gradients (GEMM beta 0) instead of
// adding to them.
func (op *denseOp) BackwardOverwrite(gout, out *tensor.Tensor, in []*tensor.Tensor, gin []*tensor.Tensor, first []bool) {
	op.backward(gout, out, in, gin, first)
}

func (op *denseOp) backward(gout, out *tensor.Tensor, in []*tensor.Tensor, gin []*tensor.Tensor, first []bool) {
	beta := func(i int) float32 {
		if first != nil && first[i] {
			return 0
		}
		return 1
	}
	g := gout.Float32s()
	if op.relu {
		if op.gz == nil {
			op.gz = make([]float32, len(g))
		}
		vmath.ReluGrad(op.gz, g, out.Float32s())
		g = op.gz
	}
	if gin[0] != nil { // dx += g·Wᵀ
		gemm.Sgemm(false, true, op.rows, op.in, op.units, 1, g, op.units, in[1].Float32s(), op.units, beta(0), gin[0].Float32s(), op.in)
	}
	if gin[1] != nil { // dW += xᵀ·g
		gemm.Sgemm(true, false, op.in, op.units, op.rows, 1, in[0].Float32s(), op.in, g, op.units, beta(1), gin[1].Float32s(), op.units)
	}
	if len(in) > 2 && gin[2] != nil {
		if beta(2) == 0 {
			clear(gin[2].Float32s())
		}
		vmath.ColSum(gin[2].Float32s(), g, op.rows, op.units)
	}
}
