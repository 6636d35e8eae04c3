package ops

import (
	"fmt"

	"github.com/gokeras/keras/tensor"
)

// run copies n consecutive elements of input in, starting at src, to the
// output starting at dst. Shape-only ops (concatenate, slice, pad, tile) are
// lists of runs computed once when the op is built, so Forward and Backward
// never allocate and work for every dtype.
type run struct{ in, src, dst, n int }

// moveOp assembles its output from runs of its inputs. With fill set, the
// output is first filled with value (pad).
type moveOp struct {
	name  string
	runs  []run
	fill  bool
	value float32
}

func (op *moveOp) Name() string { return op.name }

func (op *moveOp) Forward(out *tensor.Tensor, in []*tensor.Tensor) {
	if op.fill {
		fillValue(out, float64(op.value))
	}
	for _, r := range op.runs {
		copyElems(out, r.dst, in[r.in], r.src, r.n)
	}
}

func (op *moveOp) Backward(gout, out *tensor.Tensor, in []*tensor.Tensor, gin []*tensor.Tensor) {
	g := gout.Float32s()
	for _, r := range op.runs {
		if gin[r.in] == nil {
			continue
		}
		d := gin[r.in].Float32s()[r.src : r.src+r.n]
		for i, v := range g[r.dst : r.dst+r.n] {
			d[i] += v
		}
	}
}

// copyElems copies n elements of src (from soff) into dst (from doff); both
// tensors have the same dtype.
func copyElems(dst *tensor.Tensor, doff int, src *tensor.Tensor, soff, n int) {
	switch dst.DType() {
	case tensor.Float32:
		copy(dst.Float32s()[doff:doff+n], src.Float32s()[soff:soff+n])
	case tensor.Int32:
		copy(dst.Int32s()[doff:doff+n], src.Int32s()[soff:soff+n])
	case tensor.Int64:
		copy(dst.Int64s()[doff:doff+n], src.Int64s()[soff:soff+n])
	case tensor.Uint8:
		copy(dst.Uint8s()[doff:doff+n], src.Uint8s()[soff:soff+n])
	case tensor.Bool:
		copy(dst.Bools()[doff:doff+n], src.Bools()[soff:soff+n])
	}
}

// fillValue sets every element of t to v converted to t's dtype.
func fillValue(t *tensor.Tensor, v float64) {
	switch t.DType() {
	case tensor.Float32:
		t.Fill(float32(v))
	case tensor.Int32:
		s := t.Int32s()
		for i := range s {
			s[i] = int32(v)
		}
	case tensor.Int64:
		s := t.Int64s()
		for i := range s {
			s[i] = int64(v)
		}
	case tensor.Uint8:
		s := t.Uint8s()
		for i := range s {
			s[i] = uint8(v)
		}
	case tensor.Bool:
		s := t.Bools()
		for i := range s {
			s[i] = v != 0
		}
	}
}

// eachRow calls fn with every multi-index over all but the last axis of
// shape, in row-major order (once, with an empty index, for rank <= 1). The
// index slice is reused between calls.
func eachRow(shape tensor.Shape, fn func(idx []int)) {
	if shape.Size() == 0 {
		return
	}
	if len(shape) <= 1 {
		fn(nil)
		return
	}
	lead := shape[:len(shape)-1]
	idx := make([]int, len(lead))
	for {
		fn(idx)
		d := len(lead) - 1
		for ; d >= 0; d-- {
			idx[d]++
			if idx[d] < lead[d] {
				break
			}
			idx[d] = 0
		}
		if d < 0 {
			return
		}
	}
}

// lastDim is the size of the last axis (1 for scalars).
func lastDim(s tensor.Shape) int {
	if len(s) == 0 {
		return 1
	}
	return s[len(s)-1]
}

// splitAxis views shape as (outer, n, inner) around axis.
func splitAxis(shape tensor.Shape, axis int) (outer, n, inner int) {
	outer, inner = 1, 1
	for i, d := range shape {
		switch {
		case i < axis:
			outer *= d
		case i > axis:
			inner *= d
		}
	}
	return outer, shape[axis], inner
}

// axisOf normalises an axis argument for the named op.
func axisOf(name string, axis, rank int) (int, error) {
	ax, err := tensor.NormAxis(axis, rank)
	if err != nil {
		return 0, fmt.Errorf("ops.%s: %w", name, err)
	}
	return ax, nil
}

// nilCheck reports a nil tensor argument for the named op.
func nilCheck(name string, ts ...*tensor.Tensor) error {
	for i, t := range ts {
		if t == nil {
			return fmt.Errorf("ops.%s: tensor argument %d is nil", name, i)
		}
	}
	return nil
}

// toFloat casts non-float32 tensors to float32.
func toFloat(name string, x *tensor.Tensor) (*tensor.Tensor, error) {
	if x.DType() == tensor.Float32 {
		return x, nil
	}
	y, err := Cast(x, tensor.Float32)
	if err != nil {
		return nil, fmt.Errorf("ops.%s: %w", name, err)
	}
	return y, nil
}
