package layers

import (
	"github.com/gokeras/keras/tensor"
)

// The small ops the unrolled recurrent loop (rnn_unroll.go) is recorded
// with. Each is one graph node; none allocates on replay.

// rnnTimeSliceOp takes time step t of a (batch, T, rest...) tensor, giving
// (batch, rest...).
type rnnTimeSliceOp struct{ t, steps int }

func (op *rnnTimeSliceOp) Name() string { return "rnn_time_slice" }

func (op *rnnTimeSliceOp) Forward(out *tensor.Tensor, in []*tensor.Tensor) {
	src, dst := in[0].Float32s(), out.Float32s()
	n := in[0].Dim(0)
	w := len(dst) / max(n, 1)
	for b := 0; b < n; b++ {
		copy(dst[b*w:(b+1)*w], src[(b*op.steps+op.t)*w:])
	}
}

func (op *rnnTimeSliceOp) Backward(gout, out *tensor.Tensor, in []*tensor.Tensor, gin []*tensor.Tensor) {
	if gin[0] == nil {
		return
	}
	g, d := gout.Float32s(), gin[0].Float32s()
	n := in[0].Dim(0)
	w := len(g) / max(n, 1)
	for b := 0; b < n; b++ {
		dst := d[(b*op.steps+op.t)*w : (b*op.steps+op.t+1)*w]
		for j, v := range g[b*w : (b+1)*w] {
			dst[j] += v
		}
	}
}

// rnnStackTimeOp stacks T tensors (batch, rest...) into (batch, T, rest...).
type rnnStackTimeOp struct{}

func (rnnStackTimeOp) Name() string { return "rnn_stack_time" }

func (rnnStackTimeOp) Forward(out *tensor.Tensor, in []*tensor.Tensor) {
	dst := out.Float32s()
	T := len(in)
	n := out.Dim(0)
	w := len(dst) / max(n*T, 1)
	for t, x := range in {
		src := x.Float32s()
		for b := 0; b < n; b++ {
			copy(dst[(b*T+t)*w:(b*T+t+1)*w], src[b*w:(b+1)*w])
		}
	}
}

func (rnnStackTimeOp) Backward(gout, out *tensor.Tensor, in []*tensor.Tensor, gin []*tensor.Tensor) {
	g := gout.Float32s()
	T := len(in)
	n := out.Dim(0)
	w := len(g) / max(n*T, 1)
	for t := range in {
		if gin[t] == nil {
			continue
		}
		d := gin[t].Float32s()
		for b := 0; b < n; b++ {
			src := g[(b*T+t)*w : (b*T+t+1)*w]
			for j, v := range src {
				d[b*w+j] += v
			}
		}
	}
}

// rnnMaskSelectOp is where(mask[:, t], a, b) per batch row: its inputs are
// the (batch, T) mask (any dtype, nonzero = valid), a and, optionally, b
// (absent: zeros). It keeps the states of masked steps and picks the
// emitted output.
type rnnMaskSelectOp struct{ t, steps int }

func (op *rnnMaskSelectOp) Name() string { return "rnn_mask_select" }

func (op *rnnMaskSelectOp) valid(m *tensor.Tensor, b int) bool { return m.At(b*op.steps+op.t) != 0 }

func (op *rnnMaskSelectOp) Forward(out *tensor.Tensor, in []*tensor.Tensor) {
	m, a, dst := in[0], in[1].Float32s(), out.Float32s()
	n := out.Dim(0)
	w := len(dst) / max(n, 1)
	for b := 0; b < n; b++ {
		row := dst[b*w : (b+1)*w]
		switch {
		case op.valid(m, b):
			copy(row, a[b*w:(b+1)*w])
		case len(in) > 2:
			copy(row, in[2].Float32s()[b*w:(b+1)*w])
		default:
			clear(row)
		}
	}
}

func (op *rnnMaskSelectOp) Backward(gout, out *tensor.Tensor, in []*tensor.Tensor, gin []*tensor.Tensor) {
	g := gout.Float32s()
	n := out.Dim(0)
	w := len(g) / max(n, 1)
	for b := 0; b < n; b++ {
		k := 2
		if op.valid(in[0], b) {
			k = 1
		}
		if k >= len(in) || gin[k] == nil {
			continue
		}
		d := gin[k].Float32s()[b*w : (b+1)*w]
		for j, v := range g[b*w : (b+1)*w] {
			d[j] += v
		}
	}
}

// rnnFlipMaskOp turns a (batch, T) mask of any dtype into float32 ones and
// zeros, reversed along time when flip is set (the mask of a sequence that
// is in go_backwards processing order). It has no gradient.
type rnnFlipMaskOp struct{ flip bool }

func (op *rnnFlipMaskOp) Name() string { return "rnn_mask" }

func (op *rnnFlipMaskOp) Forward(out *tensor.Tensor, in []*tensor.Tensor) {
	dst := out.Float32s()
	n, T := out.Dim(0), out.Dim(1)
	for b := 0; b < n; b++ {
		for t := 0; t < T; t++ {
			src := t
			if op.flip {
				src = T - 1 - t
			}
			dst[b*T+t] = 0
			if in[0].At(b*T+src) != 0 {
				dst[b*T+t] = 1
			}
		}
	}
}

func (op *rnnFlipMaskOp) Backward(gout, out *tensor.Tensor, in []*tensor.Tensor, gin []*tensor.Tensor) {
}

// rnnAssignOp copies its input into dst (a stateful layer's carried state)
// each time its Forward runs, and outputs it; it is kept in Context.Updates
// so that a compiled step replays it.
type rnnAssignOp struct{ dst *tensor.Tensor }

func (op *rnnAssignOp) Name() string { return "rnn_assign_state" }

func (op *rnnAssignOp) Forward(out *tensor.Tensor, in []*tensor.Tensor) {
	copy(op.dst.Float32s(), in[0].Float32s())
	copy(out.Float32s(), in[0].Float32s())
}

func (op *rnnAssignOp) Backward(gout, out *tensor.Tensor, in []*tensor.Tensor, gin []*tensor.Tensor) {
}
