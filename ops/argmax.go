package ops

import (
	"fmt"
	"slices"

	"github.com/gokeras/keras/tensor"
)

// argOp finds the first index of the maximum (or minimum) along an axis.
// NaN counts as the extreme value, as in numpy.
type argOp struct {
	min bool
	l   lines
}

func (op *argOp) Name() string {
	if op.min {
		return "argmin"
	}
	return "argmax"
}

func (op *argOp) Forward(out *tensor.Tensor, in []*tensor.Tensor) {
	o, l, x := out.Int32s(), op.l, in[0]
	f := x.Float32s()
	at := func(k int) float64 {
		if f != nil {
			return float64(f[k])
		}
		return x.At(k)
	}
	for a := 0; a < l.outer; a++ {
		for i := 0; i < l.inner; i++ {
			s0 := l.start(a, i)
			best, bi := at(s0), 0
			for j := 1; j < l.n && best == best; j++ {
				v := at(s0 + j*l.inner)
				if v != v || (!op.min && v > best) || (op.min && v < best) {
					best, bi = v, j
				}
			}
			o[a*l.inner+i] = int32(bi)
		}
	}
}

func (op *argOp) Backward(gout, out *tensor.Tensor, in []*tensor.Tensor, gin []*tensor.Tensor) {}

func argReduce(min bool, x *tensor.Tensor, axis int) (*tensor.Tensor, error) {
	op := &argOp{min: min}
	name := op.Name()
	if err := nilCheck(name, x); err != nil {
		return nil, err
	}
	shape := x.Shape()
	if len(shape) == 0 {
		return nil, fmt.Errorf("ops.%s: cannot take the %s of a scalar", name, name)
	}
	ax, err := axisOf(name, axis, len(shape))
	if err != nil {
		return nil, err
	}
	if shape[ax] == 0 {
		return nil, fmt.Errorf("ops.%s: axis %d of shape %v is empty", name, axis, shape)
	}
	o, n, i := splitAxis(shape, ax)
	op.l = lines{o, n, i}
	out := append(shape[:ax:ax], shape[ax+1:]...)
	return tensor.Apply(op, tensor.Int32, out, x)
}

// Argmax returns the int32 index of the first maximum along axis
// (keras.ops.argmax).
func Argmax(x *tensor.Tensor, axis int) (*tensor.Tensor, error) { return argReduce(false, x, axis) }

// Argmin returns the int32 index of the first minimum along axis
// (keras.ops.argmin).
func Argmin(x *tensor.Tensor, axis int) (*tensor.Tensor, error) { return argReduce(true, x, axis) }

// topKOp returns the k largest values of each last-axis row in descending
// order (ties: lower index first). It records their indices for Backward and
// for the companion indices op.
type topKOp struct {
	rows, n, k int
	idx        []int32 // rows*k selected indices
	perm       []int32 // scratch for the full sort
}

func (op *topKOp) Name() string { return "top_k" }

func (op *topKOp) Forward(out *tensor.Tensor, in []*tensor.Tensor) {
	o, x := out.Float32s(), in[0].Float32s()
	n, k := op.n, op.k
	for r := 0; r < op.rows; r++ {
		row, sel := x[r*n:(r+1)*n], op.idx[r*k:(r+1)*k]
		if k <= 32 {
			selectTop(row, sel)
		} else {
			for j := range op.perm {
				op.perm[j] = int32(j)
			}
			slices.SortStableFunc(op.perm, func(a, b int32) int {
				va, vb := row[a], row[b]
				switch {
				case va > vb || (va != va && vb == vb):
					return -1
				case vb > va || (vb != vb && va == va):
					return 1
				}
				return 0
			})
			copy(sel, op.perm[:k])
		}
		for j, i := range sel {
			o[r*k+j] = row[i]
		}
	}
}

// selectTop fills sel with the indices of the len(sel) largest values of row
// by insertion, keeping earlier indices ahead on ties.
func selectTop(row []float32, sel []int32) {
	k, c := len(sel), 0
	greater := func(a, b float32) bool { return a > b || (a != a && b == b) }
	for j, v := range row {
		if c == k && !greater(v, row[sel[k-1]]) {
			continue
		}
		p := c
		if c < k {
			c++
		} else {
			p = k - 1
		}
		for p > 0 && greater(v, row[sel[p-1]]) {
			sel[p] = sel[p-1]
			p--
		}
		sel[p] = int32(j)
	}
}

func (op *topKOp) Backward(gout, out *tensor.Tensor, in []*tensor.Tensor, gin []*tensor.Tensor) {
	if gin[0] == nil {
		return
	}
	g, gx := gout.Float32s(), gin[0].Float32s()
	for r := 0; r < op.rows; r++ {
		for j, i := range op.idx[r*op.k : (r+1)*op.k] {
			gx[r*op.n+int(i)] += g[r*op.k+j]
		}
	}
}

// topKIndexOp exposes the indices its values op selected; its input is the
// values tensor, so a replay recomputes the values first.
type topKIndexOp struct{ src *topKOp }

func (op *topKIndexOp) Name() string { return "top_k_indices" }
func (op *topKIndexOp) Forward(out *tensor.Tensor, in []*tensor.Tensor) {
	copy(out.Int32s(), op.src.idx)
}
func (op *topKIndexOp) Backward(gout, out *tensor.Tensor, in []*tensor.Tensor, gin []*tensor.Tensor) {
}

// TopK returns the k largest values along the last axis, in descending
// order, and their int32 indices (keras.ops.top_k with sorted=True). Equal
// values keep their original order. The values are differentiable.
func TopK(x *tensor.Tensor, k int) (values, indices *tensor.Tensor, err error) {
	if err := nilCheck("top_k", x); err != nil {
		return nil, nil, err
	}
	if x, err = toFloat("top_k", x); err != nil {
		return nil, nil, err
	}
	shape := x.Shape()
	if len(shape) == 0 {
		return nil, nil, fmt.Errorf("ops.top_k: input must have rank >= 1, got shape %v", shape)
	}
	n := shape[len(shape)-1]
	if k < 1 || k > n {
		return nil, nil, fmt.Errorf("ops.top_k: k=%d must be in [1, %d] for an input of shape %v", k, n, shape)
	}
	rows := shape.Size() / n
	op := &topKOp{rows: rows, n: n, k: k, idx: make([]int32, rows*k)}
	if k > 32 {
		op.perm = make([]int32, n)
	}
	out := shape.Clone()
	out[len(out)-1] = k
	if values, err = tensor.Apply(op, tensor.Float32, out, x); err != nil {
		return nil, nil, err
	}
	if indices, err = tensor.Apply(&topKIndexOp{src: op}, tensor.Int32, out, values); err != nil {
		return nil, nil, err
	}
	return values, indices, nil
}
