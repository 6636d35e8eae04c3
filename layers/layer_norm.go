package layers

import (
	"fmt"
	"slices"

	"github.com/gokeras/keras/constraints"
	"github.com/gokeras/keras/initializers"
	"github.com/gokeras/keras/regularizers"
	"github.com/gokeras/keras/tensor"
)

// readAxes reads an axis argument that is an int or a list of ints.
func readAxes(cfg *Config, def int) (axes []int, isList bool) {
	raw := cfg.Any("axis")
	if raw == nil {
		return []int{def}, false
	}
	v, err := toInts(raw)
	if err != nil {
		cfg.Fail(fmt.Errorf("expected an int or a list/tuple of ints for the argument 'axis', but received: %v", raw))
		return []int{def}, false
	}
	switch raw.(type) {
	case []any, []int:
		return v, true
	}
	return v, false
}

// canonicalAxes makes axes non-negative and sorted, checking range and
// duplicates.
func canonicalAxes(axes []int, rank int, given any) ([]int, error) {
	out := make([]int, len(axes))
	for i, a := range axes {
		n, err := tensor.NormAxis(a, rank)
		if err != nil {
			return nil, fmt.Errorf("axis %d is out of bounds for input of rank %d. Received: axis=%v", a, rank, given)
		}
		out[i] = n
	}
	slices.Sort(out)
	for i := 1; i < len(out); i++ {
		if out[i] == out[i-1] {
			return nil, fmt.Errorf("duplicate axes are not allowed. Received: axis=%v", given)
		}
	}
	return out, nil
}

// axesMasks returns, for rank r, stat (axes not in axes) and param (axes in
// axes) masks.
func axesMasks(r int, axes []int) (stat, param []bool) {
	stat, param = make([]bool, r), make([]bool, r)
	for i := range stat {
		stat[i] = true
	}
	for _, a := range axes {
		stat[a], param[a] = false, true
	}
	return stat, param
}

func axisConfig(axes []int, isList bool) any {
	if isList {
		return intsAny(axes)
	}
	return axes[0]
}

// LayerNormalization is keras.layers.LayerNormalization: each sample is
// normalized by the mean and (biased) variance over Axis, then scaled by
// gamma and shifted by beta. rms_scaling=true reproduces Keras's deprecated
// variant, which scales by rsqrt(variance + epsilon) without centering.
type LayerNormalization struct {
	BaseLayer
	// Axes are the normalized axes (non-negative and sorted once built).
	Axes                      []int
	Epsilon                   float64
	Center, Scale, RMSScaling bool
	axisList                  bool
	betaInit, gammaInit       initializers.Initializer
	betaReg, gammaReg         regularizers.Regularizer
	betaCons, gammaCons       constraints.Constraint
	Gamma, Beta               *tensor.Variable
}

// NewLayerNormalization makes a LayerNormalization layer. Options:
// With("axis", -1 or []int{...}), With("epsilon", 1e-3), With("center",
// true), With("scale", true), With("rms_scaling", false), the beta_/gamma_
// initializer, regularizer and constraint arguments, WithName.
func NewLayerNormalization(opts ...Option) *LayerNormalization {
	return layerNormFromConfig(Options(opts, nil))
}

func layerNormFromConfig(cfg Config) *LayerNormalization {
	l := &LayerNormalization{}
	l.BaseLayer.Init(l, "LayerNormalization", cfg)
	l.Axes, l.axisList = readAxes(&cfg, -1)
	l.Epsilon = cfg.Float("epsilon", 1e-3)
	l.Center = cfg.Bool("center", true)
	l.Scale = cfg.Bool("scale", true)
	l.RMSScaling = cfg.Bool("rms_scaling", false)
	l.betaInit = getInitializer(&cfg, "beta_initializer", "zeros")
	l.gammaInit = getInitializer(&cfg, "gamma_initializer", "ones")
	l.betaReg = getRegularizer(&cfg, "beta_regularizer")
	l.gammaReg = getRegularizer(&cfg, "gamma_regularizer")
	l.betaCons = getConstraint(&cfg, "beta_constraint")
	l.gammaCons = getConstraint(&cfg, "gamma_constraint")
	l.BaseLayer.Finish(cfg)
	return l
}

// Build creates gamma and beta with the shape of the normalized axes.
func (l *LayerNormalization) Build(shapes []tensor.Shape) error {
	if err := wantInputs(shapes, 1); err != nil {
		return err
	}
	s := shapes[0]
	axes, err := canonicalAxes(l.Axes, len(s), axisConfig(l.Axes, l.axisList))
	if err != nil {
		return err
	}
	ps := make(tensor.Shape, len(axes))
	for i, a := range axes {
		if s[a] <= 0 {
			return fmt.Errorf("axis %d of the input shape %v must be defined", a, s)
		}
		ps[i] = s[a]
	}
	l.Axes, l.axisList = axes, true // Keras stores the canonical list once built
	if l.Scale || l.RMSScaling {
		if l.Gamma, err = l.AddWeight(WeightSpec{Name: "gamma", Shape: ps, Initializer: l.gammaInit,
			Regularizer: l.gammaReg, Constraint: l.gammaCons, Trainable: true}); err != nil {
			return err
		}
	}
	if l.Center && !l.RMSScaling {
		l.Beta, err = l.AddWeight(WeightSpec{Name: "beta", Shape: ps, Initializer: l.betaInit,
			Regularizer: l.betaReg, Constraint: l.betaCons, Trainable: true})
	}
	return err
}

// ComputeOutputShape returns the input shape.
func (l *LayerNormalization) ComputeOutputShape(shapes []tensor.Shape) ([]tensor.Shape, error) {
	if err := wantInputs(shapes, 1); err != nil {
		return nil, err
	}
	if _, err := canonicalAxes(l.Axes, len(shapes[0]), axisConfig(l.Axes, l.axisList)); err != nil {
		return nil, err
	}
	return sameShape(shapes)
}

// Call normalizes x with the fused normalization op.
func (l *LayerNormalization) Call(_ *Context, in []*tensor.Tensor) ([]*tensor.Tensor, error) {
	x := in[0]
	kind := normCenter
	if l.RMSScaling {
		kind = normVarScale
	}
	y, err := applyNorm(x, kind, l.Epsilon, l.Axes, l.Gamma, l.Beta)
	if err != nil {
		return nil, err
	}
	return []*tensor.Tensor{y}, nil
}

// applyNorm runs a normOp that reduces over axes, with gamma and beta (both
// optional) shaped like those axes.
func applyNorm(x *tensor.Tensor, kind normKind, eps float64, axes []int, gamma, beta *tensor.Variable) (*tensor.Tensor, error) {
	if x.DType() != tensor.Float32 {
		return nil, fmt.Errorf("expected float32 input, got %v", x.DType())
	}
	s := x.Shape()
	ax, err := canonicalAxes(axes, len(s), axes)
	if err != nil {
		return nil, err
	}
	args := []*tensor.Tensor{x}
	gi, bi := -1, -1
	for _, w := range []*tensor.Variable{gamma, beta} {
		if w == nil {
			continue
		}
		ws := w.Shape()
		ok := len(ws) == len(ax)
		for i := 0; ok && i < len(ax); i++ {
			ok = ws[i] == s[ax[i]]
		}
		if !ok {
			return nil, fmt.Errorf("input 0 is incompatible with the layer: weight %q has shape %v, but the input shape %v along axes %v does not match", w.Name(), ws, s, ax)
		}
	}
	if gamma != nil {
		gi, args = len(args), append(args, gamma.Value())
	}
	if beta != nil {
		bi, args = len(args), append(args, beta.Value())
	}
	stat, param := axesMasks(len(s), ax)
	return tensor.Apply(newNormOp(kind, eps, newNormView(s, stat, param), gi, bi, -1, -1), tensor.Float32, s.Clone(), args...)
}

// GetConfig returns Keras's LayerNormalization config.
func (l *LayerNormalization) GetConfig() map[string]any {
	cfg := l.BaseConfig()
	cfg["axis"] = axisConfig(l.Axes, l.axisList)
	cfg["epsilon"] = l.Epsilon
	cfg["center"] = l.Center
	cfg["scale"] = l.Scale
	cfg["rms_scaling"] = l.RMSScaling
	cfg["beta_initializer"] = serializeObj("keras.initializers", l.betaInit)
	cfg["gamma_initializer"] = serializeObj("keras.initializers", l.gammaInit)
	cfg["beta_regularizer"] = serializeObj("keras.regularizers", l.betaReg)
	cfg["gamma_regularizer"] = serializeObj("keras.regularizers", l.gammaReg)
	cfg["beta_constraint"] = serializeObj("keras.constraints", l.betaCons)
	cfg["gamma_constraint"] = serializeObj("keras.constraints", l.gammaCons)
	return cfg
}

// RMSNormalization is keras.layers.RMSNormalization:
// x * rsqrt(mean(x^2 over Axis) + epsilon) * scale, with a learned scale
// (initialized to ones) shaped like the normalized axes.
type RMSNormalization struct {
	BaseLayer
	Axes     []int
	Epsilon  float64
	axisList bool
	// ScaleVar is the "scale" weight.
	ScaleVar *tensor.Variable
}

// NewRMSNormalization makes an RMSNormalization layer. Options:
// With("axis", -1 or a list), With("epsilon", 1e-6), WithName.
func NewRMSNormalization(opts ...Option) *RMSNormalization {
	return rmsNormFromConfig(Options(opts, nil))
}

func rmsNormFromConfig(cfg Config) *RMSNormalization {
	l := &RMSNormalization{}
	l.BaseLayer.Init(l, "RMSNormalization", cfg)
	l.Axes, l.axisList = readAxes(&cfg, -1)
	l.Epsilon = cfg.Float("epsilon", 1e-6)
	l.BaseLayer.Finish(cfg)
	return l
}

// Build creates the scale weight.
func (l *RMSNormalization) Build(shapes []tensor.Shape) error {
	if err := wantInputs(shapes, 1); err != nil {
		return err
	}
	s := shapes[0]
	axes, err := canonicalAxes(l.Axes, len(s), axisConfig(l.Axes, l.axisList))
	if err != nil {
		return err
	}
	ps := make(tensor.Shape, len(axes))
	for i, a := range axes {
		if s[a] <= 0 {
			return fmt.Errorf("axis %d of the input shape %v must be defined", a, s)
		}
		ps[i] = s[a]
	}
	l.axisList = true // Keras stores [axis] once built
	ones, _ := initializers.Get("ones")
	l.ScaleVar, err = l.AddWeight(WeightSpec{Name: "scale", Shape: ps, Initializer: ones, Trainable: true})
	return err
}

// ComputeOutputShape returns the input shape.
func (l *RMSNormalization) ComputeOutputShape(shapes []tensor.Shape) ([]tensor.Shape, error) {
	if err := wantInputs(shapes, 1); err != nil {
		return nil, err
	}
	if _, err := canonicalAxes(l.Axes, len(shapes[0]), axisConfig(l.Axes, l.axisList)); err != nil {
		return nil, err
	}
	return sameShape(shapes)
}

// Call normalizes x.
func (l *RMSNormalization) Call(_ *Context, in []*tensor.Tensor) ([]*tensor.Tensor, error) {
	y, err := applyNorm(in[0], normRMS, l.Epsilon, l.Axes, l.ScaleVar, nil)
	if err != nil {
		return nil, err
	}
	return []*tensor.Tensor{y}, nil
}

// GetConfig returns Keras's RMSNormalization config.
func (l *RMSNormalization) GetConfig() map[string]any {
	cfg := l.BaseConfig()
	cfg["axis"] = axisConfig(l.Axes, l.axisList)
	cfg["epsilon"] = l.Epsilon
	return cfg
}

// UnitNormalization is keras.layers.UnitNormalization: each sample is
// divided by its L2 norm over Axis, x * rsqrt(max(sum(x^2), 1e-24)).
type UnitNormalization struct {
	BaseLayer
	Axes     []int
	axisList bool
}

// NewUnitNormalization makes a UnitNormalization layer. Options:
// With("axis", -1 or a list), WithName.
func NewUnitNormalization(opts ...Option) *UnitNormalization {
	return unitNormFromConfig(Options(opts, nil))
}

func unitNormFromConfig(cfg Config) *UnitNormalization {
	l := &UnitNormalization{}
	l.BaseLayer.Init(l, "UnitNormalization", cfg)
	l.Axes, l.axisList = readAxes(&cfg, -1)
	l.BaseLayer.Finish(cfg)
	return l
}

// Build checks the axes.
func (l *UnitNormalization) Build(shapes []tensor.Shape) error {
	_, err := l.ComputeOutputShape(shapes)
	return err
}

// ComputeOutputShape returns the input shape.
func (l *UnitNormalization) ComputeOutputShape(shapes []tensor.Shape) ([]tensor.Shape, error) {
	if err := wantInputs(shapes, 1); err != nil {
		return nil, err
	}
	if _, err := canonicalAxes(l.Axes, len(shapes[0]), axisConfig(l.Axes, l.axisList)); err != nil {
		return nil, err
	}
	return sameShape(shapes)
}

// Call normalizes x (epsilon 1e-12 on the norm, as Keras).
func (l *UnitNormalization) Call(_ *Context, in []*tensor.Tensor) ([]*tensor.Tensor, error) {
	y, err := applyNorm(in[0], normUnit, 1e-24, l.Axes, nil, nil)
	if err != nil {
		return nil, err
	}
	return []*tensor.Tensor{y}, nil
}

// GetConfig returns Keras's UnitNormalization config.
func (l *UnitNormalization) GetConfig() map[string]any {
	cfg := l.BaseConfig()
	cfg["axis"] = axisConfig(l.Axes, l.axisList)
	return cfg
}

func init() {
	Register("LayerNormalization", func(c Config) (Layer, error) { l := layerNormFromConfig(c); return l, l.Base().Err() })
	Register("RMSNormalization", func(c Config) (Layer, error) { l := rmsNormFromConfig(c); return l, l.Base().Err() })
	Register("UnitNormalization", func(c Config) (Layer, error) { l := unitNormFromConfig(c); return l, l.Base().Err() })
}
