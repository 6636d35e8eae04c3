package layers

import (
	"fmt"

	"github.com/gokeras/keras/constraints"
	"github.com/gokeras/keras/initializers"
	"github.com/gokeras/keras/regularizers"
	"github.com/gokeras/keras/tensor"
)

// GroupNormalization is keras.layers.GroupNormalization: the channels of
// Axis are split into Groups groups and each sample is normalized by the
// mean and (biased) variance of each group over the other non-batch axes,
// then scaled by gamma and shifted by beta (per channel). Groups -1 means
// one group per channel (instance normalization).
type GroupNormalization struct {
	BaseLayer
	Groups, Axis        int
	Epsilon             float64
	Center, Scale       bool
	betaInit, gammaInit initializers.Initializer
	betaReg, gammaReg   regularizers.Regularizer
	betaCons, gammaCons constraints.Constraint
	Gamma, Beta         *tensor.Variable
	groups              int // resolved at build time
}

// NewGroupNormalization makes a GroupNormalization layer. Options:
// With("groups", 32), With("axis", -1), With("epsilon", 1e-3),
// With("center", true), With("scale", true), the beta_/gamma_ initializer,
// regularizer and constraint arguments, WithName.
func NewGroupNormalization(opts ...Option) *GroupNormalization {
	return groupNormFromConfig(Options(opts, nil))
}

func groupNormFromConfig(cfg Config) *GroupNormalization {
	l := &GroupNormalization{}
	l.BaseLayer.Init(l, "GroupNormalization", cfg)
	l.Groups = cfg.Int("groups", 32)
	if l.Groups <= 0 && l.Groups != -1 {
		cfg.Fail(fmt.Errorf("received an invalid value for argument `groups`, expected a positive integer (or `-1` for instance normalization). Received: groups=%d", l.Groups))
	}
	l.Axis = cfg.Int("axis", -1)
	l.Epsilon = cfg.Float("epsilon", 1e-3)
	l.Center = cfg.Bool("center", true)
	l.Scale = cfg.Bool("scale", true)
	l.betaInit = getInitializer(&cfg, "beta_initializer", "zeros")
	l.gammaInit = getInitializer(&cfg, "gamma_initializer", "ones")
	l.betaReg = getRegularizer(&cfg, "beta_regularizer")
	l.gammaReg = getRegularizer(&cfg, "gamma_regularizer")
	l.betaCons = getConstraint(&cfg, "beta_constraint")
	l.gammaCons = getConstraint(&cfg, "gamma_constraint")
	l.BaseLayer.Finish(cfg)
	return l
}

// Build checks the channel count against Groups and creates gamma and beta.
func (l *GroupNormalization) Build(shapes []tensor.Shape) error {
	if err := wantInputs(shapes, 1); err != nil {
		return err
	}
	s := shapes[0]
	ax, err := tensor.NormAxis(l.Axis, len(s))
	if err != nil || ax == 0 {
		return fmt.Errorf("axis %d is out of bounds for input shape %v. Received: axis=%d", l.Axis, s, l.Axis)
	}
	dim := s[ax]
	if dim <= 0 {
		return fmt.Errorf("axis %d of input tensor should have a defined dimension but the layer received an input with shape %v", l.Axis, s)
	}
	g := l.Groups
	if g == -1 {
		g = dim
	}
	if dim < g {
		return fmt.Errorf("number of groups (%d) cannot be more than the number of channels (%d)", g, dim)
	}
	if dim%g != 0 {
		return fmt.Errorf("number of groups (%d) must be a multiple of the number of channels (%d)", g, dim)
	}
	l.groups = g
	ps := tensor.Shape{dim}
	if l.Scale {
		if l.Gamma, err = l.AddWeight(WeightSpec{Name: "gamma", Shape: ps, Initializer: l.gammaInit,
			Regularizer: l.gammaReg, Constraint: l.gammaCons, Trainable: true}); err != nil {
			return err
		}
	}
	if l.Center {
		l.Beta, err = l.AddWeight(WeightSpec{Name: "beta", Shape: ps, Initializer: l.betaInit,
			Regularizer: l.betaReg, Constraint: l.betaCons, Trainable: true})
	}
	return err
}

// ComputeOutputShape returns the input shape.
func (l *GroupNormalization) ComputeOutputShape(shapes []tensor.Shape) ([]tensor.Shape, error) {
	if err := wantInputs(shapes, 1); err != nil {
		return nil, err
	}
	if _, err := tensor.NormAxis(l.Axis, len(shapes[0])); err != nil {
		return nil, fmt.Errorf("axis %d is out of bounds for input shape %v. Received: axis=%d", l.Axis, shapes[0], l.Axis)
	}
	return sameShape(shapes)
}

// Call normalizes each group with the fused normalization op: the channel
// axis is split into (groups, channels/groups); statistics are indexed by
// (batch, group) and gamma and beta by channel.
func (l *GroupNormalization) Call(_ *Context, in []*tensor.Tensor) ([]*tensor.Tensor, error) {
	x := in[0]
	if x.DType() != tensor.Float32 {
		return nil, fmt.Errorf("expected float32 input, got %v", x.DType())
	}
	s := x.Shape()
	ax, err := tensor.NormAxis(l.Axis, len(s))
	if err != nil || s[ax]%l.groups != 0 || (l.Gamma != nil && s[ax] != l.Gamma.Shape()[0]) {
		return nil, fmt.Errorf("input 0 is incompatible with the layer: expected axis %d of input shape to hold %d groups of channels, but received input with shape %v", l.Axis, l.groups, s)
	}
	split := make(tensor.Shape, 0, len(s)+1)
	split = append(split, s[:ax]...)
	split = append(split, l.groups, s[ax]/l.groups)
	split = append(split, s[ax+1:]...)
	stat, param := make([]bool, len(split)), make([]bool, len(split))
	stat[0], stat[ax] = true, true
	param[ax], param[ax+1] = true, true
	args := []*tensor.Tensor{x}
	gi, bi := -1, -1
	if l.Gamma != nil {
		gi, args = len(args), append(args, l.Gamma.Value())
	}
	if l.Beta != nil {
		bi, args = len(args), append(args, l.Beta.Value())
	}
	op := newNormOp(normCenter, l.Epsilon, newNormView(split, stat, param), gi, bi, -1, -1)
	y, err := tensor.Apply(op, tensor.Float32, s.Clone(), args...)
	if err != nil {
		return nil, err
	}
	return []*tensor.Tensor{y}, nil
}

// GetConfig returns Keras's GroupNormalization config.
func (l *GroupNormalization) GetConfig() map[string]any {
	cfg := l.BaseConfig()
	g := l.Groups
	if l.groups > 0 {
		g = l.groups // Keras replaces -1 by the channel count at build time
	}
	cfg["groups"] = g
	cfg["axis"] = l.Axis
	cfg["epsilon"] = l.Epsilon
	cfg["center"] = l.Center
	cfg["scale"] = l.Scale
	cfg["beta_initializer"] = serializeObj("keras.initializers", l.betaInit)
	cfg["gamma_initializer"] = serializeObj("keras.initializers", l.gammaInit)
	cfg["beta_regularizer"] = serializeObj("keras.regularizers", l.betaReg)
	cfg["gamma_regularizer"] = serializeObj("keras.regularizers", l.gammaReg)
	cfg["beta_constraint"] = serializeObj("keras.constraints", l.betaCons)
	cfg["gamma_constraint"] = serializeObj("keras.constraints", l.gammaCons)
	return cfg
}

func init() {
	Register("GroupNormalization", func(c Config) (Layer, error) { l := groupNormFromConfig(c); return l, l.Base().Err() })
}
