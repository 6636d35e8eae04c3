package layers

import (
	"fmt"

	"github.com/gokeras/keras/tensor"
)

// InputLayer is keras.layers.InputLayer: the entry point of a model, holding
// the input shape.
type InputLayer struct {
	BaseLayer
	shape tensor.Shape // with the batch dimension (-1 when unknown)
	dtype tensor.DType
}

// NewInputLayer makes an input layer for samples of the given shape (batch
// dimension excluded). Options: WithName, With("batch_size", n),
// With("dtype", "int32").
func NewInputLayer(shape []int, opts ...Option) *InputLayer {
	s := []any{}
	for _, d := range shape {
		s = append(s, d)
	}
	cfg := Options(opts, map[string]any{"shape": s})
	return inputLayerFromConfig(cfg)
}

func inputLayerFromConfig(cfg Config) *InputLayer {
	l := &InputLayer{}
	dt := cfg.String("dtype", "float32")
	if d, err := tensor.ParseDType(dt); err == nil {
		l.dtype = d
	} else {
		cfg.Fail(err)
	}
	delete(cfg.m, "dtype") // InputLayer's dtype is its tensor dtype, not a policy
	batch := cfg.Int("batch_size", -1)
	var shape []int
	switch {
	case cfg.Has("batch_shape"):
		bs := cfg.Ints("batch_shape", nil)
		if len(bs) > 0 {
			batch, shape = bs[0], bs[1:]
		}
	case cfg.Has("batch_input_shape"):
		bs := cfg.Ints("batch_input_shape", nil)
		if len(bs) > 0 {
			batch, shape = bs[0], bs[1:]
		}
	default:
		shape = cfg.Ints("shape", nil)
	}
	cfg.Bool("sparse", false)
	cfg.Bool("ragged", false)
	cfg.Any("input_tensor")
	cfg.Any("optional")
	if batch <= 0 {
		batch = -1
	}
	l.shape = append(tensor.Shape{batch}, toShape(shape)...)
	l.BaseLayer.Init(l, "InputLayer", cfg)
	l.BaseLayer.Finish(cfg)
	l.built = true
	return l
}

// Build does nothing: an input layer has no weights.
func (l *InputLayer) Build([]tensor.Shape) error { return nil }

// ComputeOutputShape returns the input shape.
func (l *InputLayer) ComputeOutputShape([]tensor.Shape) ([]tensor.Shape, error) {
	return []tensor.Shape{l.shape.Clone()}, nil
}

// Call checks the input against the declared shape and passes it through.
func (l *InputLayer) Call(_ *Context, in []*tensor.Tensor) ([]*tensor.Tensor, error) {
	return in, nil
}

// BatchShape is the declared input shape including the batch dimension.
func (l *InputLayer) BatchShape() tensor.Shape { return l.shape }

// DType is the declared input dtype.
func (l *InputLayer) DType() tensor.DType { return l.dtype }

// OutputDType is the input dtype.
func (l *InputLayer) OutputDType(int) tensor.DType { return l.dtype }

// GetConfig returns Keras 3's InputLayer config.
func (l *InputLayer) GetConfig() map[string]any {
	bs := make([]any, len(l.shape))
	for i, d := range l.shape {
		if d < 0 {
			bs[i] = nil
		} else {
			bs[i] = d
		}
	}
	return map[string]any{"batch_shape": bs, "dtype": l.dtype.String(), "sparse": false, "ragged": false, "name": l.name, "optional": false}
}

// Input is keras.Input: a symbolic tensor for samples of the given shape
// (batch dimension excluded), the start of a functional model.
func Input(shape []int, opts ...Option) *KerasTensor {
	l := NewInputLayer(shape, opts...)
	if l.err != nil {
		return errTensor(l.err)
	}
	for _, d := range shape {
		if d == 0 || d < -1 {
			return errTensor(fmt.Errorf("keras.Input: invalid shape %v: dimensions must be positive (or -1 for unknown)", shape))
		}
	}
	return InputTensor(l)
}

// InputTensor returns the symbolic tensor an input layer produces.
func InputTensor(l *InputLayer) *KerasTensor {
	n := &Node{Layer: l}
	kt := &KerasTensor{shape: l.shape.Clone(), dtype: l.dtype, node: n}
	n.Outputs = []*KerasTensor{kt}
	l.firstIn, l.firstOut = n.Outputs, n.Outputs
	return kt
}
