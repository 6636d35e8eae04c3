package ops

import (
	"fmt"

	"github.com/gokeras/keras/tensor"
)

// matmulOp multiplies the last two axes of a and b, batching over the
// leading axes (which must match, or be absent on b). With transA (transB)
// the operand holds op(A) (op(B)) transposed: a is k x m, b is n x k; einsum
// uses that instead of transposing an operand.
type matmulOp struct {
	batch, m, k, n int
	bBatched       bool
	transA, transB bool
}

func (op *matmulOp) Name() string { return "matmul" }

// strides returns the row strides of the stored a and b, and their sizes
// per batch element.
func (op *matmulOp) strides() (lda, ldb, sa, sb int) {
	lda, ldb = op.k, op.n
	if op.transA {
		lda = op.m
	}
	if op.transB {
		ldb = op.k
	}
	sa, sb = op.m*op.k, 0
	if op.bBatched {
		sb = op.k * op.n
	}
	return lda, ldb, sa, sb
}

func (op *matmulOp) Forward(out *tensor.Tensor, in []*tensor.Tensor) {
	a, b, c := in[0].Float32s(), in[1].Float32s(), out.Float32s()
	m, k, n := op.m, op.k, op.n
	lda, ldb, sa, sb := op.strides()
	if !op.bBatched && !op.transA {
		// Fold the batch into M: one large GEMM.
		sgemm(false, op.transB, op.batch*m, n, k, 1, a, lda, b, ldb, 0, c, n)
		return
	}
	for i := 0; i < op.batch; i++ {
		sgemm(op.transA, op.transB, m, n, k, 1, a[i*sa:], lda, b[i*sb:], ldb, 0, c[i*m*n:], n)
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

// backward adds (beta 1) or writes (beta 0) the operand gradients: for
// C = op(A)*op(B) with gradient G, dop(A) = G*op(B)^T and dop(B) = op(A)^T*G,
// each stored in its operand's layout. Without a batched b, dB sums over the
// batch.
func (op *matmulOp) backward(gout *tensor.Tensor, in []*tensor.Tensor, gin []*tensor.Tensor, betaA, betaB float32) {
	a, b, g := in[0].Float32s(), in[1].Float32s(), gout.Float32s()
	m, k, n := op.m, op.k, op.n
	lda, ldb, sa, sb := op.strides()
	if gin[0] != nil {
		da := gin[0].Float32s()
		switch {
		case !op.transA && !op.bBatched: // the batch folds into M
			sgemm(false, !op.transB, op.batch*m, k, n, 1, g, n, b, ldb, betaA, da, k)
		case !op.transA:
			for i := 0; i < op.batch; i++ {
				sgemm(false, !op.transB, m, k, n, 1, g[i*m*n:], n, b[i*sb:], ldb, betaA, da[i*sa:], k)
			}
		default: // dA^T = op(B) * G^T
			for i := 0; i < op.batch; i++ {
				sgemm(op.transB, true, k, m, n, 1, b[i*sb:], ldb, g[i*m*n:], n, betaA, da[i*sa:], m)
			}
		}
	}
	if gin[1] == nil {
		return
	}
	db := gin[1].Float32s()
	switch {
	case !op.bBatched && !op.transA && !op.transB: // sum over the batch folded into K
		sgemm(true, false, k, n, op.batch*m, 1, a, k, g, n, betaB, db, n)
	case !op.bBatched && !op.transA: // dB^T = G^T * A, the batch folded
		sgemm(true, false, n, k, op.batch*m, 1, g, n, a, k, betaB, db, k)
	default:
		for i := 0; i < op.batch; i++ {
			beta := betaB
			if !op.bBatched && i > 0 {
				beta = 1 // accumulate the batch
			}
			if op.transB { // dB^T = G^T * op(A)
				sgemm(true, op.transA, n, k, m, 1, g[i*m*n:], n, a[i*sa:], lda, beta, db[i*sb:], k)
			} else { // dB = op(A)^T * G
				sgemm(!op.transA, false, k, n, m, 1, a[i*sa:], lda, g[i*m*n:], n, beta, db[i*sb:], n)
			}
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

// matmulFlat multiplies a and b viewed as nb matrices op(A) (m x k) and
// op(B) (k x n), stored transposed where transA/transB; without batched the
// result is m x n, else nb x m x n.
func matmulFlat(a, b *tensor.Tensor, nb, m, k, n int, batched, transA, transB bool) (*tensor.Tensor, error) {
	if a.Size() != nb*m*k || b.Size() != nb*k*n {
		return nil, fmt.Errorf("ops.matmul: %d and %d elements do not hold %d products of (%d x %d) and (%d x %d)", a.Size(), b.Size(), nb, m, k, k, n)
	}
	op := &matmulOp{batch: nb, m: m, k: k, n: n, bBatched: batched, transA: transA, transB: transB}
	shape := tensor.Shape{m, n}
	if batched {
		shape = tensor.Shape{nb, m, n}
	}
	return tensor.Apply(op, tensor.Float32, shape, a, b)
}
