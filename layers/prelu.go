package layers

import (
	"fmt"

	"github.com/gokeras/keras/constraints"
	"github.com/gokeras/keras/initializers"
	"github.com/gokeras/keras/ops"
	"github.com/gokeras/keras/regularizers"
	"github.com/gokeras/keras/tensor"
)

// PReLU is keras.layers.PReLU: x for x >= 0, alpha*x otherwise, with alpha
// learned per element of the sample shape (shared along shared_axes).
type PReLU struct {
	BaseLayer
	SharedAxes []int
	alphaInit  initializers.Initializer
	alphaReg   regularizers.Regularizer
	alphaCons  constraints.Constraint
	Alpha      *tensor.Variable
}

// NewPReLU makes a PReLU layer. Options: With("alpha_initializer", ...)
// (default "zeros"), With("alpha_regularizer", ...),
// With("alpha_constraint", ...), With("shared_axes", []int{1, 2}).
func NewPReLU(opts ...Option) *PReLU { return preluFromConfig(Options(opts, nil)) }

func preluFromConfig(cfg Config) *PReLU {
	l := &PReLU{}
	l.BaseLayer.Init(l, "PReLU", cfg)
	l.alphaInit = getInitializer(&cfg, "alpha_initializer", "zeros")
	l.alphaReg = getRegularizer(&cfg, "alpha_regularizer")
	l.alphaCons = getConstraint(&cfg, "alpha_constraint")
	l.SharedAxes = cfg.Ints("shared_axes", nil)
	l.BaseLayer.Finish(cfg)
	return l
}

// Build creates alpha with shape input_shape[1:], 1 on shared axes.
func (l *PReLU) Build(shapes []tensor.Shape) error {
	if err := wantInputs(shapes, 1); err != nil {
		return err
	}
	s := shapes[0][1:].Clone()
	for _, a := range l.SharedAxes {
		if a < 1 || a > len(s) {
			return fmt.Errorf("shared_axes %v out of range for input shape %v", l.SharedAxes, shapes[0])
		}
		s[a-1] = 1
	}
	for i, d := range s {
		if d < 0 {
			return fmt.Errorf("dimension %d of input shape %v must be known", i+1, shapes[0])
		}
	}
	var err error
	l.Alpha, err = l.AddWeight(WeightSpec{Name: "alpha", Shape: s, Initializer: l.alphaInit,
		Regularizer: l.alphaReg, Constraint: l.alphaCons, Trainable: true})
	return err
}

// ComputeOutputShape returns the input shape.
func (l *PReLU) ComputeOutputShape(shapes []tensor.Shape) ([]tensor.Shape, error) {
	return sameShape(shapes)
}

// Call computes relu(x) - alpha*relu(-x), as Keras does.
func (l *PReLU) Call(_ *Context, in []*tensor.Tensor) ([]*tensor.Tensor, error) {
	pos, err := ops.Relu(in[0])
	if err != nil {
		return nil, err
	}
	nx, err := ops.Negative(in[0])
	if err != nil {
		return nil, err
	}
	rn, err := ops.Relu(nx)
	if err != nil {
		return nil, err
	}
	neg, err := ops.Multiply(l.Alpha.Value(), rn)
	if err != nil {
		return nil, err
	}
	y, err := ops.Subtract(pos, neg)
	if err != nil {
		return nil, err
	}
	return []*tensor.Tensor{y}, nil
}

// GetConfig returns Keras's PReLU config.
func (l *PReLU) GetConfig() map[string]any {
	cfg := l.BaseConfig()
	cfg["alpha_initializer"] = serializeObj("keras.initializers", l.alphaInit)
	cfg["alpha_regularizer"] = serializeObj("keras.regularizers", l.alphaReg)
	cfg["alpha_constraint"] = serializeObj("keras.constraints", l.alphaCons)
	var sa any
	if l.SharedAxes != nil {
		sa = shapeAny(l.SharedAxes)
	}
	cfg["shared_axes"] = sa
	return cfg
}
