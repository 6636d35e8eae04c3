package layers

import "github.com/gokeras/keras/tensor"

// Identity is keras.layers.Identity: it returns its input unchanged.
type Identity struct{ BaseLayer }

// NewIdentity makes an Identity layer.
func NewIdentity(opts ...Option) *Identity { return identityFromConfig(Options(opts, nil)) }

func identityFromConfig(cfg Config) *Identity {
	l := &Identity{}
	l.BaseLayer.Init(l, "Identity", cfg)
	l.BaseLayer.Finish(cfg)
	return l
}

// Build does nothing.
func (l *Identity) Build(shapes []tensor.Shape) error { return wantInputs(shapes, 1) }

// ComputeOutputShape returns the input shape.
func (l *Identity) ComputeOutputShape(shapes []tensor.Shape) ([]tensor.Shape, error) {
	return sameShape(shapes)
}

// Call returns the input.
func (l *Identity) Call(_ *Context, in []*tensor.Tensor) ([]*tensor.Tensor, error) { return in, nil }

// GetConfig returns Keras's Identity config.
func (l *Identity) GetConfig() map[string]any { return l.BaseConfig() }
