package layers

import (
	"fmt"

	"github.com/gokeras/keras/tensor"
)

// rnnRun holds the RNN-layer arguments of one sequence run.
type rnnRun struct {
	seqOut, returnState, backwards, zeroMasked bool
	stateful                                   []*tensor.Tensor
}

// runRNN runs cell c over x (batch, timesteps, features) from the given
// initial states (none: zeros) with one fused op, and returns the output
// (the sequence or the last step) followed by the final states when
// r.returnState.
func runRNN(ctx *Context, c *rnnCell, x *tensor.Tensor, states []*tensor.Tensor, r rnnRun) ([]*tensor.Tensor, error) {
	sp := &c.spec
	if x.DType() != tensor.Float32 {
		return nil, fmt.Errorf("expected float32 input sequences, got %v", x.DType())
	}
	s := x.Shape()
	in := c.Kernel.Shape()[0]
	if len(s) != 3 {
		return nil, fmt.Errorf("input 0 is incompatible with the layer: expected ndim=3, found ndim=%d. Full shape received: %v", len(s), s)
	}
	if s[2] != in {
		return nil, fmt.Errorf("input 0 is incompatible with the layer: expected axis -1 of input shape to have value %d, but received input with shape %v", in, s)
	}
	if s[1] < 1 {
		return nil, fmt.Errorf("input sequences must have at least one time step, received shape %v", s)
	}
	B, T, U := s[0], s[1], sp.units
	for k, st := range states {
		if st == nil || st.DType() != tensor.Float32 || !st.Shape().Equal(tensor.Shape{B, U}) {
			var got any = "nil"
			if st != nil {
				got = st.Shape()
			}
			return nil, fmt.Errorf("initial state %d must have shape %v (batch, units) for inputs of shape %v, received %v", k, tensor.Shape{B, U}, s, got)
		}
	}
	op := &rnnOp{kind: sp.kind, resetAfter: sp.resetAfter, act: sp.act, ract: sp.ract,
		b: B, t: T, i: in, u: U, g: sp.gates(), backwards: r.backwards, seqOut: r.seqOut,
		zeroMasked: r.zeroMasked, iBias: -1, iH0: -1, iC0: -1, iMask: -1, stateful: r.stateful,
		dropout: float32(sp.dropout), recDropout: float32(sp.recDropout), gen: c.gen,
		training: ctx != nil && ctx.Training}
	if op.dropout >= 1 || op.recDropout >= 1 {
		return nil, fmt.Errorf("dropout rates must be below 1, got dropout=%v, recurrent_dropout=%v", sp.dropout, sp.recDropout)
	}
	if r.returnState {
		op.nStates = sp.states()
	}
	args := []*tensor.Tensor{x, c.Kernel.Value(), c.RecurrentKernel.Value()}
	if c.Bias != nil {
		op.iBias = len(args)
		args = append(args, c.Bias.Value())
	}
	if len(states) > 0 {
		op.iH0 = len(args)
		args = append(args, states[0])
		if len(states) > 1 {
			op.iC0 = len(args)
			args = append(args, states[1])
		}
	}
	if m := x.Mask(); m != nil {
		if !m.Shape().Equal(tensor.Shape{B, T}) {
			return nil, fmt.Errorf("the mask of the input has shape %v, expected (%d, %d) for an input of shape %v", m.Shape(), B, T, x.Shape())
		}
		op.iMask = len(args)
		args = append(args, m)
	}
	rows := op.rows()
	packed, err := tensor.Apply(op, tensor.Float32, tensor.Shape{B, rows, U}, args...)
	if err != nil {
		return nil, err
	}
	nOut := rows - op.nStates
	var outs []*tensor.Tensor
	oshape := tensor.Shape{B, U}
	if r.seqOut {
		oshape = tensor.Shape{B, T, U}
	}
	y, err := tensor.Apply(&rnnPickOp{rows: rows, first: 0, n: nOut, u: U}, tensor.Float32, oshape, packed)
	if err != nil {
		return nil, err
	}
	outs = append(outs, y)
	for k := 0; k < op.nStates; k++ {
		st, err := tensor.Apply(&rnnPickOp{rows: rows, first: nOut + k, n: 1, u: U}, tensor.Float32, tensor.Shape{B, U}, packed)
		if err != nil {
			return nil, err
		}
		outs = append(outs, st)
	}
	return outs, nil
}

// rnnPickOp copies rows [first, first+n) of every batch entry of a packed
// (batch, rows, units) tensor.
type rnnPickOp struct{ rows, first, n, u int }

func (op *rnnPickOp) Name() string { return "rnn_output" }

func (op *rnnPickOp) Forward(out *tensor.Tensor, in []*tensor.Tensor) {
	src, dst := in[0].Float32s(), out.Float32s()
	w := op.n * op.u
	for b := 0; b < len(dst)/w; b++ {
		copy(dst[b*w:(b+1)*w], src[(b*op.rows+op.first)*op.u:])
	}
}

func (op *rnnPickOp) Backward(gout, out *tensor.Tensor, in []*tensor.Tensor, gin []*tensor.Tensor) {
	g, d := gout.Float32s(), gin[0].Float32s()
	w := op.n * op.u
	for b := 0; b < len(g)/w; b++ {
		dst := d[(b*op.rows+op.first)*op.u : (b*op.rows+op.first)*op.u+w]
		for j, v := range g[b*w : (b+1)*w] {
			dst[j] += v
		}
	}
}
