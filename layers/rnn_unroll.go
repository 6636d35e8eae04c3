package layers

import (
	"fmt"

	"github.com/gokeras/keras/tensor"
)

// rnnStepFunc computes one time step from the step input and the states.
type rnnStepFunc func(ctx *Context, x *tensor.Tensor, states []*tensor.Tensor) (*tensor.Tensor, []*tensor.Tensor, error)

// unrollRNN runs step over the time axis of x (batch, T, rest...) from the
// given states, recording ordinary graph ops (Keras's backend.rnn with
// unroll=True): one time slice, one step and, with a mask, one selection
// per state and output per step. A masked step keeps the states and emits
// the previous output (zeros before the first valid step, or always zeros
// with zeroMasked), as Keras's TensorFlow backend does. It returns the
// output (the sequence in processing order, or the last step) followed by
// the final states when r.returnState. With r.stateful the final states are
// copied into those tensors by update ops appended to ctx.Updates.
func unrollRNN(ctx *Context, x, mask *tensor.Tensor, states []*tensor.Tensor, r rnnRun, step rnnStepFunc) ([]*tensor.Tensor, error) {
	s := x.Shape()
	B, T := s[0], s[1]
	if T < 1 {
		return nil, fmt.Errorf("input sequences must have at least one time step, received shape %v", s)
	}
	if mask != nil && !mask.Shape().Equal(tensor.Shape{B, T}) {
		return nil, fmt.Errorf("the mask of the input has shape %v, expected (%d, %d) for an input of shape %v", mask.Shape(), B, T, s)
	}
	stepShape := append(tensor.Shape{B}, s[2:]...)
	var outs []*tensor.Tensor
	var y, prev *tensor.Tensor
	for k := 0; k < T; k++ {
		t := k
		if r.backwards {
			t = T - 1 - k
		}
		xt, err := tensor.Apply(&rnnTimeSliceOp{t: t, steps: T}, tensor.Float32, stepShape, x)
		if err != nil {
			return nil, err
		}
		out, ns, err := step(ctx, xt, states)
		if err != nil {
			return nil, err
		}
		if len(ns) != len(states) {
			return nil, fmt.Errorf("the cell returned %d new state(s) for %d state(s)", len(ns), len(states))
		}
		for j := range ns {
			if ns[j] == nil || !ns[j].Shape().Equal(states[j].Shape()) {
				var got any = "nil"
				if ns[j] != nil {
					got = ns[j].Shape()
				}
				return nil, fmt.Errorf("the cell returned new state %d of shape %v for a state of shape %v", j, got, states[j].Shape())
			}
		}
		if out == nil || out.DType() != tensor.Float32 || out.Rank() < 1 || out.Dim(0) != B {
			return nil, fmt.Errorf("the cell must return a float32 output with batch size %d, received %v", B, out)
		}
		if mask != nil {
			for j := range ns {
				if ns[j], err = tensor.Apply(&rnnMaskSelectOp{t: t, steps: T}, tensor.Float32, ns[j].Shape(), mask, ns[j], states[j]); err != nil {
					return nil, err
				}
			}
			args := []*tensor.Tensor{mask, out}
			if prev != nil && !r.zeroMasked {
				args = append(args, prev)
			}
			if out, err = tensor.Apply(&rnnMaskSelectOp{t: t, steps: T}, tensor.Float32, out.Shape(), args...); err != nil {
				return nil, err
			}
			prev = out
		}
		if y != nil && !y.Shape().Equal(out.Shape()) {
			return nil, fmt.Errorf("the cell returned outputs of shapes %v and %v at different steps", y.Shape(), out.Shape())
		}
		states, y = ns, out
		if r.seqOut {
			outs = append(outs, out)
		}
	}
	if r.seqOut {
		os := append(tensor.Shape{B, T}, y.Shape()[1:]...)
		var err error
		if y, err = tensor.Apply(rnnStackTimeOp{}, tensor.Float32, os, outs...); err != nil {
			return nil, err
		}
	}
	res := []*tensor.Tensor{y}
	if r.returnState {
		res = append(res, states...)
	}
	for k, dst := range r.stateful {
		u, err := tensor.Apply(&rnnAssignOp{dst: dst}, tensor.Float32, states[k].Shape(), states[k])
		if err != nil {
			return nil, err
		}
		if ctx != nil {
			ctx.Updates = append(ctx.Updates, u)
		}
	}
	return res, nil
}
