package ops

import (
	"fmt"

	"github.com/gokeras/keras/tensor"
)

// walk3 visits every element of a broadcast output with the offsets of three
// inputs (strides 0 on broadcast axes).
type walk3 struct {
	shape tensor.Shape
	st    [3][]int
	idx   []int
}

func newWalk3(out tensor.Shape, a, b, c tensor.Shape) *walk3 {
	return &walk3{shape: out, st: [3][]int{alignStrides(out, a), alignStrides(out, b), alignStrides(out, c)}, idx: make([]int, len(out))}
}

func (w *walk3) each(fn func(o, a, b, c int)) {
	total := w.shape.Size()
	if total == 0 {
		return
	}
	clear(w.idx)
	var off [3]int
	for o := 0; o < total; o++ {
		fn(o, off[0], off[1], off[2])
		for d := len(w.shape) - 1; d >= 0; d-- {
			w.idx[d]++
			for k := range off {
				off[k] += w.st[k][d]
			}
			if w.idx[d] < w.shape[d] {
				break
			}
			for k := range off {
				off[k] -= w.st[k][d] * w.idx[d]
			}
			w.idx[d] = 0
		}
	}
}

// truth reads element i of t as a condition (non-zero is true).
func truth(t *tensor.Tensor, i int) bool {
	if t.DType() == tensor.Bool {
		return t.Bools()[i]
	}
	return t.At(i) != 0
}

type whereOp struct{ w *walk3 }

func (op *whereOp) Name() string { return "where" }

func (op *whereOp) Forward(out *tensor.Tensor, in []*tensor.Tensor) {
	c, x, y := in[0], in[1], in[2]
	if out.DType() == tensor.Float32 {
		o, xv, yv := out.Float32s(), x.Float32s(), y.Float32s()
		op.w.each(func(i, ci, xi, yi int) {
			if truth(c, ci) {
				o[i] = xv[xi]
			} else {
				o[i] = yv[yi]
			}
		})
		return
	}
	op.w.each(func(i, ci, xi, yi int) {
		if truth(c, ci) {
			copyElems(out, i, x, xi, 1)
		} else {
			copyElems(out, i, y, yi, 1)
		}
	})
}

func (op *whereOp) Backward(gout, out *tensor.Tensor, in []*tensor.Tensor, gin []*tensor.Tensor) {
	g, c := gout.Float32s(), in[0]
	var gx, gy []float32
	if gin[1] != nil {
		gx = gin[1].Float32s()
	}
	if gin[2] != nil {
		gy = gin[2].Float32s()
	}
	op.w.each(func(i, ci, xi, yi int) {
		if truth(c, ci) {
			if gx != nil {
				gx[xi] += g[i]
			}
		} else if gy != nil {
			gy[yi] += g[i]
		}
	})
}

// Where picks x where cond is true and y elsewhere, broadcasting all three
// (keras.ops.where with both branches). cond is read as bool (non-zero is
// true); x and y are promoted to a common dtype.
func Where(cond, x, y *tensor.Tensor) (*tensor.Tensor, error) {
	if err := nilCheck("where", cond, x, y); err != nil {
		return nil, err
	}
	if x.DType() != y.DType() {
		xs, err := castAll("where", []*tensor.Tensor{x, y})
		if err != nil {
			return nil, err
		}
		x, y = xs[0], xs[1]
	}
	s, err := BroadcastShapes(cond.Shape(), x.Shape())
	if err == nil {
		s, err = BroadcastShapes(s, y.Shape())
	}
	if err != nil {
		return nil, fmt.Errorf("ops.where: condition of shape %v, x of shape %v and y of shape %v cannot be broadcast together", cond.Shape(), x.Shape(), y.Shape())
	}
	op := &whereOp{w: newWalk3(s, cond.Shape(), x.Shape(), y.Shape())}
	return tensor.Apply(op, x.DType(), s, cond, x, y)
}

// clipOp clamps to [lo, hi]; the gradient passes where lo <= x <= hi.
type clipOp struct{ lo, hi float32 }

func (op *clipOp) Name() string { return "clip" }

func (op *clipOp) Forward(out *tensor.Tensor, in []*tensor.Tensor) {
	if out.DType() == tensor.Float32 {
		o := out.Float32s()
		for i, v := range in[0].Float32s() {
			o[i] = min(max(v, op.lo), op.hi)
		}
		return
	}
	lo, hi := float64(op.lo), float64(op.hi)
	for i, n := 0, out.Size(); i < n; i++ {
		setAt(out, i, min(max(in[0].At(i), lo), hi))
	}
}

func (op *clipOp) Backward(gout, out *tensor.Tensor, in []*tensor.Tensor, gin []*tensor.Tensor) {
	if gin[0] == nil {
		return
	}
	gx, x := gin[0].Float32s(), in[0].Float32s()
	for i, g := range gout.Float32s() {
		if x[i] >= op.lo && x[i] <= op.hi {
			gx[i] += g
		}
	}
}

// Clip limits values to [lo, hi] (keras.ops.clip). Integer tensors keep
// their dtype; as in numpy, lo > hi gives hi everywhere. The gradient is 1 inside the interval (bounds included) and 0
// outside.
func Clip(x *tensor.Tensor, lo, hi float32) (*tensor.Tensor, error) {
	if err := nilCheck("clip", x); err != nil {
		return nil, err
	}
	if x.DType() == tensor.Bool {
		var err error
		if x, err = Cast(x, tensor.Int32); err != nil {
			return nil, fmt.Errorf("ops.clip: %w", err)
		}
	}
	return tensor.Apply(&clipOp{lo: lo, hi: hi}, x.DType(), x.Shape(), x)
}
