package layers

import (
	"fmt"

	"github.com/gokeras/keras/tensor"
)

// LambdaFunc is the computation of a Lambda layer, written with package ops
// so that it is differentiable.
type LambdaFunc func(inputs []*tensor.Tensor, training bool) ([]*tensor.Tensor, error)

// Lambda is the Go form of keras.layers.Lambda: it wraps a Go function as a
// layer. Unlike Keras's, it cannot be serialized (Go functions have no
// portable form): GetConfig records only the name, and loading a model that
// contains one needs the function registered again.
type Lambda struct {
	BaseLayer
	fn       LambdaFunc
	outShape func([]tensor.Shape) ([]tensor.Shape, error)
}

// NewLambda wraps fn. outputShape computes the output shapes from the input
// shapes; nil means "same as the first input".
func NewLambda(fn LambdaFunc, outputShape func([]tensor.Shape) ([]tensor.Shape, error), opts ...Option) *Lambda {
	cfg := Options(opts, nil)
	l := &Lambda{fn: fn, outShape: outputShape}
	l.BaseLayer.Init(l, "Lambda", cfg)
	if fn == nil {
		cfg.Fail(fmt.Errorf("the function must not be nil"))
	}
	l.BaseLayer.Finish(cfg)
	return l
}

// Build does nothing: a Lambda layer has no weights.
func (l *Lambda) Build([]tensor.Shape) error { return nil }

// ComputeOutputShape calls the output-shape function.
func (l *Lambda) ComputeOutputShape(shapes []tensor.Shape) ([]tensor.Shape, error) {
	if l.outShape != nil {
		return l.outShape(shapes)
	}
	if len(shapes) == 0 {
		return nil, fmt.Errorf("no inputs")
	}
	return []tensor.Shape{shapes[0].Clone()}, nil
}

// Call runs the function.
func (l *Lambda) Call(ctx *Context, in []*tensor.Tensor) ([]*tensor.Tensor, error) {
	return l.fn(in, ctx != nil && ctx.Training)
}

// GetConfig returns the base config only; the function is not serializable.
func (l *Lambda) GetConfig() map[string]any { return l.BaseConfig() }
