package ops

import (
	"fmt"

	"github.com/gokeras/keras/tensor"
)

// commonDType is the dtype a list of tensors is converted to when joined:
// float32 if any is float, else the widest integer type.
func commonDType(xs []*tensor.Tensor) tensor.DType {
	d := xs[0].DType()
	same := true
	for _, x := range xs[1:] {
		same = same && x.DType() == d
	}
	if same {
		return d
	}
	target := tensor.Int32
	for _, x := range xs {
		switch x.DType() {
		case tensor.Float32:
			return tensor.Float32
		case tensor.Int64:
			target = tensor.Int64
		}
	}
	return target
}

func castAll(name string, xs []*tensor.Tensor) ([]*tensor.Tensor, error) {
	if len(xs) == 0 {
		return nil, fmt.Errorf("ops.%s: need at least one tensor", name)
	}
	if err := nilCheck(name, xs...); err != nil {
		return nil, err
	}
	dt := commonDType(xs)
	out := make([]*tensor.Tensor, len(xs))
	for i, x := range xs {
		out[i] = x
		if x.DType() != dt {
			c, err := Cast(x, dt)
			if err != nil {
				return nil, fmt.Errorf("ops.%s: %w", name, err)
			}
			out[i] = c
		}
	}
	return out, nil
}

// joinRuns builds the runs that interleave blocks of xs along an axis: for
// each of outer rows, input i contributes blk[i] consecutive elements.
func joinRuns(outer int, blk []int) []run {
	total := 0
	for _, b := range blk {
		total += b
	}
	runs := make([]run, 0, outer*len(blk))
	for o := 0; o < outer; o++ {
		off := o * total
		for i, b := range blk {
			if b > 0 {
				runs = append(runs, run{in: i, src: o * b, dst: off, n: b})
			}
			off += b
		}
	}
	return runs
}

// Concatenate joins tensors along an existing axis (keras.ops.concatenate).
// All other dimensions must match. Mixed dtypes are promoted.
func Concatenate(xs []*tensor.Tensor, axis int) (*tensor.Tensor, error) {
	xs, err := castAll("concatenate", xs)
	if err != nil {
		return nil, err
	}
	first := xs[0].Shape()
	if len(first) == 0 {
		return nil, fmt.Errorf("ops.concatenate: cannot concatenate scalars (shape %v)", first)
	}
	ax, err := axisOf("concatenate", axis, len(first))
	if err != nil {
		return nil, err
	}
	out := first.Clone()
	out[ax] = 0
	blk := make([]int, len(xs))
	outer, _, inner := splitAxis(first, ax)
	for i, x := range xs {
		s := x.Shape()
		if len(s) != len(first) {
			return nil, fmt.Errorf("ops.concatenate: shapes %v and %v have different ranks (%d and %d)", first, s, len(first), len(s))
		}
		for d := range s {
			if d != ax && s[d] != first[d] {
				return nil, fmt.Errorf("ops.concatenate: shapes %v and %v differ on axis %d; all dimensions except the concatenation axis %d must match", first, s, d, ax)
			}
		}
		out[ax] += s[ax]
		blk[i] = s[ax] * inner
	}
	return tensor.Apply(&moveOp{name: "concatenate", runs: joinRuns(outer, blk)}, xs[0].DType(), out, xs...)
}

// Stack joins tensors of one shape along a new axis (keras.ops.stack).
func Stack(xs []*tensor.Tensor, axis int) (*tensor.Tensor, error) {
	xs, err := castAll("stack", xs)
	if err != nil {
		return nil, err
	}
	first := xs[0].Shape()
	ax, err := axisOf("stack", axis, len(first)+1)
	if err != nil {
		return nil, err
	}
	for _, x := range xs[1:] {
		if !x.Shape().Equal(first) {
			return nil, fmt.Errorf("ops.stack: all input shapes must be equal, got %v and %v", first, x.Shape())
		}
	}
	out := make(tensor.Shape, 0, len(first)+1)
	out = append(out, first[:ax]...)
	out = append(out, len(xs))
	out = append(out, first[ax:]...)
	outer, _, inner := splitAxis(out, ax)
	blk := make([]int, len(xs))
	for i := range blk {
		blk[i] = inner
	}
	return tensor.Apply(&moveOp{name: "stack", runs: joinRuns(outer, blk)}, xs[0].DType(), out, xs...)
}

// Split divides x into sections equal parts along axis (keras.ops.split with
// an integer indices_or_sections). The axis length must be divisible by
// sections.
func Split(x *tensor.Tensor, sections int, axis int) ([]*tensor.Tensor, error) {
	if err := nilCheck("split", x); err != nil {
		return nil, err
	}
	shape := x.Shape()
	if len(shape) == 0 {
		return nil, fmt.Errorf("ops.split: cannot split a scalar")
	}
	ax, err := axisOf("split", axis, len(shape))
	if err != nil {
		return nil, err
	}
	if sections <= 0 || shape[ax]%sections != 0 {
		return nil, fmt.Errorf("ops.split: axis %d of a tensor of shape %v (size %d) cannot be split into %d equal sections", axis, shape, shape[ax], sections)
	}
	part := shape[ax] / sections
	start := make([]int, len(shape))
	size := []int(shape.Clone())
	size[ax] = part
	outs := make([]*tensor.Tensor, sections)
	for i := range outs {
		start[ax] = i * part
		if outs[i], err = Slice(x, start, size); err != nil {
			return nil, fmt.Errorf("ops.split: %w", err)
		}
	}
	return outs, nil
}
