package layers

import (
	"fmt"

	"github.com/gokeras/keras/tensor"
)

// ConvLSTM is keras.layers.ConvLSTM1D, ConvLSTM2D and ConvLSTM3D
// (ClassName tells which): an LSTM whose input and recurrent
// transformations are convolutions, over inputs (batch, time, spatial...,
// channels) — or (batch, time, channels, spatial...) with data_format
// "channels_first". It is an RNN whose cell is a ConvLSTMCell named
// "conv_lstm_cell" (weights "conv_lstm2d/conv_lstm_cell/kernel", ...); its
// config holds the cell's arguments at the top level, as Keras's does.
//
// The input convolution of all time steps runs as one convolution (time
// folded into the batch); each step adds the recurrent convolution ("same"
// padding, stride 1) and the gates, recorded as ordinary graph ops. Output
// (batch, out_spatial..., filters), or (batch, time, out_spatial...,
// filters) with return_sequences; with return_state h and c follow.
type ConvLSTM struct {
	RNN
	// Cell holds the weights and the convolution arguments.
	Cell *ConvLSTMCell
}

// NewConvLSTM1D makes keras.layers.ConvLSTM1D(filters, kernel_size).
// Options use Keras's argument names: With("strides", s),
// With("padding", "same"), With("data_format", "channels_first"),
// With("dilation_rate", d), WithActivation (default "tanh"),
// With("recurrent_activation", ...) (default "sigmoid"), WithUseBias,
// WithKernelInitializer, With("recurrent_initializer", ...),
// WithBiasInitializer, With("unit_forget_bias", false), the kernel,
// recurrent and bias regularizers and constraints, WithActivityRegularizer,
// With("dropout", r), With("recurrent_dropout", r), With("seed", n),
// With("return_sequences", true), With("return_state", true),
// With("go_backwards", true), With("stateful", true), WithName.
func NewConvLSTM1D(filters int, kernelSize []int, opts ...Option) *ConvLSTM {
	return newConvLSTM("ConvLSTM1D", 1, filters, kernelSize, opts)
}

// NewConvLSTM2D makes keras.layers.ConvLSTM2D(filters, kernel_size);
// kernelSize is (kh, kw) or one value for both. Options as NewConvLSTM1D.
//
//	layers.NewConvLSTM2D(16, []int{3, 3}, layers.With("padding", "same"), layers.With("return_sequences", true))
func NewConvLSTM2D(filters int, kernelSize []int, opts ...Option) *ConvLSTM {
	return newConvLSTM("ConvLSTM2D", 2, filters, kernelSize, opts)
}

// NewConvLSTM3D makes keras.layers.ConvLSTM3D(filters, kernel_size);
// kernelSize is (kd, kh, kw) or one value for all three. Options as
// NewConvLSTM1D.
func NewConvLSTM3D(filters int, kernelSize []int, opts ...Option) *ConvLSTM {
	return newConvLSTM("ConvLSTM3D", 3, filters, kernelSize, opts)
}

func newConvLSTM(class string, rank, filters int, kernelSize []int, opts []Option) *ConvLSTM {
	return convLSTMFromConfig(class, rank, Options(opts, map[string]any{"filters": filters, "kernel_size": sizeArg(kernelSize)}))
}

func init() {
	for rank, class := range map[int]string{1: "ConvLSTM1D", 2: "ConvLSTM2D", 3: "ConvLSTM3D"} {
		rank, class := rank, class
		Register(class, func(c Config) (Layer, error) { l := convLSTMFromConfig(class, rank, c); return l, l.Base().Err() })
	}
}

func convLSTMFromConfig(class string, rank int, cfg Config) *ConvLSTM {
	l := &ConvLSTM{}
	l.BaseLayer.Init(l, class, cfg)
	l.readRNNArgs(&cfg)
	c := &ConvLSTMCell{}
	c.readArgs(&cfg, rank)
	c.actReg = nil // activity_regularizer is the layer's
	c.BaseLayer.Init(c, "ConvLSTMCell", NewConfig(map[string]any{"name": "conv_lstm_cell", "trainable": l.Trainable()}))
	l.cell, l.Cell = c, c
	l.BaseLayer.Finish(cfg)
	return l
}

// checkNDim checks Keras's InputSpec(ndim=rank+3) of the sequence input.
func (l *ConvLSTM) checkNDim(shapes []tensor.Shape) error {
	if len(shapes) == 0 {
		return fmt.Errorf("expected at least 1 input, received 0")
	}
	if want := l.Cell.Rank + 3; len(shapes[0]) != want {
		return fmt.Errorf("input 0 of layer %q is incompatible with the layer: expected ndim=%d, found ndim=%d. Full shape received: %v", l.Name(), want, len(shapes[0]), shapes[0])
	}
	return nil
}

// Build builds the cell for one step's input.
func (l *ConvLSTM) Build(shapes []tensor.Shape) error {
	if err := l.checkNDim(shapes); err != nil {
		return err
	}
	return l.RNN.Build(shapes)
}

// ComputeOutputShape returns the output shape, then h's and c's with
// return_state.
func (l *ConvLSTM) ComputeOutputShape(shapes []tensor.Shape) ([]tensor.Shape, error) {
	if err := l.checkNDim(shapes); err != nil {
		return nil, err
	}
	return l.RNN.ComputeOutputShape(shapes)
}

// Call runs the sequence inputs[0] from the initial states inputs[1:] (h,
// c), the carried states (stateful) or zeros.
func (l *ConvLSTM) Call(ctx *Context, in []*tensor.Tensor) ([]*tensor.Tensor, error) {
	if len(in) > 0 && in[0] != nil {
		if err := l.checkNDim([]tensor.Shape{in[0].Shape()}); err != nil {
			return nil, err
		}
	}
	return l.RNN.Call(ctx, in)
}

// GetConfig returns Keras's config: the RNN arguments and the cell's, with
// no "cell" key.
func (l *ConvLSTM) GetConfig() map[string]any {
	cfg := l.rnnConfig()
	l.Cell.writeArgs(cfg)
	cfg["activity_regularizer"] = serializeObj("keras.regularizers", l.actReg)
	return cfg
}
