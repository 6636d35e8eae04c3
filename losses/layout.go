package losses

import (
	"fmt"

	"github.com/gokeras/keras/tensor"
)

// alignRanks mirrors Keras's squeeze_or_expand_to_same_rank (with
// expand_rank_1=True) on shapes: when the ranks differ by one and the longer
// shape ends in 1, that 1 is dropped, or a trailing 1 is added to a rank-1
// shorter shape. Row-major data is unchanged by either, so only the shapes
// change.
func alignRanks(x1, x2 tensor.Shape) (tensor.Shape, tensor.Shape) {
	r1, r2 := len(x1), len(x2)
	if r1 == r2 {
		return x1, x2
	}
	if r1 == r2+1 && x1[r1-1] == 1 {
		if r2 == 1 {
			x2 = append(x2.Clone(), 1)
		} else {
			x1 = x1[:r1-1].Clone()
		}
	}
	if r2 == r1+1 && x2[r2-1] == 1 {
		if r1 == 1 {
			x1 = append(x1.Clone(), 1)
		} else {
			x2 = x2[:r2-1].Clone()
		}
	}
	return x1, x2
}

// bcastIndex returns, for every element of dst (row-major), the flat offset
// of the element of src that numpy broadcasting reads there. It returns nil
// when src already has dst's shape (the identity).
func bcastIndex(src, dst tensor.Shape) []int32 {
	if src.Equal(dst) {
		return nil
	}
	n := dst.Size()
	idx := make([]int32, n)
	rank := len(dst)
	strides := make([]int, rank) // src strides aligned to dst, 0 on broadcast dims
	st := 1
	for i := len(src) - 1; i >= 0; i-- {
		j := rank - len(src) + i
		if src[i] != 1 {
			strides[j] = st
		}
		st *= src[i]
	}
	coord := make([]int, rank)
	off := 0
	for e := 0; e < n; e++ {
		idx[e] = int32(off)
		for d := rank - 1; d >= 0; d-- {
			coord[d]++
			off += strides[d]
			if coord[d] < dst[d] {
				break
			}
			off -= strides[d] * coord[d]
			coord[d] = 0
		}
	}
	return idx
}

// grouping views a shape as (outer, k, inner) where the k axis is the run of
// reduced axes: element j of group g = o*inner + i sits at o*k*inner +
// j*inner + i.
type grouping struct {
	outer, k, inner int
	out             tensor.Shape // the shape without the reduced axes
}

// newGrouping reduces axes [a0, a1) of s.
func newGrouping(s tensor.Shape, a0, a1 int) grouping {
	g := grouping{outer: 1, k: 1, inner: 1, out: tensor.Shape{}}
	for i, d := range s {
		switch {
		case i < a0:
			g.outer *= d
			g.out = append(g.out, d)
		case i < a1:
			g.k *= d
		default:
			g.inner *= d
			g.out = append(g.out, d)
		}
	}
	return g
}

func (g grouping) groups() int { return g.outer * g.inner }

// base is the flat offset of element 0 of group gi.
func (g grouping) base(gi int) int {
	o, i := gi/g.inner, gi%g.inner
	return o*g.k*g.inner + i
}

// broadcastShapes is numpy's broadcasting of two shapes.
func broadcastShapes(a, b tensor.Shape) (tensor.Shape, error) {
	n := max(len(a), len(b))
	out := make(tensor.Shape, n)
	for i := 1; i <= n; i++ {
		da, db := 1, 1
		if i <= len(a) {
			da = a[len(a)-i]
		}
		if i <= len(b) {
			db = b[len(b)-i]
		}
		switch {
		case da == db || db == 1:
			out[n-i] = da
		case da == 1:
			out[n-i] = db
		default:
			return nil, fmt.Errorf("shapes %v and %v are incompatible for broadcasting", a, b)
		}
	}
	return out, nil
}
