package ops

import "github.com/gokeras/keras/internal/vmath"

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
