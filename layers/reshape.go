package layers

import (
	"fmt"

	"github.com/gokeras/keras/ops"
	"github.com/gokeras/keras/tensor"
)

// Reshape is keras.layers.Reshape: it gives each sample a new shape (one
// dimension may be -1), sharing storage with its input.
type Reshape struct {
	BaseLayer
	TargetShape []int
}

// NewReshape makes a Reshape layer for the target per-sample shape.
func NewReshape(targetShape []int, opts ...Option) *Reshape {
	return reshapeFromConfig(Options(opts, map[string]any{"target_shape": shapeAny(targetShape)}))
}

func reshapeFromConfig(cfg Config) *Reshape {
	l := &Reshape{}
	l.BaseLayer.Init(l, "Reshape", cfg)
	l.TargetShape = cfg.Ints("target_shape", nil)
	if l.TargetShape == nil {
		cfg.Fail(fmt.Errorf("argument target_shape is required"))
	}
	l.BaseLayer.Finish(cfg)
	return l
}

// Build checks that the target shape fits the input.
func (l *Reshape) Build(shapes []tensor.Shape) error {
	_, err := l.ComputeOutputShape(shapes)
	return err
}

// ComputeOutputShape resolves the -1 of the target shape.
func (l *Reshape) ComputeOutputShape(shapes []tensor.Shape) ([]tensor.Shape, error) {
	if err := wantInputs(shapes, 1); err != nil {
		return nil, err
	}
	in := shapes[0]
	out := append(tensor.Shape{in[0]}, l.TargetShape...)
	known := in[1:].Size()
	if known < 0 {
		return []tensor.Shape{out}, nil
	}
	s, err := ops.InferShape(in[1:], l.TargetShape)
	if err != nil {
		return nil, fmt.Errorf("total size of the new array must be unchanged, input_shape = %v, output_shape = %v", in[1:], tensor.Shape(l.TargetShape))
	}
	return []tensor.Shape{append(tensor.Shape{in[0]}, s...)}, nil
}

// Call reshapes each sample.
func (l *Reshape) Call(_ *Context, in []*tensor.Tensor) ([]*tensor.Tensor, error) {
	y, err := ops.Reshape(in[0], append([]int{in[0].Dim(0)}, l.TargetShape...)...)
	if err != nil {
		return nil, err
	}
	return []*tensor.Tensor{y}, nil
}

// GetConfig returns Keras's Reshape config.
func (l *Reshape) GetConfig() map[string]any {
	cfg := l.BaseConfig()
	cfg["target_shape"] = shapeAny(l.TargetShape)
	return cfg
}
