package layers

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/gokeras/keras/initializers"
	"github.com/gokeras/keras/regularizers"
	"github.com/gokeras/keras/tensor"
)

// Layer is keras.layers.Layer: something with weights built from its input
// shapes that maps input tensors to output tensors.
type Layer interface {
	// Base returns the state every layer shares (name, weights, config).
	Base() *BaseLayer
	// Build creates the layer's weights for inputs of the given shapes (the
	// batch dimension is -1). It is called once, before the first call.
	Build(inputShapes []tensor.Shape) error
	// ComputeOutputShape returns the output shapes for the given input shapes.
	ComputeOutputShape(inputShapes []tensor.Shape) ([]tensor.Shape, error)
	// Call computes the outputs for concrete inputs.
	Call(ctx *Context, inputs []*tensor.Tensor) ([]*tensor.Tensor, error)
	// GetConfig returns the layer's Keras config (the "config" object of its
	// serialized form).
	GetConfig() map[string]any
}

// Container is implemented by layers made of other layers (models,
// wrappers such as Bidirectional, custom composite layers): their
// sub-layers' weights, trainable flags and regularization losses count as
// theirs, and saving walks into them.
type Container interface {
	SubLayers() []Layer
}

// Context carries what a call needs besides its inputs.
type Context struct {
	// Training is Keras's `training` argument: dropout and noise are active
	// and normalization layers use batch statistics.
	Training bool
	// Updates collects tensors whose computation has side effects on layer
	// state (moving averages). A compiled step keeps them in its plan.
	Updates []*tensor.Tensor
	// Losses collects scalar losses added during the call (activity
	// regularization), summed into the training loss.
	Losses []*tensor.Tensor
}

type regEntry struct {
	v *tensor.Variable
	r regularizers.Regularizer
}

// BaseLayer is embedded by every layer. It holds the name, the weights, the
// trainable flag, the config the layer was made with and a sticky
// construction error.
type BaseLayer struct {
	self       Layer
	className  string
	name       string
	trainable  bool
	built      bool
	vars       []*tensor.Variable
	frozen     []bool // frozen[i]: vars[i] was created non-trainable
	regs       []regEntry
	buildShape []tensor.Shape
	err        error
	inputShape tensor.Shape // from the input_shape / batch_input_shape option
	batchSize  int
	inbound    int            // how many times the layer was applied symbolically
	firstIn    []*KerasTensor // inputs and outputs of the first application
	firstOut   []*KerasTensor
}

// Init wires a layer's Base: self is the layer that embeds it, className its
// Keras class name. The name comes from cfg's "name" or a fresh unique one
// ("dense", "dense_1", ...). It consumes the base keys of cfg (name,
// trainable, dtype, input_shape, batch_input_shape, batch_size).
func (b *BaseLayer) Init(self Layer, className string, cfg Config) {
	b.self, b.className, b.trainable = self, className, true
	name := cfg.String("name", "")
	if name == "" {
		name = UniqueName(SnakeCase(className))
	}
	b.name = name
	b.trainable = cfg.Bool("trainable", true)
	if dt := cfg.Any("dtype"); dt != nil {
		if s := dtypeName(dt); s != "float32" && s != "" {
			cfg.Fail(fmt.Errorf("only dtype float32 is supported, got %v", dt))
		}
	}
	if s := cfg.Ints("batch_input_shape", nil); len(s) > 0 {
		b.inputShape = toShape(s[1:])
		if s[0] > 0 {
			b.batchSize = s[0]
		}
	}
	if s := cfg.Ints("batch_shape", nil); s != nil && len(s) > 0 {
		b.inputShape = toShape(s[1:])
	}
	if s := cfg.Ints("input_shape", nil); s != nil {
		b.inputShape = toShape(s)
	}
	b.batchSize = cfg.Int("batch_size", b.batchSize)
}

func toShape(s []int) tensor.Shape {
	out := make(tensor.Shape, len(s))
	for i, d := range s {
		if d <= 0 {
			d = -1
		}
		out[i] = d
	}
	return out
}

func dtypeName(v any) string {
	switch d := v.(type) {
	case string:
		return d
	case map[string]any:
		if c, ok := d["config"].(map[string]any); ok {
			if n, ok := c["name"].(string); ok {
				return n
			}
		}
	}
	return ""
}

// Finish records cfg's error (unknown keys, bad values) as the layer's
// construction error. Constructors call it last.
func (b *BaseLayer) Finish(cfg Config) {
	if err := cfg.Err(b.className); err != nil && b.err == nil {
		b.err = err
	}
}

// Base returns b itself; embedding BaseLayer makes a type satisfy that part of
// Layer.
func (b *BaseLayer) Base() *BaseLayer { return b }

// Err is the layer's construction error, if any.
func (b *BaseLayer) Err() error { return b.err }

// SetErr records a construction error (the first one wins).
func (b *BaseLayer) SetErr(err error) {
	if b.err == nil {
		b.err = err
	}
}

// Name is the layer's unique name.
func (b *BaseLayer) Name() string { return b.name }

// ClassName is Keras's class name ("Dense").
func (b *BaseLayer) ClassName() string { return b.className }

// Built reports whether Build has run.
func (b *BaseLayer) Built() bool { return b.built }

// SetBuilt marks the layer built for the given input shapes.
func (b *BaseLayer) SetBuilt(inputShapes []tensor.Shape) {
	b.built = true
	b.buildShape = inputShapes
}

// BuildShapes returns the input shapes the layer was built with.
func (b *BaseLayer) BuildShapes() []tensor.Shape { return b.buildShape }

// InputShape is the shape given with the input_shape option (without the
// batch dimension), or nil.
func (b *BaseLayer) InputShape() tensor.Shape { return b.inputShape }

// Trainable reports Keras's layer.trainable.
func (b *BaseLayer) Trainable() bool { return b.trainable }

// SetTrainable freezes or unfreezes all of the layer's weights.
func (b *BaseLayer) SetTrainable(on bool) {
	b.trainable = on
	for i, v := range b.vars {
		v.SetTrainable(on && !b.frozen[i])
	}
	if c, ok := b.self.(Container); ok {
		for _, l := range c.SubLayers() {
			l.Base().SetTrainable(on)
		}
	}
}

// WeightSpec describes one weight for AddWeight.
type WeightSpec struct {
	Name        string
	Shape       tensor.Shape
	Initializer initializers.Initializer
	Regularizer regularizers.Regularizer // optional
	Constraint  tensor.Constraint        // optional
	Trainable   bool
}

// AddWeight creates a weight (keras add_weight) initialized by its
// initializer. Its path is "<layer name>/<weight name>".
func (b *BaseLayer) AddWeight(s WeightSpec) (*tensor.Variable, error) {
	if err := s.Shape.Validate(); err != nil {
		return nil, fmt.Errorf("layer %q: weight %q: %w", b.name, s.Name, err)
	}
	val, err := s.Initializer.Call(s.Shape)
	if err != nil {
		return nil, fmt.Errorf("layer %q: initializing weight %q: %w", b.name, s.Name, err)
	}
	v := tensor.NewVariable(s.Name, b.name+"/"+s.Name, val, s.Trainable && b.trainable)
	v.Constraint = s.Constraint
	b.vars = append(b.vars, v)
	b.frozen = append(b.frozen, !s.Trainable)
	if s.Regularizer != nil {
		b.regs = append(b.regs, regEntry{v, s.Regularizer})
	}
	return v, nil
}

// OwnVariables returns the layer's own weights in creation order.
func (b *BaseLayer) OwnVariables() []*tensor.Variable { return b.vars }

// Weights returns the layer's weights (including those of nested layers) in
// Keras's order: trainable weights first, then non-trainable ones.
func Weights(l Layer) []*tensor.Variable {
	return append(TrainableWeights(l), NonTrainableWeights(l)...)
}

// TrainableWeights returns the weights optimizers update.
func TrainableWeights(l Layer) []*tensor.Variable {
	var out []*tensor.Variable
	for _, v := range allVars(l) {
		if v.Trainable() {
			out = append(out, v)
		}
	}
	return out
}

// NonTrainableWeights returns the frozen weights.
func NonTrainableWeights(l Layer) []*tensor.Variable {
	var out []*tensor.Variable
	for _, v := range allVars(l) {
		if !v.Trainable() {
			out = append(out, v)
		}
	}
	return out
}

func allVars(l Layer) []*tensor.Variable {
	out := append([]*tensor.Variable(nil), l.Base().vars...)
	if c, ok := l.(Container); ok {
		for _, s := range c.SubLayers() {
			out = append(out, allVars(s)...)
		}
	}
	return out
}

// RegularizationLosses computes the weight penalties of l and its nested
// layers (keras layer.losses from kernel_regularizer etc.).
func RegularizationLosses(l Layer) ([]*tensor.Tensor, error) {
	var out []*tensor.Tensor
	for _, r := range l.Base().regs {
		t, err := r.r.Call(r.v.Value())
		if err != nil {
			return nil, fmt.Errorf("layer %q: regularizer of %q: %w", l.Base().name, r.v.Name(), err)
		}
		out = append(out, t)
	}
	if c, ok := l.(Container); ok {
		for _, s := range c.SubLayers() {
			ls, err := RegularizationLosses(s)
			if err != nil {
				return nil, err
			}
			out = append(out, ls...)
		}
	}
	return out, nil
}

// CountParams returns the number of scalars in the layer's weights.
func CountParams(l Layer) int {
	n := 0
	for _, v := range Weights(l) {
		n += v.Shape().Size()
	}
	return n
}

// BaseConfig returns the config keys every layer has: name, trainable and
// dtype (as Keras 3 writes its DTypePolicy).
func (b *BaseLayer) BaseConfig() map[string]any {
	cfg := map[string]any{
		"name":      b.name,
		"trainable": b.trainable,
		"dtype": map[string]any{
			"module": "keras", "class_name": "DTypePolicy",
			"config": map[string]any{"name": "float32"}, "registered_name": nil,
		},
	}
	if b.inputShape != nil {
		bs := []any{nil}
		if b.batchSize > 0 {
			bs[0] = b.batchSize
		}
		for _, d := range b.inputShape {
			if d < 0 {
				bs = append(bs, nil)
			} else {
				bs = append(bs, d)
			}
		}
		cfg["batch_input_shape"] = bs
	}
	return cfg
}

var (
	snakeNonWord = regexp.MustCompile(`\W+`)
	snakeUpper   = regexp.MustCompile(`(.)([A-Z][a-z]+)`)
	snakeLower   = regexp.MustCompile(`([a-z])([A-Z])`)
)

// SnakeCase converts a class name to Keras's default layer name prefix the
// way keras.src.utils.naming.to_snake_case does ("Conv2D" -> "conv2d",
// "BatchNormalization" -> "batch_normalization", "PReLU" -> "p_re_lu").
func SnakeCase(s string) string {
	s = snakeNonWord.ReplaceAllString(s, "")
	s = snakeUpper.ReplaceAllString(s, "${1}_${2}")
	s = snakeLower.ReplaceAllString(s, "${1}_${2}")
	return strings.ToLower(s)
}

// Self returns the layer that embeds b (for a Sequential model, the
// *Sequential rather than its inner graph).
func (b *BaseLayer) Self() Layer { return b.self }
