package ops

import (
	"fmt"
	"math"
	"slices"

	"github.com/gokeras/keras/tensor"
)

// This file holds the activations of keras.ops.nn that work along an axis
// rather than element by element: glu and sparsemax.

// axisSplit returns the sizes before, along and after axis of shape.
func axisSplit(shape tensor.Shape, axis int) (outer, n, inner int) {
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

func floatInput(name string, x *tensor.Tensor) (*tensor.Tensor, error) {
	if x == nil {
		return nil, fmt.Errorf("ops.%s: nil tensor argument", name)
	}
	if x.DType() == tensor.Float32 {
		return x, nil
	}
	y, err := Cast(x, tensor.Float32)
	if err != nil {
		return nil, fmt.Errorf("ops.%s: %w", name, err)
	}
	return y, nil
}

// gluOp splits its input in halves a, b along an axis and returns
// a*sigmoid(b).
type gluOp struct{ axis int }

func (gluOp) Name() string { return "glu" }

func (op gluOp) Forward(out *tensor.Tensor, in []*tensor.Tensor) {
	outer, n, inner := axisSplit(in[0].Shape(), op.axis)
	h := n / 2
	x, o := in[0].Float32s(), out.Float32s()
	for p := 0; p < outer; p++ {
		xa := x[p*n*inner : p*n*inner+h*inner]
		xb := x[p*n*inner+h*inner : (p+1)*n*inner]
		dst := o[p*h*inner : (p+1)*h*inner]
		for i := range dst {
			dst[i] = float32(float64(xa[i]) * sigmoid64(float64(xb[i])))
		}
	}
}

func (op gluOp) Backward(gout, out *tensor.Tensor, in []*tensor.Tensor, gin []*tensor.Tensor) {
	if gin[0] == nil {
		return
	}
	outer, n, inner := axisSplit(in[0].Shape(), op.axis)
	h := n / 2
	x, g, gx := in[0].Float32s(), gout.Float32s(), gin[0].Float32s()
	for p := 0; p < outer; p++ {
		base := p * n * inner
		gp := g[p*h*inner : (p+1)*h*inner]
		for i, gv := range gp {
			a := float64(x[base+i])
			s := sigmoid64(float64(x[base+h*inner+i]))
			gx[base+i] += float32(float64(gv) * s)
			gx[base+h*inner+i] += float32(float64(gv) * a * s * (1 - s))
		}
	}
}

// Glu is the gated linear unit (keras.ops.glu): x is split into halves a and
// b along axis (default -1 in Keras) and the result is a*sigmoid(b). The axis
// must have even length.
func Glu(x *tensor.Tensor, axis int) (*tensor.Tensor, error) {
	x, err := floatInput("glu", x)
	if err != nil {
		return nil, err
	}
	shape := x.Shape()
	ax, err := tensor.NormAxis(axis, len(shape))
	if err != nil {
		return nil, fmt.Errorf("ops.glu: axis %d for input of shape %v: %w", axis, shape, err)
	}
	if shape[ax]%2 != 0 {
		return nil, fmt.Errorf("ops.glu: axis size must be divisible by 2. Received: x.shape=%v with axis=%d", shape, axis)
	}
	outShape := shape.Clone()
	outShape[ax] /= 2
	return tensor.Apply(gluOp{axis: ax}, tensor.Float32, outShape, x)
}

// sparsemaxOp keeps, per element, its rank in the descending order of its
// slice and, per slice, the support size k and tau: Backward needs them. The
// buffers are sized on first use so replays allocate nothing.
type sparsemaxOp struct {
	axis int
	rank []int32   // 1-based rank of each element within its slice
	k    []int32   // support size per slice
	idx  []int32   // sort scratch, one slice long
	vals []float64 // slice values, one slice long
}

func (*sparsemaxOp) Name() string { return "sparsemax" }

func (op *sparsemaxOp) Forward(out *tensor.Tensor, in []*tensor.Tensor) {
	outer, n, inner := axisSplit(in[0].Shape(), op.axis)
	total := outer * n * inner
	if cap(op.rank) < total || cap(op.k) < outer*inner || cap(op.idx) < n {
		op.rank = make([]int32, total)
		op.k = make([]int32, outer*inner)
		op.idx = make([]int32, n)
		op.vals = make([]float64, n)
	}
	op.rank, op.k = op.rank[:total], op.k[:outer*inner]
	x, o := in[0].Float32s(), out.Float32s()
	vals, idx := op.vals[:n], op.idx[:n]
	byValueDesc := func(a, b int32) int {
		switch {
		case vals[a] > vals[b]:
			return -1
		case vals[a] < vals[b]:
			return 1
		}
		return int(a - b)
	}
	for p := 0; p < outer; p++ {
		for q := 0; q < inner; q++ {
			base := p*n*inner + q
			for j := range n {
				vals[j] = float64(x[base+j*inner])
				idx[j] = int32(j)
			}
			slices.SortFunc(idx, byValueDesc)
			// Keras: support_j = sorted_j - (cumsum_j - 1)/j > 0,
			// tau = (sum of cumsum_j over the support - 1)/k.
			s, k, cs := 0.0, 0, 0.0 // running cumsum, support size, sum of cumsums
			for j, id := range idx {
				s += vals[id]
				op.rank[base+int(id)*inner] = int32(j + 1)
				if vals[id]-(s-1)/float64(j+1) > 0 {
					k++
					cs += s
				}
			}
			op.k[p*inner+q] = int32(k)
			tau := (cs - 1) / float64(k)
			for j := range n {
				o[base+j*inner] = float32(math.Max(vals[j]-tau, 0))
			}
		}
	}
}

// Backward differentiates Keras's tau: with the support a prefix of the
// sorted order, d tau / d sorted_j = (k - j + 1)/k for j <= k.
func (op *sparsemaxOp) Backward(gout, out *tensor.Tensor, in []*tensor.Tensor, gin []*tensor.Tensor) {
	if gin[0] == nil {
		return
	}
	outer, n, inner := axisSplit(in[0].Shape(), op.axis)
	g, gx, o := gout.Float32s(), gin[0].Float32s(), out.Float32s()
	for p := 0; p < outer; p++ {
		for q := 0; q < inner; q++ {
			base := p*n*inner + q
			k := float64(op.k[p*inner+q])
			active := 0.0
			for j := range n {
				if o[base+j*inner] > 0 {
					active += float64(g[base+j*inner])
				}
			}
			for j := range n {
				e := base + j*inner
				v := 0.0
				if o[e] > 0 {
					v = float64(g[e])
				}
				if r := float64(op.rank[e]); r <= k {
					v -= active * (k - r + 1) / k
				}
				gx[e] += float32(v)
			}
		}
	}
}

// Sparsemax is keras.ops.sparsemax along axis (default -1 in Keras):
// max(x - tau, 0) with Keras's threshold tau = (sum over the support of the
// sorted cumulative sums - 1)/k. For a support of one element this is the
// sparsemax of Martins et al.; for larger supports Keras's tau (mirrored here
// deliberately so outputs match Keras models) differs from the paper's
// (cumsum_k - 1)/k and the outputs need not sum to 1.
func Sparsemax(x *tensor.Tensor, axis int) (*tensor.Tensor, error) {
	x, err := floatInput("sparsemax", x)
	if err != nil {
		return nil, err
	}
	shape := x.Shape()
	ax, err := tensor.NormAxis(axis, len(shape))
	if err != nil {
		return nil, fmt.Errorf("ops.sparsemax: axis %d for input of shape %v: %w", axis, shape, err)
	}
	return tensor.Apply(&sparsemaxOp{axis: ax}, tensor.Float32, shape, x)
}
