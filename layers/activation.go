package layers

import (
	"github.com/gokeras/keras/activations"
	"github.com/gokeras/keras/tensor"
)

// Activation is keras.layers.Activation: it applies an activation function.
type Activation struct {
	BaseLayer
	Fn activations.Activation
}

// NewActivation makes an Activation layer from a Keras activation name or an
// activations.Activation.
func NewActivation(activation any, opts ...Option) *Activation {
	return activationFromConfig(Options(opts, map[string]any{"activation": activation}))
}

func activationFromConfig(cfg Config) *Activation {
	l := &Activation{}
	l.BaseLayer.Init(l, "Activation", cfg)
	l.Fn = getActivation(&cfg, "activation")
	l.BaseLayer.Finish(cfg)
	return l
}

// Build does nothing: the layer has no weights.
func (l *Activation) Build(shapes []tensor.Shape) error { return wantInputs(shapes, 1) }

// ComputeOutputShape returns the input shape.
func (l *Activation) ComputeOutputShape(shapes []tensor.Shape) ([]tensor.Shape, error) {
	return sameShape(shapes)
}

// Call applies the function.
func (l *Activation) Call(_ *Context, in []*tensor.Tensor) ([]*tensor.Tensor, error) {
	y, err := l.Fn.Call(in[0])
	if err != nil {
		return nil, err
	}
	return []*tensor.Tensor{y}, nil
}

// GetConfig returns Keras's Activation config.
func (l *Activation) GetConfig() map[string]any {
	cfg := l.BaseConfig()
	cfg["activation"] = activations.Serialize(l.Fn)
	return cfg
}

// sameShape is ComputeOutputShape for shape-preserving one-input layers.
func sameShape(shapes []tensor.Shape) ([]tensor.Shape, error) {
	if err := wantInputs(shapes, 1); err != nil {
		return nil, err
	}
	return []tensor.Shape{shapes[0].Clone()}, nil
}
