package ops

import (
	"github.com/gokeras/keras/internal/vmath"
	"github.com/gokeras/keras/tensor"
)

// backwardRun is the vectorised backward of one broadcast run for the
// common cases: Add and Sub on contiguous operands (the gradient is added
// or subtracted as is) and Mul by a value constant along the run (a
// scale). The arithmetic is the scalar loop's (one rounded product, one
// add per element), so results are the same bits. It reports false for
// the other cases.
func (op *binaryOp) backwardRun(g, a, b, ga, gb []float32, oa, ob, ia, ib int) bool {
	n := len(g)
	switch {
	case (op.kind == binAdd || op.kind == binSub) && ia == 1 && ib == 1:
		if ga != nil {
			vmath.Add(ga[oa:oa+n], ga[oa:oa+n], g)
		}
		if gb != nil {
			if op.kind == binAdd {
				vmath.Add(gb[ob:ob+n], gb[ob:ob+n], g)
			} else {
				vmath.Sub(gb[ob:ob+n], gb[ob:ob+n], g)
			}
		}
		return true
	case op.kind == binMul && ia == 1 && ib == 0 && gb == nil:
		if ga != nil {
			vmath.Axpy(b[ob], g, ga[oa:oa+n])
		}
		return true
	case op.kind == binMul && ia == 0 && ib == 1 && ga == nil:
		if gb != nil {
			vmath.Axpy(a[oa], g, gb[ob:ob+n])
		}
		return true
	}
	return false
}

// BackwardOverwrite writes first-written gradients of add, subtract and
// multiply directly when the input is not broadcast (it has the output's
// size, so its elements map one to one); any other first-written gradient is
// cleared and then accumulated into as in Backward.
func (op *binaryOp) BackwardOverwrite(gout, out *tensor.Tensor, in []*tensor.Tensor, gin []*tensor.Tensor, first []bool) {
	g := gout.Float32s()
	rest := [2]*tensor.Tensor{gin[0], gin[1]}
	for i, gi := range gin[:2] {
		if gi == nil || !first[i] {
			continue
		}
		d := gi.Float32s()
		other := in[1-i].Float32s()
		switch {
		case len(d) != len(g):
			clear(d)
			continue
		case op.kind == binAdd:
			copy(d, g)
		case op.kind == binSub:
			copy(d, g)
			if i == 1 {
				vmath.Scale(-1, d)
			}
		case op.kind == binMul && len(other) == len(g):
			vmath.Mul(d, g, other)
		default:
			clear(d)
			continue
		}
		rest[i] = nil // written
	}
	if rest[0] != nil || rest[1] != nil {
		op.Backward(gout, out, in, rest[:])
	}
}
