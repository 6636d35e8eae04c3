package ops

import (
	"fmt"

	"github.com/gokeras/keras/tensor"
)

// Slice takes the block of x that starts at start and has shape size
// (keras.ops.slice); a size of -1 extends to the end of that axis.
func Slice(x *tensor.Tensor, start, size []int) (*tensor.Tensor, error) {
	if err := nilCheck("slice", x); err != nil {
		return nil, err
	}
	shape := x.Shape()
	if len(start) != len(shape) || len(size) != len(shape) {
		return nil, fmt.Errorf("ops.slice: start_indices %v and shape %v must each have one entry per axis of the input shape %v", start, size, shape)
	}
	out := make(tensor.Shape, len(shape))
	for d := range shape {
		n := size[d]
		if n == -1 {
			n = shape[d] - start[d]
		}
		if start[d] < 0 || n < 0 || start[d]+n > shape[d] {
			return nil, fmt.Errorf("ops.slice: start_indices %v with shape %v exceed the input shape %v on axis %d", start, size, shape, d)
		}
		out[d] = n
	}
	st := shape.Strides()
	ost := out.Strides()
	var runs []run
	eachRow(out, func(idx []int) {
		src, dst := 0, 0
		for d, i := range idx {
			src += (start[d] + i) * st[d]
			dst += i * ost[d]
		}
		if len(shape) > 0 {
			src += start[len(shape)-1]
		}
		runs = append(runs, run{src: src, dst: dst, n: lastDim(out)})
	})
	return tensor.Apply(&moveOp{name: "slice", runs: runs}, x.DType(), out, x)
}

// Pad pads x with value (keras.ops.pad in "constant" mode): pads[i] holds
// the number of elements added before and after axis i. A single pair
// applies to every axis.
func Pad(x *tensor.Tensor, pads [][2]int, value float32) (*tensor.Tensor, error) {
	if err := nilCheck("pad", x); err != nil {
		return nil, err
	}
	shape := x.Shape()
	if len(pads) == 1 && len(shape) > 1 {
		p := pads[0]
		pads = make([][2]int, len(shape))
		for i := range pads {
			pads[i] = p
		}
	}
	if len(pads) != len(shape) {
		return nil, fmt.Errorf("ops.pad: pad_width %v must have one (before, after) pair per axis of the input shape %v", pads, shape)
	}
	out := make(tensor.Shape, len(shape))
	for d, p := range pads {
		if p[0] < 0 || p[1] < 0 {
			return nil, fmt.Errorf("ops.pad: pad_width %v must be non-negative", pads)
		}
		out[d] = shape[d] + p[0] + p[1]
	}
	if err := out.Validate(); err != nil {
		return nil, fmt.Errorf("ops.pad: %w", err)
	}
	st, ost := shape.Strides(), out.Strides()
	var runs []run
	eachRow(shape, func(idx []int) {
		src, dst := 0, 0
		for d, i := range idx {
			src += i * st[d]
			dst += (i + pads[d][0]) * ost[d]
		}
		if len(shape) > 0 {
			dst += pads[len(shape)-1][0]
		}
		runs = append(runs, run{src: src, dst: dst, n: lastDim(shape)})
	})
	op := &moveOp{name: "pad", runs: runs, fill: true, value: value}
	return tensor.Apply(op, x.DType(), out, x)
}
