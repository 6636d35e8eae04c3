package ops

import (
	"fmt"

	"github.com/gokeras/keras/tensor"
)

// indexAt reads element i of an integer tensor.
func indexAt(t *tensor.Tensor, i int) int {
	switch t.DType() {
	case tensor.Int32:
		return int(t.Int32s()[i])
	case tensor.Int64:
		return int(t.Int64s()[i])
	}
	return int(t.At(i))
}

func checkIndexDType(name string, idx *tensor.Tensor) error {
	if !idx.DType().IsInt() {
		return fmt.Errorf("ops.%s: indices must be an integer tensor (int32 or int64), got %v", name, idx.DType())
	}
	return nil
}

// checkIndices verifies that every index lies in [-size, size).
func checkIndices(name string, idx *tensor.Tensor, axis, size int) error {
	for i, n := 0, idx.Size(); i < n; i++ {
		if k := indexAt(idx, i); k < -size || k >= size {
			return fmt.Errorf("ops.%s: index %d is out of bounds for axis %d with size %d", name, k, axis, size)
		}
	}
	return nil
}

// zeroElems clears n elements of t from off.
func zeroElems(t *tensor.Tensor, off, n int) {
	switch t.DType() {
	case tensor.Float32:
		clear(t.Float32s()[off : off+n])
	case tensor.Int32:
		clear(t.Int32s()[off : off+n])
	case tensor.Int64:
		clear(t.Int64s()[off : off+n])
	case tensor.Uint8:
		clear(t.Uint8s()[off : off+n])
	case tensor.Bool:
		clear(t.Bools()[off : off+n])
	}
}

// takeOp gathers slices of x along an axis. The indices are read on every
// Forward, so a replayed graph gathers the current batch's indices.
type takeOp struct{ outer, n, inner int }

func (op *takeOp) Name() string { return "take" }

// src maps index j to the source slice number, or -1 when out of range.
func (op *takeOp) src(idx *tensor.Tensor, j int) int {
	k := indexAt(idx, j)
	if k < 0 {
		k += op.n
	}
	if k < 0 || k >= op.n {
		return -1
	}
	return k
}

func (op *takeOp) Forward(out *tensor.Tensor, in []*tensor.Tensor) {
	x, idx := in[0], in[1]
	m, inner := idx.Size(), op.inner
	for o := 0; o < op.outer; o++ {
		for j := 0; j < m; j++ {
			dst := (o*m + j) * inner
			if k := op.src(idx, j); k >= 0 {
				copyElems(out, dst, x, (o*op.n+k)*inner, inner)
			} else {
				zeroElems(out, dst, inner)
			}
		}
	}
}

func (op *takeOp) Backward(gout, out *tensor.Tensor, in []*tensor.Tensor, gin []*tensor.Tensor) {
	if gin[0] == nil {
		return
	}
	idx, g, gx := in[1], gout.Float32s(), gin[0].Float32s()
	m, inner := idx.Size(), op.inner
	for o := 0; o < op.outer; o++ {
		for j := 0; j < m; j++ {
			k := op.src(idx, j)
			if k < 0 {
				continue
			}
			d := gx[(o*op.n+k)*inner:][:inner]
			for i, v := range g[(o*m+j)*inner:][:inner] {
				d[i] += v
			}
		}
	}
}

// Take gathers the slices of x at indices along axis (keras.ops.take, e.g.
// an embedding lookup). The result has shape x.shape[:axis] + indices.shape
// + x.shape[axis+1:]. Negative indices count from the end; an index out of
// range is an error. When a compiled graph replays the op with new indices,
// out-of-range indices yield zeros instead.
func Take(x, indices *tensor.Tensor, axis int) (*tensor.Tensor, error) {
	if err := nilCheck("take", x, indices); err != nil {
		return nil, err
	}
	if err := checkIndexDType("take", indices); err != nil {
		return nil, err
	}
	shape := x.Shape()
	if len(shape) == 0 {
		return nil, fmt.Errorf("ops.take: cannot index a scalar")
	}
	ax, err := axisOf("take", axis, len(shape))
	if err != nil {
		return nil, err
	}
	if err := checkIndices("take", indices, ax, shape[ax]); err != nil {
		return nil, err
	}
	outer, n, inner := splitAxis(shape, ax)
	out := make(tensor.Shape, 0, len(shape)+indices.Rank())
	out = append(out, shape[:ax]...)
	out = append(out, indices.Shape()...)
	out = append(out, shape[ax+1:]...)
	return tensor.Apply(&takeOp{outer: outer, n: n, inner: inner}, x.DType(), out, x, indices)
}

// takeAlongOp gathers single elements along an axis, with the other axes of
// x and indices broadcast against each other.
type takeAlongOp struct {
	shape    tensor.Shape // output
	xst, ist []int        // strides of x (0 on the axis and broadcast axes) and indices
	axStride int          // x's stride along the axis
	n        int          // x's length along the axis
	idx      []int        // scratch multi-index
}

func (op *takeAlongOp) Name() string { return "take_along_axis" }

// walk calls fn(o, s) for each output element o with its x offset s, or -1
// for an out-of-range index.
func (op *takeAlongOp) walk(ind *tensor.Tensor, fn func(o, s int)) {
	total := op.shape.Size()
	if total == 0 {
		return
	}
	clear(op.idx)
	nd := len(op.shape)
	xo, io := 0, 0
	for o := 0; o < total; o++ {
		k := indexAt(ind, io)
		if k < 0 {
			k += op.n
		}
		if k >= 0 && k < op.n {
			fn(o, xo+k*op.axStride)
		} else {
			fn(o, -1)
		}
		for d := nd - 1; d >= 0; d-- {
			op.idx[d]++
			xo += op.xst[d]
			io += op.ist[d]
			if op.idx[d] < op.shape[d] {
				break
			}
			xo -= op.xst[d] * op.idx[d]
			io -= op.ist[d] * op.idx[d]
			op.idx[d] = 0
		}
	}
}

func (op *takeAlongOp) Forward(out *tensor.Tensor, in []*tensor.Tensor) {
	x := in[0]
	op.walk(in[1], func(o, s int) {
		if s < 0 {
			zeroElems(out, o, 1)
			return
		}
		copyElems(out, o, x, s, 1)
	})
}

func (op *takeAlongOp) Backward(gout, out *tensor.Tensor, in []*tensor.Tensor, gin []*tensor.Tensor) {
	if gin[0] == nil {
		return
	}
	g, gx := gout.Float32s(), gin[0].Float32s()
	op.walk(in[1], func(o, s int) {
		if s >= 0 {
			gx[s] += g[o]
		}
	})
}

// TakeAlongAxis picks, along axis, the elements of x named by indices
// (keras.ops.take_along_axis). x and indices have the same rank; their other
// axes broadcast against each other.
func TakeAlongAxis(x, indices *tensor.Tensor, axis int) (*tensor.Tensor, error) {
	if err := nilCheck("take_along_axis", x, indices); err != nil {
		return nil, err
	}
	if err := checkIndexDType("take_along_axis", indices); err != nil {
		return nil, err
	}
	xs, is := x.Shape(), indices.Shape()
	if len(xs) == 0 || len(xs) != len(is) {
		return nil, fmt.Errorf("ops.take_along_axis: x of shape %v and indices of shape %v must have the same non-zero rank", xs, is)
	}
	ax, err := axisOf("take_along_axis", axis, len(xs))
	if err != nil {
		return nil, err
	}
	if err := checkIndices("take_along_axis", indices, ax, xs[ax]); err != nil {
		return nil, err
	}
	out := make(tensor.Shape, len(xs))
	xstr, istr := xs.Strides(), is.Strides()
	op := &takeAlongOp{shape: out, xst: make([]int, len(xs)), ist: make([]int, len(xs)),
		axStride: xstr[ax], n: xs[ax], idx: make([]int, len(xs))}
	for d := range xs {
		if is[d] != 1 {
			op.ist[d] = istr[d]
		}
		if d == ax {
			out[d] = is[d]
			continue
		}
		switch {
		case xs[d] == is[d] || is[d] == 1:
			out[d] = xs[d]
		case xs[d] == 1:
			out[d] = is[d]
		default:
			return nil, fmt.Errorf("ops.take_along_axis: x of shape %v and indices of shape %v cannot be broadcast on axis %d", xs, is, d)
		}
		if xs[d] != 1 {
			op.xst[d] = xstr[d]
		}
	}
	return tensor.Apply(op, x.DType(), out, x, indices)
}

// oneHotOp writes one-hot rows; indices outside [0, classes) give zero rows.
type oneHotOp struct{ classes int }

func (op *oneHotOp) Name() string { return "one_hot" }

func (op *oneHotOp) Forward(out *tensor.Tensor, in []*tensor.Tensor) {
	o := out.Float32s()
	clear(o)
	for i, n := 0, in[0].Size(); i < n; i++ {
		if k := indexAt(in[0], i); k >= 0 && k < op.classes {
			o[i*op.classes+k] = 1
		}
	}
}

func (op *oneHotOp) Backward(gout, out *tensor.Tensor, in []*tensor.Tensor, gin []*tensor.Tensor) {}

// OneHot encodes integer indices as float32 one-hot vectors along a new last
// axis of length numClasses (keras.ops.one_hot). As in Keras's TensorFlow
// backend, an index outside [0, numClasses), negative ones included, gives
// an all-zero row.
func OneHot(indices *tensor.Tensor, numClasses int) (*tensor.Tensor, error) {
	if err := nilCheck("one_hot", indices); err != nil {
		return nil, err
	}
	if err := checkIndexDType("one_hot", indices); err != nil {
		return nil, err
	}
	if numClasses <= 0 {
		return nil, fmt.Errorf("ops.one_hot: num_classes must be positive, got %d", numClasses)
	}
	out := append(indices.Shape().Clone(), numClasses)
	return tensor.Apply(&oneHotOp{classes: numClasses}, tensor.Float32, out, indices)
}
