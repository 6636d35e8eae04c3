package layers_test

import (
	"fmt"

	"github.com/gokeras/keras/initializers"
	"github.com/gokeras/keras/layers"
	"github.com/gokeras/keras/ops"
	"github.com/gokeras/keras/tensor"
)

// minimalRNNCell is Keras's MinimalRNNCell example written in Go: a cell
// is a layer with StateSize, OutputSize and Step.
type minimalRNNCell struct {
	layers.BaseLayer
	units                   int
	kernel, recurrentKernel *tensor.Variable
}

func newMinimalRNNCell(units int, name string) *minimalRNNCell {
	c := &minimalRNNCell{units: units}
	c.BaseLayer.Init(c, "MinimalRNNCell", layers.NewConfig(map[string]any{"name": name}))
	return c
}

func (c *minimalRNNCell) StateSize() []int { return []int{c.units} }
func (c *minimalRNNCell) OutputSize() int  { return c.units }

func (c *minimalRNNCell) Build(shapes []tensor.Shape) error {
	init, _ := initializers.Get("glorot_uniform")
	in := shapes[0][len(shapes[0])-1]
	var err error
	if c.kernel, err = c.AddWeight(layers.WeightSpec{Name: "kernel", Shape: tensor.Shape{in, c.units}, Initializer: init, Trainable: true}); err != nil {
		return err
	}
	c.recurrentKernel, err = c.AddWeight(layers.WeightSpec{Name: "recurrent_kernel", Shape: tensor.Shape{c.units, c.units}, Initializer: init, Trainable: true})
	return err
}

func (c *minimalRNNCell) ComputeOutputShape(shapes []tensor.Shape) ([]tensor.Shape, error) {
	return []tensor.Shape{{shapes[0][0], c.units}, {shapes[0][0], c.units}}, nil
}

// Step: output = x·kernel + h·recurrent_kernel, which is also the new state.
func (c *minimalRNNCell) Step(_ *layers.Context, x *tensor.Tensor, states []*tensor.Tensor) (*tensor.Tensor, []*tensor.Tensor, error) {
	a, err := ops.Matmul(x, c.kernel.Value())
	if err != nil {
		return nil, nil, err
	}
	b, err := ops.Matmul(states[0], c.recurrentKernel.Value())
	if err != nil {
		return nil, nil, err
	}
	h, err := ops.Add(a, b)
	return h, []*tensor.Tensor{h}, err
}

func (c *minimalRNNCell) Call(ctx *layers.Context, in []*tensor.Tensor) ([]*tensor.Tensor, error) {
	y, st, err := c.Step(ctx, in[0], in[1:])
	return append([]*tensor.Tensor{y}, st...), err
}

func (c *minimalRNNCell) GetConfig() map[string]any {
	cfg := c.BaseConfig()
	cfg["units"] = c.units
	return cfg
}

func ExampleNewRNN() {
	rnn := layers.NewRNN(newMinimalRNNCell(4, "minimal_rnn_cell"), layers.WithName("rnn"), layers.With("return_sequences", true))
	x := tensor.Zeros(2, 10, 8) // (batch, timesteps, features)
	outs, err := layers.CallLayer(&layers.Context{}, rnn, []*tensor.Tensor{x})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(outs[0].Shape())
	for _, w := range layers.Weights(rnn) {
		fmt.Println(w.Path(), w.Shape())
	}
	// Output:
	// (2, 10, 4)
	// rnn/minimal_rnn_cell/kernel (8, 4)
	// rnn/minimal_rnn_cell/recurrent_kernel (4, 4)
}

func ExampleNewStackedRNNCells() {
	cells := layers.NewStackedRNNCells([]layers.Layer{layers.NewLSTMCell(8, layers.WithName("lstm_a")), layers.NewGRUCell(4, layers.WithName("gru_b"))})
	rnn := layers.NewRNN(cells, layers.With("return_state", true))
	outs, err := layers.CallLayer(&layers.Context{}, rnn, []*tensor.Tensor{tensor.Zeros(2, 10, 3)})
	if err != nil {
		fmt.Println(err)
		return
	}
	// The output, then the states: h and c of the LSTM cell, h of the GRU cell.
	for _, o := range outs {
		fmt.Println(o.Shape())
	}
	// Output:
	// (2, 4)
	// (2, 8)
	// (2, 8)
	// (2, 4)
}

func ExampleNewConvLSTM2D() {
	l := layers.NewConvLSTM2D(6, []int{3, 3}, layers.WithName("conv_lstm2d"), layers.With("padding", "same"),
		layers.With("return_sequences", true))
	x := tensor.Zeros(2, 5, 16, 16, 3) // (batch, time, rows, cols, channels)
	outs, err := layers.CallLayer(&layers.Context{}, l, []*tensor.Tensor{x})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(outs[0].Shape())
	for _, w := range layers.Weights(l) {
		fmt.Println(w.Path(), w.Shape())
	}
	// Output:
	// (2, 5, 16, 16, 6)
	// conv_lstm2d/conv_lstm_cell/kernel (3, 3, 3, 24)
	// conv_lstm2d/conv_lstm_cell/recurrent_kernel (3, 3, 6, 24)
	// conv_lstm2d/conv_lstm_cell/bias (24,)
}

func ExampleNewConvLSTM1D() {
	l := layers.NewConvLSTM1D(2, []int{3}, layers.With("return_state", true))
	outs, err := layers.CallLayer(&layers.Context{}, l, []*tensor.Tensor{tensor.Zeros(1, 4, 10, 1)})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, o := range outs {
		fmt.Println(o.Shape())
	}
	// Output:
	// (1, 8, 2)
	// (1, 8, 2)
	// (1, 8, 2)
}

func ExampleNewConvLSTM3D() {
	l := layers.NewConvLSTM3D(2, []int{2})
	outs, err := layers.CallLayer(&layers.Context{}, l, []*tensor.Tensor{tensor.Zeros(1, 3, 4, 4, 4, 1)})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(outs[0].Shape())
	// Output:
	// (1, 3, 3, 3, 2)
}

func ExampleNewConvLSTMCell() {
	rnn := layers.NewRNN(layers.NewConvLSTMCell(2, 4, []int{3, 3}, layers.With("padding", "same")))
	outs, err := layers.CallLayer(&layers.Context{}, rnn, []*tensor.Tensor{tensor.Zeros(1, 3, 8, 8, 2)})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(outs[0].Shape())
	// Output:
	// (1, 8, 8, 4)
}
