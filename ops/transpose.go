package ops

import (
	"fmt"

	"github.com/gokeras/keras/internal/vmath"
	"github.com/gokeras/keras/tensor"
)

// transposeOp permutes axes by walking the output in row-major order and
// reading the input through permuted strides.
type transposeOp struct {
	shape tensor.Shape // output shape
	sst   []int        // input stride of each output axis
	ost   []int        // output strides
	idx   []int        // scratch multi-index
	perm  []int        // input axis of each output axis

	inv     *transposeOp // the inverse permutation (Backward), made on first use
	scratch []float32    // Backward: the permuted gradient
}

func (op *transposeOp) Name() string { return "transpose" }

func (op *transposeOp) Forward(out *tensor.Tensor, in []*tensor.Tensor) {
	switch out.DType() {
	case tensor.Float32:
		if !op.transpose2D(out.Float32s(), in[0].Float32s()) {
			transposeT(out.Float32s(), in[0].Float32s(), op.shape, op.sst, op.idx)
		}
	case tensor.Int32:
		transposeT(out.Int32s(), in[0].Int32s(), op.shape, op.sst, op.idx)
	case tensor.Int64:
		transposeT(out.Int64s(), in[0].Int64s(), op.shape, op.sst, op.idx)
	case tensor.Uint8:
		transposeT(out.Uint8s(), in[0].Uint8s(), op.shape, op.sst, op.idx)
	case tensor.Bool:
		transposeT(out.Bools(), in[0].Bools(), op.shape, op.sst, op.idx)
	}
}

func (op *transposeOp) Backward(gout, out *tensor.Tensor, in []*tensor.Tensor, gin []*tensor.Tensor) {
	if gin[0] == nil {
		return
	}
	g, d := gout.Float32s(), gin[0].Float32s()
	if inv := op.inverse(); inv != nil {
		// d += transpose^-1(g): a blocked transpose into scratch, then a
		// vector add, beats one strided read-modify-write per element.
		if len(op.scratch) < len(d) {
			op.scratch = make([]float32, len(d))
		}
		if inv.transpose2D(op.scratch[:len(d)], g) {
			vmath.Add(d, d, op.scratch[:len(d)])
			return
		}
	}
	walkStrided(op.shape, op.sst, op.idx, func(o, s, n, st int) {
		for i, v := range g[o : o+n] {
			d[s+i*st] += v
		}
	})
}

// BackwardOverwrite writes a first-written gradient as the inverse
// permutation of gout instead of adding it.
func (op *transposeOp) BackwardOverwrite(gout, out *tensor.Tensor, in []*tensor.Tensor, gin []*tensor.Tensor, first []bool) {
	if gin[0] == nil || !first[0] {
		op.Backward(gout, out, in, gin)
		return
	}
	inv, d, g := op.inverse(), gin[0].Float32s(), gout.Float32s()
	if !inv.transpose2D(d, g) {
		transposeT(d, g, inv.shape, inv.sst, inv.idx)
	}
}

func transposeT[T any](dst, src []T, shape tensor.Shape, sst, idx []int) {
	walkStrided(shape, sst, idx, func(o, s, n, st int) {
		row := dst[o : o+n]
		if st == 1 {
			copy(row, src[s:s+n])
			return
		}
		for i := range row {
			row[i] = src[s+i*st]
		}
	})
}

// walkStrided visits the rows of a row-major array of the given shape,
// calling fn with the row's output offset, the matching source offset under
// strides sst, the row length and the source stride along the row. idx is
// scratch of length len(shape).
func walkStrided(shape tensor.Shape, sst, idx []int, fn func(o, s, n, st int)) {
	total := shape.Size()
	if total == 0 {
		return
	}
	nd := len(shape)
	if nd == 0 {
		fn(0, 0, 1, 1)
		return
	}
	n, st := shape[nd-1], sst[nd-1]
	clear(idx)
	s := 0
	for o := 0; o < total; o += n {
		fn(o, s, n, st)
		for d := nd - 2; d >= 0; d-- {
			idx[d]++
			s += sst[d]
			if idx[d] < shape[d] {
				break
			}
			s -= sst[d] * idx[d]
			idx[d] = 0
		}
	}
}

// Transpose permutes the axes of x (keras.ops.transpose). A nil perm
// reverses the axes.
func Transpose(x *tensor.Tensor, perm []int) (*tensor.Tensor, error) {
	if err := nilCheck("transpose", x); err != nil {
		return nil, err
	}
	shape := x.Shape()
	rank := len(shape)
	if perm == nil {
		perm = make([]int, rank)
		for i := range perm {
			perm[i] = rank - 1 - i
		}
	}
	if len(perm) != rank {
		return nil, fmt.Errorf("ops.transpose: axes %v do not match the rank %d of a tensor of shape %v", perm, rank, shape)
	}
	strides := shape.Strides()
	seen := make([]bool, rank)
	out := make(tensor.Shape, rank)
	sst := make([]int, rank)
	for i, p := range perm {
		ax, err := tensor.NormAxis(p, rank)
		if err != nil || seen[ax] {
			return nil, fmt.Errorf("ops.transpose: axes %v are not a permutation of the %d axes of a tensor of shape %v", perm, rank, shape)
		}
		seen[ax] = true
		out[i] = shape[ax]
		sst[i] = strides[ax]
	}
	norm := make([]int, rank)
	for i, p := range perm {
		norm[i], _ = tensor.NormAxis(p, rank)
	}
	op := &transposeOp{shape: out, sst: sst, ost: out.Strides(), idx: make([]int, rank), perm: norm}
	return tensor.Apply(op, x.DType(), out, x)
}
