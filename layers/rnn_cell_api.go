package layers

import (
	"fmt"

	"github.com/gokeras/keras/tensor"
)

// RNNCell is what the generic RNN layer (keras.layers.RNN) runs: a layer
// that computes one time step, Keras's cell protocol of call(inputs, states)
// -> (output, new_states) with state_size and output_size.
//
// Build receives the shape of one step's input, (batch, features...), with
// the batch -1. Step receives the step input and the states (in the order
// of StateSize) and returns the step output and the new states; it must be
// written with differentiable ops (package ops, tensor.Apply) so that the
// unrolled sequence can be differentiated and replayed by a compiled
// training step. The built-in LSTMCell, GRUCell, SimpleRNNCell,
// StackedRNNCells and the ConvLSTM cells implement it.
type RNNCell interface {
	Layer
	// StateSize is Keras's state_size: the last dimension of each state
	// tensor, (batch, size) each.
	StateSize() []int
	// OutputSize is Keras's output_size: the last dimension of the step
	// output (batch, size).
	OutputSize() int
	// Step computes one time step.
	Step(ctx *Context, input *tensor.Tensor, states []*tensor.Tensor) (output *tensor.Tensor, newStates []*tensor.Tensor, err error)
}

// RNNCellShapes is implemented by cells whose output and states are not
// (batch, size) matrices (the ConvLSTM cells): it returns the step output's
// and the states' shapes for a step input of the given shape. The RNN layer
// uses it for output shapes and zero initial states (Keras's
// get_initial_state).
type RNNCellShapes interface {
	StepShapes(stepInput tensor.Shape) (output tensor.Shape, states []tensor.Shape, err error)
}

// RNNCellInitialState is implemented by cells whose initial states are not
// zeros (Keras's get_initial_state(batch_size)); the RNN layer uses it when
// it is called without initial states and for a stateful layer's first
// states.
type RNNCellInitialState interface {
	GetInitialState(batch int) ([]*tensor.Tensor, error)
}

// dropoutMaskCell is a cell that caches its dropout masks for the steps of
// one RNN call (Keras's DropoutRNNCell); the RNN resets them after the call.
type dropoutMaskCell interface{ resetDropoutMasks() }

// cellStepShapes returns the output and state shapes of cell c for a step
// input of shape s (batch first).
func cellStepShapes(c RNNCell, s tensor.Shape) (tensor.Shape, []tensor.Shape, error) {
	if sc, ok := c.(RNNCellShapes); ok {
		return sc.StepShapes(s)
	}
	b := -1
	if len(s) > 0 {
		b = s[0]
	}
	st := make([]tensor.Shape, 0, len(c.StateSize()))
	for _, n := range c.StateSize() {
		st = append(st, tensor.Shape{b, n})
	}
	return tensor.Shape{b, c.OutputSize()}, st, nil
}

// StateSize is Keras's state_size: [units, units] for LSTMCell (h, c),
// [units] for GRUCell and SimpleRNNCell.
func (c *rnnCell) StateSize() []int {
	out := make([]int, c.spec.states())
	for k := range out {
		out[k] = c.spec.units
	}
	return out
}

// OutputSize is Keras's output_size: units.
func (c *rnnCell) OutputSize() int { return c.spec.units }

// Step runs one step with the fused recurrent op (Call on a one-step
// sequence). Dropout masks are drawn per step here; the RNN layer runs
// built-in cells over whole sequences instead, with one mask per call as
// in Keras.
func (c *rnnCell) Step(ctx *Context, x *tensor.Tensor, states []*tensor.Tensor) (*tensor.Tensor, []*tensor.Tensor, error) {
	if !c.Built() {
		return nil, nil, fmt.Errorf("%s %q must be built before Step", c.ClassName(), c.Name())
	}
	outs, err := c.Call(ctx, append([]*tensor.Tensor{x}, states...))
	if err != nil {
		return nil, nil, err
	}
	return outs[0], outs[1:], nil
}

// builtinCore returns the implementation of a built-in cell (LSTMCell,
// GRUCell, SimpleRNNCell), or nil.
func builtinCore(c Layer) *rnnCell {
	switch cl := c.(type) {
	case *LSTMCell:
		return &cl.rnnCell
	case *GRUCell:
		return &cl.rnnCell
	case *SimpleRNNCell:
		return &cl.rnnCell
	}
	return nil
}
