package ops

import (
	"fmt"

	"github.com/gokeras/keras/tensor"
)

// BroadcastShapes returns the numpy broadcast of two shapes.
func BroadcastShapes(a, b tensor.Shape) (tensor.Shape, error) {
	n := max(len(a), len(b))
	out := make(tensor.Shape, n)
	for i := 0; i < n; i++ {
		da, db := 1, 1
		if j := len(a) - n + i; j >= 0 {
			da = a[j]
		}
		if j := len(b) - n + i; j >= 0 {
			db = b[j]
		}
		switch {
		case da == db:
			out[i] = da
		case da == 1:
			out[i] = db
		case db == 1:
			out[i] = da
		default:
			return nil, fmt.Errorf("shapes %v and %v cannot be broadcast together", a, b)
		}
	}
	return out, nil
}

// bcast walks an output shape and the matching flat offsets of two broadcast
// inputs, one innermost run at a time.
type bcast struct {
	out    tensor.Shape
	sa, sb []int // strides of a and b over out's axes (0 where broadcast)
	inner  int   // length of the innermost run
	ia, ib int   // strides within the run (0 or 1)
	rd     int   // the run covers out's axes rd..; runs walks the axes before
	idx    []int // scratch multi-index, reused by every walk
}

// newBcast walks out for inputs of shapes a and b. With sequential, the
// caller treats a run element by element in order (it never sums a run on
// its own), so a run may also extend over axes along which an input that is
// constant within the run stays constant.
func newBcast(out, a, b tensor.Shape, sequential bool) *bcast {
	bc := &bcast{out: out, sa: alignStrides(out, a), sb: alignStrides(out, b)}
	if len(out) == 0 {
		bc.inner = 1
		return bc
	}
	bc.rd = len(out) - 1
	bc.inner = out[bc.rd]
	bc.ia, bc.ib = bc.sa[bc.rd], bc.sb[bc.rd]
	// Where both inputs continue contiguously over the next axes out, one
	// run covers those axes too (same-shape operands: one run in all).
	cont := func(s []int, i int) bool {
		return i == 1 && s[bc.rd-1] == bc.inner || sequential && i == 0 && s[bc.rd-1] == 0
	}
	for bc.rd > 0 && cont(bc.sa, bc.ia) && cont(bc.sb, bc.ib) {
		bc.rd--
		bc.inner *= out[bc.rd]
	}
	return bc
}

func alignStrides(out, in tensor.Shape) []int {
	st := make([]int, len(out))
	acc := 1
	for i := len(in) - 1; i >= 0; i-- {
		j := len(out) - len(in) + i
		if in[i] != 1 {
			st[j] = acc
		}
		acc *= in[i]
	}
	return st
}

// runs calls fn(o, a, b) with the starting offsets of every innermost run.
func (bc *bcast) runs(fn func(o, a, b int)) {
	total := bc.out.Size()
	if total == 0 {
		return
	}
	if bc.rd == 0 {
		fn(0, 0, 0)
		return
	}
	if bc.idx == nil {
		bc.idx = make([]int, bc.rd)
	}
	idx := bc.idx
	clear(idx)
	oa, ob := 0, 0
	for o := 0; o < total; o += bc.inner {
		fn(o, oa, ob)
		for d := bc.rd - 1; d >= 0; d-- {
			idx[d]++
			oa += bc.sa[d]
			ob += bc.sb[d]
			if idx[d] < bc.out[d] {
				break
			}
			oa -= bc.sa[d] * idx[d]
			ob -= bc.sb[d] * idx[d]
			idx[d] = 0
		}
	}
}

// sumTo reduces g (of shape out) into dst (of a shape that broadcasts to
// out), accumulating: the gradient of a broadcast.
func sumTo(dst []float32, dshape tensor.Shape, g []float32, out tensor.Shape) {
	if dshape.Equal(out) {
		for i, v := range g {
			dst[i] += v
		}
		return
	}
	bc := newBcast(out, dshape, out, false)
	bc.runs(func(o, a, _ int) {
		if bc.ia == 0 {
			s := float32(0)
			for _, v := range g[o : o+bc.inner] {
				s += v
			}
			dst[a] += s
			return
		}
		d := dst[a : a+bc.inner]
		for i, v := range g[o : o+bc.inner] {
			d[i] += v
		}
	})
}
