package ops

import (
	"fmt"

	"github.com/gokeras/keras/tensor"
)

// groups describes a reduction over a set of axes as n groups of count input
// elements each, one group per output element. When the reduced axes are the
// trailing ones the groups are contiguous (idx nil); otherwise idx lists the
// input offsets group by group.
type groups struct {
	out   tensor.Shape
	n     int
	count int
	idx   []int32
}

func newGroups(name string, shape tensor.Shape, axes []int, keepdims bool) (*groups, error) {
	red, err := normAxes(name, axes, len(shape))
	if err != nil {
		return nil, err
	}
	var perm []int
	out := tensor.Shape{}
	g := &groups{n: 1, count: 1}
	for i, d := range shape {
		if red[i] {
			if keepdims {
				out = append(out, 1)
			}
			continue
		}
		out = append(out, d)
		perm = append(perm, i)
		g.n *= d
	}
	for i, d := range shape {
		if red[i] {
			perm = append(perm, i)
			g.count *= d
		}
	}
	// Groups are contiguous when no kept axis of size > 1 follows a reduced one.
	trailing := true
	for i := range shape {
		if red[i] {
			for j := i + 1; j < len(shape); j++ {
				if !red[j] && shape[j] != 1 {
					trailing = false
				}
			}
		}
	}
	g.out = out
	if !trailing {
		if shape.Size() > 1<<31-1 {
			return nil, fmt.Errorf("ops.%s: tensor of shape %v is too large for a reduction over non-trailing axes", name, shape)
		}
		ps := make(tensor.Shape, len(perm))
		sst := make([]int, len(perm))
		st := shape.Strides()
		for i, p := range perm {
			ps[i], sst[i] = shape[p], st[p]
		}
		g.idx = make([]int32, 0, shape.Size())
		walkStrided(ps, sst, make([]int, len(ps)), func(_, s, n, step int) {
			for i := 0; i < n; i++ {
				g.idx = append(g.idx, int32(s+i*step))
			}
		})
	}
	return g, nil
}

// gather returns group k's values: a slice of x when contiguous, else a copy
// into buf.
func (g *groups) gather(buf, x []float32, k int) []float32 {
	if g.idx == nil {
		return x[k*g.count : (k+1)*g.count]
	}
	for j, i := range g.idx[k*g.count : (k+1)*g.count] {
		buf[j] = x[i]
	}
	return buf
}

// gradBuf returns where group k's gradient goes: the slice of gx itself when
// contiguous (accumulated in place), else buf cleared for scatter.
func (g *groups) gradBuf(buf, gx []float32, k int) []float32 {
	if g.idx == nil {
		return gx[k*g.count : (k+1)*g.count]
	}
	clear(buf)
	return buf
}

// scatter adds buf back into gx for a non-contiguous group.
func (g *groups) scatter(buf, gx []float32, k int) {
	if g.idx == nil {
		return
	}
	for j, i := range g.idx[k*g.count : (k+1)*g.count] {
		gx[i] += buf[j]
	}
}

// offset is the input offset of element j of group k.
func (g *groups) offset(k, j int) int {
	if g.idx == nil {
		return k*g.count + j
	}
	return int(g.idx[k*g.count+j])
}

// groupFn is one float reduction: forward reduces a group; backward adds
// the group's input gradient into dx given its output y and gradient g.
type groupFn interface {
	forward(x []float32) float32
	backward(dx, x []float32, y, g float32)
}

// groupOp applies a groupFn to every group.
type groupOp struct {
	name    string
	g       *groups
	fn      groupFn
	xb, dxb []float32 // scratch for non-contiguous groups
}

func (op *groupOp) Name() string { return op.name }

func (op *groupOp) Forward(out *tensor.Tensor, in []*tensor.Tensor) {
	o, x := out.Float32s(), in[0].Float32s()
	for k := range o {
		o[k] = op.fn.forward(op.g.gather(op.xb, x, k))
	}
}

func (op *groupOp) Backward(gout, out *tensor.Tensor, in []*tensor.Tensor, gin []*tensor.Tensor) {
	if gin[0] == nil {
		return
	}
	o, x, g, gx := out.Float32s(), in[0].Float32s(), gout.Float32s(), gin[0].Float32s()
	for k := range o {
		xs := op.g.gather(op.xb, x, k)
		dx := op.g.gradBuf(op.dxb, gx, k)
		op.fn.backward(dx, xs, o[k], g[k])
		op.g.scatter(op.dxb, gx, k)
	}
}

// applyGroups reduces float32(x) over axes with fn.
func applyGroups(name string, fn groupFn, x *tensor.Tensor, axes []int, keepdims bool) (*tensor.Tensor, error) {
	if err := nilCheck(name, x); err != nil {
		return nil, err
	}
	x, err := toFloat(name, x)
	if err != nil {
		return nil, err
	}
	g, err := newGroups(name, x.Shape(), axes, keepdims)
	if err != nil {
		return nil, err
	}
	op := &groupOp{name: name, g: g, fn: fn}
	if g.idx != nil {
		op.xb, op.dxb = make([]float32, g.count), make([]float32, g.count)
	}
	return tensor.Apply(op, tensor.Float32, g.out, x)
}
