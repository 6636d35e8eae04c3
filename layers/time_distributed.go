package layers

import (
	"fmt"
	"strings"

	"github.com/gokeras/keras/ops"
	"github.com/gokeras/keras/tensor"
)

// TimeDistributed is keras.layers.TimeDistributed: it applies a layer to
// every temporal slice (axis 1) of its input. Here the slices are folded
// into the batch, (batch, time, ...) -> (batch·time, ...), and the layer is
// called once; this is Keras's result for every layer whose output rows
// depend only on their own input row (Dense, Conv, activations, dropout in
// inference). A layer computing batch statistics in training
// (BatchNormalization) sees all time steps at once instead of one at a time.
type TimeDistributed struct {
	BaseLayer
	Layer Layer
}

// NewTimeDistributed wraps layer. Options: WithName.
func NewTimeDistributed(layer Layer, opts ...Option) *TimeDistributed {
	return timeDistributedFromConfig(Options(opts, map[string]any{"layer": layer}))
}

func init() {
	Register("TimeDistributed", func(c Config) (Layer, error) { l := timeDistributedFromConfig(c); return l, l.Base().Err() })
}

func timeDistributedFromConfig(cfg Config) *TimeDistributed {
	l := &TimeDistributed{}
	l.BaseLayer.Init(l, "TimeDistributed", cfg)
	switch v := cfg.Any("layer").(type) {
	case Layer:
		l.Layer = v
	case map[string]any:
		inner, err := layerCopy(v, nil)
		if err != nil {
			cfg.Fail(fmt.Errorf("argument layer: %w", err))
		}
		l.Layer = inner
	default:
		cfg.Fail(fmt.Errorf("please initialize `TimeDistributed` layer with a `keras.layers.Layer` instance. Received: %v", v))
	}
	if l.Layer != nil && l.Layer.Base().Err() != nil {
		cfg.Fail(l.Layer.Base().Err())
	}
	l.BaseLayer.Finish(cfg)
	return l
}

// SubLayers returns the wrapped layer.
func (l *TimeDistributed) SubLayers() []Layer { return []Layer{l.Layer} }

func (l *TimeDistributed) childShape(shapes []tensor.Shape) (tensor.Shape, error) {
	if err := wantInputs(shapes, 1); err != nil {
		return nil, err
	}
	s := shapes[0]
	if len(s) < 3 {
		return nil, fmt.Errorf("`TimeDistributed` Layer should be passed an `input_shape` with at least 3 dimensions, received: %v", s)
	}
	return append(tensor.Shape{s[0]}, s[2:]...), nil
}

// Build builds the wrapped layer for one time slice; its weight paths get
// the wrapper's name in front ("time_distributed/dense/kernel").
func (l *TimeDistributed) Build(shapes []tensor.Shape) error {
	cs, err := l.childShape(shapes)
	if err != nil {
		return err
	}
	if err := EnsureBuilt(l.Layer, []tensor.Shape{cs}); err != nil {
		return err
	}
	for _, v := range Weights(l.Layer) {
		if !strings.HasPrefix(v.Path(), l.Name()+"/") {
			v.SetPath(l.Name() + "/" + v.Path())
		}
	}
	return nil
}

// ComputeOutputShape inserts the time axis into the wrapped layer's output
// shape.
func (l *TimeDistributed) ComputeOutputShape(shapes []tensor.Shape) ([]tensor.Shape, error) {
	cs, err := l.childShape(shapes)
	if err != nil {
		return nil, err
	}
	co, err := l.Layer.ComputeOutputShape([]tensor.Shape{cs})
	if err != nil {
		return nil, err
	}
	return []tensor.Shape{append(tensor.Shape{co[0][0], shapes[0][1]}, co[0][1:]...)}, nil
}

// Call applies the wrapped layer to all time slices at once.
func (l *TimeDistributed) Call(ctx *Context, in []*tensor.Tensor) ([]*tensor.Tensor, error) {
	x := in[0]
	s := x.Shape()
	if len(s) < 3 {
		return nil, fmt.Errorf("`TimeDistributed` Layer should be passed an input with at least 3 dimensions, received: %v", s)
	}
	folded, err := ops.Reshape(x, append([]int{s[0] * s[1]}, s[2:]...)...)
	if err != nil {
		return nil, err
	}
	outs, err := l.Layer.Call(ctx, []*tensor.Tensor{folded})
	if err != nil {
		return nil, fmt.Errorf("layer %q: %w", l.Layer.Base().Name(), err)
	}
	os := outs[0].Shape()
	y, err := ops.Reshape(outs[0], append([]int{s[0], s[1]}, os[1:]...)...)
	if err != nil {
		return nil, err
	}
	return []*tensor.Tensor{y}, nil
}

// GetConfig returns Keras's TimeDistributed config.
func (l *TimeDistributed) GetConfig() map[string]any {
	cfg := l.BaseConfig()
	if l.Layer != nil {
		cfg["layer"] = serializeLayer(l.Layer)
	}
	return cfg
}
