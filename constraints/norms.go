package constraints

import (
	"fmt"
	"math"

	"github.com/gokeras/keras/tensor"
)

// normGroups computes the L2 norms of the slices of a tensor taken over some
// axes (Keras's sqrt(sum(square(w), axis, keepdims=True))) and rescales each
// slice by a per-slice factor. Its buffers are sized for the last shape seen,
// so repeated calls on one shape allocate nothing.
type normGroups struct {
	shape  []int
	stride []int // group-index stride per dimension (0 for reduced axes)
	idx    []int // odometer
	norms  []float64
	factor []float32
}

// prepare validates axes against shape and sizes the buffers.
func (g *normGroups) prepare(class string, shape tensor.Shape, axes []int) error {
	rank := len(shape)
	if len(axes) == 0 {
		return fmt.Errorf("constraint %s: no axis given", class)
	}
	reduced := uint64(0)
	for _, a := range axes {
		ax := a
		if ax < 0 {
			ax += rank
		}
		if ax < 0 || ax >= rank || ax >= 64 {
			return fmt.Errorf("constraint %s: axis %d is out of bounds for weights of shape %v", class, a, shape)
		}
		reduced |= 1 << ax
	}
	if g.sameShape(shape, reduced) {
		return nil
	}
	g.shape = append(g.shape[:0], shape...)
	g.stride = make([]int, rank)
	g.idx = make([]int, rank)
	n := 1
	for d := rank - 1; d >= 0; d-- {
		if reduced&(1<<d) == 0 {
			g.stride[d] = n
			n *= shape[d]
		} else {
			g.stride[d] = 0
		}
	}
	g.norms = make([]float64, n)
	g.factor = make([]float32, n)
	return nil
}

func (g *normGroups) sameShape(shape tensor.Shape, reduced uint64) bool {
	if g.stride == nil || len(g.shape) != len(shape) {
		return false
	}
	for d := range shape {
		if g.shape[d] != shape[d] || (g.stride[d] == 0) != (reduced&(1<<d) != 0) {
			// A dimension of size 1 that is kept still has a non-zero
			// stride, so the comparison is exact.
			return false
		}
	}
	return true
}

// forEach visits every element with its group index, in storage order.
// It is written as an odometer so that no closure is allocated.
func (g *normGroups) computeNorms(w []float32) {
	clear(g.norms)
	clear(g.idx)
	grp := 0
	rank := len(g.shape)
	for _, v := range w {
		g.norms[grp] += float64(v) * float64(v)
		for d := rank - 1; d >= 0; d-- {
			g.idx[d]++
			grp += g.stride[d]
			if g.idx[d] < g.shape[d] {
				break
			}
			grp -= g.stride[d] * g.idx[d]
			g.idx[d] = 0
		}
	}
	for i, s := range g.norms {
		g.norms[i] = float64(float32(math.Sqrt(s)))
	}
}

func (g *normGroups) scale(w []float32) {
	clear(g.idx)
	grp := 0
	rank := len(g.shape)
	for i := range w {
		w[i] *= g.factor[grp]
		for d := rank - 1; d >= 0; d-- {
			g.idx[d]++
			grp += g.stride[d]
			if g.idx[d] < g.shape[d] {
				break
			}
			grp -= g.stride[d] * g.idx[d]
			g.idx[d] = 0
		}
	}
}

// rescale constrains w in place: each slice is multiplied by
// desired(norm) / (epsilon + norm), computed in float32 as Keras does.
func (g *normGroups) rescale(class string, w *tensor.Tensor, axes []int, desired func(norm float32) float32) error {
	if w == nil || w.DType() != tensor.Float32 {
		return fmt.Errorf("constraint %s: need a float32 tensor, got %v", class, w)
	}
	if err := g.prepare(class, w.Shape(), axes); err != nil {
		return err
	}
	d := w.Float32s()
	if len(d) == 0 {
		return nil
	}
	g.computeNorms(d)
	for i, n := range g.norms {
		nf := float32(n)
		g.factor[i] = desired(nf) / (float32(epsilon) + nf)
	}
	g.scale(d)
	return nil
}

func clip32(x, lo, hi float32) float32 { return min(max(x, lo), hi) }
