package ops

import (
	"fmt"

	"github.com/gokeras/keras/tensor"
)

// ExpandDims inserts a length-1 axis at position axis of the result
// (keras.ops.expand_dims); axis may be negative, -1 appending. The result
// shares x's storage.
func ExpandDims(x *tensor.Tensor, axis int) (*tensor.Tensor, error) {
	if err := nilCheck("expand_dims", x); err != nil {
		return nil, err
	}
	shape := x.Shape()
	ax, err := axisOf("expand_dims", axis, len(shape)+1)
	if err != nil {
		return nil, err
	}
	out := make([]int, 0, len(shape)+1)
	out = append(out, shape[:ax]...)
	out = append(out, 1)
	out = append(out, shape[ax:]...)
	return Reshape(x, out...)
}

// Squeeze removes length-1 axes (keras.ops.squeeze): the given axes, which
// must have length 1, or every length-1 axis when none are given. The result
// shares x's storage.
func Squeeze(x *tensor.Tensor, axes ...int) (*tensor.Tensor, error) {
	if err := nilCheck("squeeze", x); err != nil {
		return nil, err
	}
	shape := x.Shape()
	drop := make([]bool, len(shape))
	if len(axes) == 0 {
		for i, d := range shape {
			drop[i] = d == 1
		}
	} else {
		for _, a := range axes {
			ax, err := axisOf("squeeze", a, len(shape))
			if err != nil {
				return nil, err
			}
			if shape[ax] != 1 {
				return nil, fmt.Errorf("ops.squeeze: cannot squeeze axis %d of a tensor of shape %v: its size is %d, not 1", a, shape, shape[ax])
			}
			drop[ax] = true
		}
	}
	out := []int{}
	for i, d := range shape {
		if !drop[i] {
			out = append(out, d)
		}
	}
	return Reshape(x, out...)
}

// broadcastOp copies its input along broadcast axes; its gradient sums them.
type broadcastOp struct{ bc *bcast }

func (op *broadcastOp) Name() string { return "broadcast_to" }

func (op *broadcastOp) Forward(out *tensor.Tensor, in []*tensor.Tensor) {
	bc := op.bc
	n, ia := bc.inner, bc.ia
	if out.DType() == tensor.Float32 {
		o, x := out.Float32s(), in[0].Float32s()
		bc.runs(func(oo, a, _ int) {
			d := o[oo : oo+n]
			if ia == 1 {
				copy(d, x[a:a+n])
				return
			}
			v := x[a]
			for i := range d {
				d[i] = v
			}
		})
		return
	}
	bc.runs(func(oo, a, _ int) {
		for i := 0; i < n; i++ {
			setAt(out, oo+i, in[0].At(a+i*ia))
		}
	})
}

func (op *broadcastOp) Backward(gout, out *tensor.Tensor, in []*tensor.Tensor, gin []*tensor.Tensor) {
	if gin[0] == nil {
		return
	}
	gx, g, bc := gin[0].Float32s(), gout.Float32s(), op.bc
	n := bc.inner
	bc.runs(func(o, a, _ int) {
		if bc.ia == 0 {
			s := float32(0)
			for _, v := range g[o : o+n] {
				s += v
			}
			gx[a] += s
			return
		}
		d := gx[a : a+n]
		for i, v := range g[o : o+n] {
			d[i] += v
		}
	})
}

// BroadcastTo broadcasts x to shape with numpy's rules
// (keras.ops.broadcast_to).
func BroadcastTo(x *tensor.Tensor, shape []int) (*tensor.Tensor, error) {
	if err := nilCheck("broadcast_to", x); err != nil {
		return nil, err
	}
	target := tensor.Shape(shape).Clone()
	if err := target.Validate(); err != nil {
		return nil, fmt.Errorf("ops.broadcast_to: %w", err)
	}
	b, err := BroadcastShapes(x.Shape(), target)
	if err != nil || !b.Equal(target) {
		return nil, fmt.Errorf("ops.broadcast_to: cannot broadcast a tensor of shape %v to shape %v", x.Shape(), target)
	}
	op := &broadcastOp{bc: newBcast(target, x.Shape(), target, false)}
	return tensor.Apply(op, x.DType(), target, x)
}

// Tile repeats x reps[i] times along axis i (keras.ops.tile). As in numpy,
// the shorter of reps and x's shape is padded with leading ones.
func Tile(x *tensor.Tensor, reps []int) (*tensor.Tensor, error) {
	if err := nilCheck("tile", x); err != nil {
		return nil, err
	}
	for _, r := range reps {
		if r < 0 {
			return nil, fmt.Errorf("ops.tile: repeats %v must be non-negative", reps)
		}
	}
	in := x.Shape()
	rank := max(len(in), len(reps))
	ins := make(tensor.Shape, rank)
	rp := make([]int, rank)
	out := make(tensor.Shape, rank)
	for i := range rank {
		ins[i], rp[i] = 1, 1
		if j := i - (rank - len(in)); j >= 0 {
			ins[i] = in[j]
		}
		if j := i - (rank - len(reps)); j >= 0 {
			rp[i] = reps[j]
		}
		out[i] = ins[i] * rp[i]
	}
	if err := out.Validate(); err != nil {
		return nil, fmt.Errorf("ops.tile: %w", err)
	}
	var runs []run
	if ins.Size() > 0 {
		st := ins.Strides()
		last, ostr := lastDim(ins), out.Strides()
		eachRow(out, func(idx []int) {
			src, dst := 0, 0
			for d, i := range idx {
				src += (i % ins[d]) * st[d]
				dst += i * ostr[d]
			}
			for r := 0; r < lastDim(rp); r++ {
				runs = append(runs, run{src: src, dst: dst + r*last, n: last})
			}
		})
	}
	return tensor.Apply(&moveOp{name: "tile", runs: runs}, x.DType(), out, x)
}
