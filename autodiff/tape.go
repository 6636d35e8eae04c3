package autodiff

import (
	"fmt"

	"github.com/gokeras/keras/tensor"
)

// GradientTape is the Go form of tf.GradientTape for custom training loops:
//
//	tape := autodiff.NewGradientTape()
//	loss, err := tape.Run(func() (*tensor.Tensor, error) { ... })
//	grads, err := tape.Gradient(loss, model.TrainableVariables())
//
// Recording is done by the tensors themselves (variables and watched tensors
// are tracked), so the tape's job is watching extra tensors and computing
// gradients.
type GradientTape struct{}

// NewGradientTape returns a tape.
func NewGradientTape() *GradientTape { return &GradientTape{} }

// Watch makes gradients flow to t (tf's tape.watch).
func (g *GradientTape) Watch(ts ...*tensor.Tensor) {
	for _, t := range ts {
		tensor.Track(t, true)
	}
}

// Run calls f and returns its result; it exists so that code reads like a
// `with tape:` block.
func (g *GradientTape) Run(f func() (*tensor.Tensor, error)) (*tensor.Tensor, error) { return f() }

// Gradient returns d(target)/d(v) for each variable.
func (g *GradientTape) Gradient(target *tensor.Tensor, vars []*tensor.Variable) ([]*tensor.Tensor, error) {
	wrt := make([]*tensor.Tensor, len(vars))
	for i, v := range vars {
		wrt[i] = v.Value()
	}
	return Gradients(target, wrt)
}

// ValueAndGrad evaluates f and its gradients with respect to wrt (which are
// watched first), like jax.value_and_grad.
func ValueAndGrad(f func() (*tensor.Tensor, error), wrt ...*tensor.Tensor) (*tensor.Tensor, []*tensor.Tensor, error) {
	for _, t := range wrt {
		tensor.Track(t, true)
	}
	v, err := f()
	if err != nil {
		return nil, nil, err
	}
	if v == nil {
		return nil, nil, fmt.Errorf("autodiff: function returned a nil tensor")
	}
	g, err := Gradients(v, wrt)
	return v, g, err
}
