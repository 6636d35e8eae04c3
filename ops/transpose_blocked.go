package ops

import (
	"github.com/gokeras/keras/internal/gemm"
	"github.com/gokeras/keras/tensor"
)

// transpose2D handles the permutations that move the input's last axis away
// from the end (attention's key transpose, channels_last <-> channels_first):
// every 2-D slice spanned by that axis and the output's last axis is copied
// with gemm.Transpose (8x8 register blocks), instead of one strided read per
// element. It reports false, doing nothing, for other permutations and for
// slices too small to gain.
func (op *transposeOp) transpose2D(dst, src []float32) bool {
	nd := len(op.shape)
	if nd < 2 || op.sst[nd-1] == 1 {
		return false
	}
	q := -1
	for a := 0; a < nd-1; a++ {
		if op.sst[a] == 1 && op.shape[a] > 1 {
			q = a
		}
	}
	last := nd - 1
	if q < 0 || op.shape[q] < 8 || op.shape[last] < 8 {
		return false
	}
	ost := op.ost
	// Walk the other axes with a multi-index (op.idx), keeping the source
	// and output offsets of the slice.
	idx := op.idx
	clear(idx)
	sOff, oOff := 0, 0
	for {
		gemm.Transpose(op.shape[last], op.shape[q], src[sOff:], op.sst[last], dst[oOff:], ost[q])
		a := last - 1
		for ; a >= 0; a-- {
			if a == q {
				continue
			}
			idx[a]++
			sOff += op.sst[a]
			oOff += ost[a]
			if idx[a] < op.shape[a] {
				break
			}
			sOff -= op.sst[a] * idx[a]
			oOff -= ost[a] * idx[a]
			idx[a] = 0
		}
		if a < 0 {
			return true
		}
	}
}

// inverse returns the transpose that undoes op (input and output swapped),
// made once.
func (op *transposeOp) inverse() *transposeOp {
	if op.inv == nil {
		nd := len(op.shape)
		in := make([]int, nd) // input shape
		sst := make([]int, nd)
		for i, a := range op.perm {
			in[a] = op.shape[i]
			sst[a] = op.ost[i]
		}
		shape := tensor.Shape(in)
		op.inv = &transposeOp{shape: shape, sst: sst, ost: shape.Strides(), idx: make([]int, nd), perm: nil}
	}
	return op.inv
}
