package ops

import (
	"fmt"

	"github.com/gokeras/keras/tensor"
)

// matmulOp multiplies the last two axes of a and b, batching over the
// leading axes (which must match, or be absent on b).
type matmulOp struct {
	batch, m, k, n int
	bBatched       bool
}

func (op *matmulOp) Name() string { return "matmul" }

func (op *matmulOp) Forward(out *tensor.Tensor, in []*tensor.Tensor) {
	a, b, c := in[0].Float32s(), in[1].Float32s(), out.Float32s()
	m, k, n := op.m, op.k, op.n
	if !op.bBatched {
		// Fold the batch into M: one large GEMM.
		sgemm(false, false, op.batch*m, n, k, 1, a, k, b, n, 0, c, n)
		return
	}
	for i := 0; i < op.batch; i++ {
		sgemm(false, false, m, n, k, 1, a[i*m*k:], k, b[i*k*n:], n, 0, c[i*m*n:], n)
	}
}

func (op *matmulOp) Backward(gout, out *tensor.Tensor, in []*tensor.Tensor, gin []*tensor.Tensor) {
	op.backward(gout, in, gin, 1, 1)
}

// BackwardOverwrite is Backward with beta = 0 for first-written gradients.
func (op *matmulOp) BackwardOverwrite(gout, out *tensor.Tensor, in []*tensor.Tensor, gin []*tensor.Tensor, first []bool) {
	op.backward(gout, in, gin, betaFor(first[0]), betaFor(first[1]))
}

// betaFor is the GEMM beta that overwrites (first) or accumulates into C.
func betaFor(first bool) float32 {
	if first {
		return 0
	}
	return 1
}

// backward adds (beta 1) or writes (beta 0) dA = G * B^T and dB = A^T * G.
func (op *matmulOp) backward(gout *tensor.Tensor, in []*tensor.Tensor, gin []*tensor.Tensor, betaA, betaB float32) {
	a, b, g := in[0].Float32s(), in[1].Float32s(), gout.Float32s()
	m, k, n := op.m, op.k, op.n
	if !op.bBatched {
		if gin[0] != nil {
			sgemm(false, true, op.batch*m, k, n, 1, g, n, b, n, betaA, gin[0].Float32s(), k)
		}
		if gin[1] != nil {
			sgemm(true, false, k, n, op.batch*m, 1, a, k, g, n, betaB, gin[1].Float32s(), n)
		}
		return
	}
	for i := 0; i < op.batch; i++ {
		gi := g[i*m*n:]
		if gin[0] != nil {
			sgemm(false, true, m, k, n, 1, gi, n, b[i*k*n:], n, betaA, gin[0].Float32s()[i*m*k:], k)
		}
		if gin[1] != nil {
			sgemm(true, false, k, n, m, 1, a[i*m*k:], k, gi, n, betaB, gin[1].Float32s()[i*k*n:], n)
		}
	}
}

// Matmul is keras.ops.matmul for float32 tensors of rank >= 1: the last axis
// of a contracts with the second-to-last of b (the only axis of a rank-1 b),
// batching over the leading axes of a. b may be rank 2 (shared across the
// batch) or have the same leading axes as a.
func Matmul(a, b *tensor.Tensor) (*tensor.Tensor, error) {
	if a == nil || b == nil {
		return nil, fmt.Errorf("ops.matmul: nil tensor argument")
	}
	if a.DType() != tensor.Float32 || b.DType() != tensor.Float32 {
		return nil, fmt.Errorf("ops.matmul: both operands must be float32, got %v and %v", a.DType(), b.DType())
	}
	as, bs := a.Shape(), b.Shape()
	if len(as) == 0 || len(bs) == 0 {
		return nil, fmt.Errorf("ops.matmul: operands must have rank >= 1, got shapes %v and %v", as, bs)
	}
	squeezeA, squeezeB := false, false
	if len(as) == 1 {
		as, squeezeA = tensor.Shape{1, as[0]}, true
	}
	if len(bs) == 1 {
		bs, squeezeB = tensor.Shape{bs[0], 1}, true
	}
	k := as[len(as)-1]
	if bs[len(bs)-2] != k {
		return nil, fmt.Errorf("ops.matmul: incompatible shapes %v and %v: last axis of the first (%d) must equal second-to-last axis of the second (%d)", a.Shape(), b.Shape(), k, bs[len(bs)-2])
	}
	lead := as[:len(as)-2]
	op := &matmulOp{m: as[len(as)-2], k: k, n: bs[len(bs)-1], batch: max(tensor.Shape(lead).Size(), 1)}
	if len(bs) > 2 {
		if !tensor.Shape(bs[:len(bs)-2]).Equal(lead) {
			return nil, fmt.Errorf("ops.matmul: batch axes of shapes %v and %v differ", a.Shape(), b.Shape())
		}
		op.bBatched = true
	}
	out := append(tensor.Shape{}, lead...)
	if !squeezeA {
		out = append(out, op.m)
	}
	if !squeezeB {
		out = append(out, op.n)
	}
	return tensor.Apply(op, tensor.Float32, out, a, b)
}
