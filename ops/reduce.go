package ops

import (
	"fmt"
	"math"
	"slices"

	"github.com/gokeras/keras/tensor"
)

type redKind uint8

const (
	redSum redKind = iota
	redMean
	redMax
	redMin
)

var redNames = [...]string{"sum", "mean", "max", "min"}

// reduceOp reduces over a set of axes. It walks the input shape against the
// output broadcast back to rank n (kept axes, 1 on reduced ones).
type reduceOp struct {
	kind  redKind
	in    tensor.Shape
	kept  tensor.Shape // output shape with reduced axes as 1
	bc    *bcast       // walk over in: a = kept offset
	count int          // elements per output value
}

func (op *reduceOp) Name() string { return redNames[op.kind] }

func (op *reduceOp) Forward(out *tensor.Tensor, in []*tensor.Tensor) {
	o, x := out.Float32s(), in[0].Float32s()
	switch op.kind {
	case redSum, redMean:
		clear(o)
	case redMax:
		for i := range o {
			o[i] = float32(math.Inf(-1))
		}
	case redMin:
		for i := range o {
			o[i] = float32(math.Inf(1))
		}
	}
	bc := op.bc
	n, ia := bc.inner, bc.ia
	bc.runs(func(xo, oa, _ int) {
		run := x[xo : xo+n]
		switch op.kind {
		case redSum, redMean:
			if ia == 0 {
				s := float32(0)
				for _, v := range run {
					s += v
				}
				o[oa] += s
				return
			}
			d := o[oa : oa+n]
			for i, v := range run {
				d[i] += v
			}
		case redMax:
			for i, v := range run {
				if v > o[oa+i*ia] || v != v {
					o[oa+i*ia] = v
				}
			}
		case redMin:
			for i, v := range run {
				if v < o[oa+i*ia] || v != v {
					o[oa+i*ia] = v
				}
			}
		}
	})
	if op.kind == redMean && op.count > 0 {
		inv := 1 / float32(op.count)
		for i := range o {
			o[i] *= inv
		}
	}
}

func (op *reduceOp) Backward(gout, out *tensor.Tensor, in []*tensor.Tensor, gin []*tensor.Tensor) {
	if gin[0] == nil {
		return
	}
	g, o, x, gx := gout.Float32s(), out.Float32s(), in[0].Float32s(), gin[0].Float32s()
	scale := float32(1)
	if op.kind == redMean && op.count > 0 {
		scale = 1 / float32(op.count)
	}
	bc := op.bc
	n, ia := bc.inner, bc.ia
	bc.runs(func(xo, oa, _ int) {
		for i := 0; i < n; i++ {
			j := oa + i*ia
			switch op.kind {
			case redSum, redMean:
				gx[xo+i] += g[j] * scale
			default: // max/min: the gradient goes to every element equal to the result
				if x[xo+i] == o[j] {
					gx[xo+i] += g[j]
				}
			}
		}
	})
}

// normAxes turns a list of possibly negative axes into a sorted set; nil
// means all axes.
func normAxes(name string, axes []int, rank int) ([]bool, error) {
	red := make([]bool, rank)
	if axes == nil {
		for i := range red {
			red[i] = true
		}
		return red, nil
	}
	for _, a := range axes {
		ax, err := tensor.NormAxis(a, rank)
		if err != nil {
			return nil, fmt.Errorf("ops.%s: %w", name, err)
		}
		if red[ax] {
			return nil, fmt.Errorf("ops.%s: axis %d given twice", name, a)
		}
		red[ax] = true
	}
	return red, nil
}

func reduce(kind redKind, x *tensor.Tensor, axes []int, keepdims bool) (*tensor.Tensor, error) {
	name := redNames[kind]
	if x == nil {
		return nil, fmt.Errorf("ops.%s: nil tensor argument", name)
	}
	if x.DType() != tensor.Float32 {
		var err error
		if x, err = Cast(x, tensor.Float32); err != nil {
			return nil, err
		}
	}
	shape := x.Shape()
	red, err := normAxes(name, axes, len(shape))
	if err != nil {
		return nil, err
	}
	kept := make(tensor.Shape, len(shape))
	var out tensor.Shape
	count := 1
	for i, d := range shape {
		if red[i] {
			kept[i] = 1
			count *= d
			if keepdims {
				out = append(out, 1)
			}
			continue
		}
		kept[i] = d
		out = append(out, d)
	}
	if (kind == redMax || kind == redMin) && count == 0 {
		return nil, fmt.Errorf("ops.%s: cannot reduce an empty axis of shape %v", name, shape)
	}
	if out == nil {
		out = tensor.Shape{}
	}
	op := &reduceOp{kind: kind, in: slices.Clone(shape), kept: kept, count: count, bc: newBcast(shape, kept, shape, false)}
	return tensor.Apply(op, tensor.Float32, out, x)
}

// Sum adds over axes (nil: all) as keras.ops.sum.
func Sum(x *tensor.Tensor, axes []int, keepdims bool) (*tensor.Tensor, error) {
	return reduce(redSum, x, axes, keepdims)
}

// Mean averages over axes (nil: all) as keras.ops.mean.
func Mean(x *tensor.Tensor, axes []int, keepdims bool) (*tensor.Tensor, error) {
	return reduce(redMean, x, axes, keepdims)
}

// Max takes the maximum over axes (nil: all) as keras.ops.max.
func Max(x *tensor.Tensor, axes []int, keepdims bool) (*tensor.Tensor, error) {
	return reduce(redMax, x, axes, keepdims)
}

// Min takes the minimum over axes (nil: all) as keras.ops.min.
func Min(x *tensor.Tensor, axes []int, keepdims bool) (*tensor.Tensor, error) {
	return reduce(redMin, x, axes, keepdims)
}
