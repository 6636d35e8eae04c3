package layers

import (
	"fmt"
	"strings"

	"github.com/gokeras/keras/activations"
	"github.com/gokeras/keras/constraints"
	"github.com/gokeras/keras/initializers"
	"github.com/gokeras/keras/regularizers"
	"github.com/gokeras/keras/tensor"
)

// The convolution layers (Keras's keras.layers.Conv*, DepthwiseConv*,
// SeparableConv*) differ from Keras in these deliberate ways: one Go type
// serves each family (Conv for Conv1D/2D/3D, with ClassName telling which);
// inputs must have exactly rank+2 dimensions (Keras's InputSpec says
// min_ndim, but its conv ops need exactly that); LoRA is not supported; and
// the layers compute in float32 only. Padding, output sizes and
// transposed-convolution output_padding follow Keras's TensorFlow backend.

// convBase holds the arguments every convolution layer shares (those of
// Keras's BaseConv besides filters and the kernel's own), its bias and the
// shape logic.
type convBase struct {
	BaseLayer
	// Rank is the number of spatial dimensions (1, 2 or 3).
	Rank         int
	KernelSize   []int
	Strides      []int
	Padding      string // "valid", "same" or (Conv1D) "causal"
	DataFormat   string // "channels_last" or "channels_first"
	DilationRate []int
	Activation   activations.Activation
	UseBias      bool
	biasArgs     convWeightArgs
	actReg       regularizers.Regularizer

	Bias *tensor.Variable
}

// convWeightArgs are a weight's initializer, regularizer and constraint
// (Keras's <prefix>_initializer, <prefix>_regularizer, <prefix>_constraint).
type convWeightArgs struct {
	prefix string
	init   initializers.Initializer
	reg    regularizers.Regularizer
	cons   constraints.Constraint
}

func readWeightArgs(cfg *Config, prefix, defInit string) convWeightArgs {
	return convWeightArgs{
		prefix: prefix,
		init:   getInitializer(cfg, prefix+"_initializer", defInit),
		reg:    getRegularizer(cfg, prefix+"_regularizer"),
		cons:   getConstraint(cfg, prefix+"_constraint"),
	}
}

func (a convWeightArgs) save(cfg map[string]any) {
	cfg[a.prefix+"_initializer"] = serializeObj("keras.initializers", a.init)
	cfg[a.prefix+"_regularizer"] = serializeObj("keras.regularizers", a.reg)
	cfg[a.prefix+"_constraint"] = serializeObj("keras.constraints", a.cons)
}

func (b *convBase) addWeight(name string, a convWeightArgs, shape tensor.Shape) (*tensor.Variable, error) {
	return b.AddWeight(WeightSpec{Name: name, Shape: shape, Initializer: a.init, Regularizer: a.reg, Constraint: a.cons, Trainable: true})
}

// readCommon reads the shared arguments; rank is the number of spatial
// dimensions.
func (b *convBase) readCommon(cfg *Config, rank int, allowCausal bool) {
	b.Rank = rank
	if !cfg.Has("kernel_size") {
		cfg.Fail(fmt.Errorf("missing required argument kernel_size"))
	}
	ones := repeatInt(1, rank)
	b.KernelSize = spTuple(cfg, "kernel_size", rank, ones, false)
	b.Strides = spTuple(cfg, "strides", rank, ones, false)
	b.DilationRate = spTuple(cfg, "dilation_rate", rank, ones, false)
	b.Padding = strings.ToLower(cfg.String("padding", "valid"))
	allowed := "{'valid', 'same'}"
	if allowCausal {
		allowed = "{'valid', 'same', 'causal'}"
	}
	if !strings.Contains(allowed, "'"+b.Padding+"'") {
		cfg.Fail(fmt.Errorf("the `padding` argument must be a list/tuple or one of %s. Received: %s", allowed, b.Padding))
		b.Padding = "valid"
	}
	b.DataFormat = spDataFormat(cfg)
	b.Activation = getActivation(cfg, "activation")
	b.UseBias = cfg.Bool("use_bias", true)
	b.biasArgs = readWeightArgs(cfg, "bias", "zeros")
	b.actReg = getRegularizer(cfg, "activity_regularizer")
	if maxInt(b.Strides) > 1 && maxInt(b.DilationRate) > 1 {
		cfg.Fail(fmt.Errorf("`strides > 1` not supported in conjunction with `dilation_rate > 1`. Received: strides=%v and dilation_rate=%v",
			tensor.Shape(b.Strides), tensor.Shape(b.DilationRate)))
	}
}

func maxInt(v []int) int {
	m := 0
	for _, x := range v {
		m = max(m, x)
	}
	return m
}

// positive reads a required strictly positive integer argument.
func positive(cfg *Config, key string) int {
	v := cfg.Int(key, 0)
	if v <= 0 {
		cfg.Fail(fmt.Errorf("invalid value for argument `%s`. Expected a strictly positive value. Received %s=%v", key, key, cfg.Any(key)))
	}
	return v
}

// saveCommon writes the shared config keys.
func (b *convBase) saveCommon() map[string]any {
	cfg := b.BaseConfig()
	cfg["kernel_size"] = intsAny(b.KernelSize)
	cfg["strides"] = intsAny(b.Strides)
	cfg["padding"] = b.Padding
	cfg["data_format"] = b.DataFormat
	cfg["dilation_rate"] = intsAny(b.DilationRate)
	cfg["activation"] = activations.Serialize(b.Activation)
	cfg["use_bias"] = b.UseBias
	b.biasArgs.save(cfg)
	cfg["activity_regularizer"] = serializeObj("keras.regularizers", b.actReg)
	return cfg
}

// checkRank checks one input of rank Rank+2 (Keras's InputSpec(min_ndim)).
func (b *convBase) checkRank(shapes []tensor.Shape) error {
	if err := wantInputs(shapes, 1); err != nil {
		return err
	}
	s := shapes[0]
	if want := b.Rank + 2; len(s) != want {
		kind := "min_ndim"
		if len(s) > want {
			kind = "ndim"
		}
		return fmt.Errorf("input 0 is incompatible with the layer: expected %s=%d, found ndim=%d. Full shape received: %v", kind, want, len(s), s)
	}
	return nil
}

// split returns the spatial dimensions and the channels of a shape.
func (b *convBase) split(s tensor.Shape) (spatial []int, channels int) {
	if b.DataFormat == "channels_first" {
		return s[2:], s[1]
	}
	return s[1 : len(s)-1], s[len(s)-1]
}

// join builds a shape from the batch, spatial dimensions and channels.
func (b *convBase) join(batch int, spatial []int, channels int) tensor.Shape {
	out := tensor.Shape{batch}
	if b.DataFormat == "channels_first" {
		return append(append(out, channels), spatial...)
	}
	return append(append(out, spatial...), channels)
}

// inputChannels checks the rank and returns the (known) channel count.
func (b *convBase) inputChannels(shapes []tensor.Shape) (int, error) {
	if err := b.checkRank(shapes); err != nil {
		return 0, err
	}
	_, c := b.split(shapes[0])
	if c <= 0 {
		return 0, fmt.Errorf("the channel dimension of the inputs should be defined, found None. Full input shape received: %v", shapes[0])
	}
	return c, nil
}

// convOutShape is Keras's compute_conv_output_shape for a kernel of the
// layer's size producing `filters` channels; kernelShape is only used in the
// error message.
func (b *convBase) convOutShape(s tensor.Shape, filters int, kernelShape tensor.Shape) (tensor.Shape, error) {
	if err := b.checkRank([]tensor.Shape{s}); err != nil {
		return nil, err
	}
	sp, _ := b.split(s)
	out := make([]int, len(sp))
	for i, n := range sp {
		out[i] = convOutLen(n, b.KernelSize[i], b.Strides[i], b.DilationRate[i], b.Padding)
		if n >= 0 && out[i] <= 0 {
			return nil, fmt.Errorf("computed output size would be zero or negative. Received `inputs shape=%v`, `kernel shape=%v`, `dilation_rate=%v`, `strides=%v`, `padding=%s`",
				s, kernelShape, tensor.Shape(b.DilationRate), tensor.Shape(b.Strides), b.Padding)
		}
	}
	return b.join(s[0], out, filters), nil
}

// geometry fills the kernel, stride and dilation of a convolution between
// the big and small spatial sizes, and its padding.
func (b *convBase) geometry(n int, big, small []int, cb, cs, groups int) convGeom {
	g := convGeom{n: n, big: spread3(big, 1), small: spread3(small, 1), cb: cb, cs: cs, groups: groups,
		k: spread3(b.KernelSize, 1), s: spread3(b.Strides, 1), d: spread3(b.DilationRate, 1)}
	g.setPads(b.Padding)
	return g
}

// checkCall checks a concrete input against the built channel count.
func (b *convBase) checkCall(x *tensor.Tensor, channels int) error {
	if x.DType() != tensor.Float32 {
		return fmt.Errorf("expected float32 input, got %v", x.DType())
	}
	s := x.Shape()
	if err := b.checkRank([]tensor.Shape{s}); err != nil {
		return err
	}
	if _, c := b.split(s); c != channels {
		axis := -1
		if b.DataFormat == "channels_first" {
			axis = 1
		}
		return fmt.Errorf("input 0 is incompatible with the layer: expected axis %d of input shape to have value %d, but received input with shape %v", axis, channels, s)
	}
	return nil
}

// apply runs op on x, the kernel and the bias (nil: none), then, when
// final, the activation (unless op fused the ReLU) and the activity
// regularizer.
func (b *convBase) apply(ctx *Context, op *convOp, x, kernel, bias *tensor.Tensor, outShape tensor.Shape, final bool) (*tensor.Tensor, error) {
	op.channelsFirst = b.DataFormat == "channels_first"
	args := []*tensor.Tensor{x, kernel}
	if bias != nil {
		args = append(args, bias)
	}
	if final {
		op.relu = activations.Serialize(b.Activation) == "relu"
	}
	y, err := tensor.Apply(op, tensor.Float32, outShape, args...)
	if err != nil || !final {
		return y, err
	}
	if !op.relu && b.Activation.Name() != "linear" {
		if y, err = b.Activation.Call(y); err != nil {
			return nil, err
		}
	}
	if err := addActivityLoss(ctx, b.actReg, y); err != nil {
		return nil, err
	}
	return y, nil
}

// callLayer is Call for a layer whose computation is call(ctx, x, the
// values of its weights in creation order).
func callLayer(ctx *Context, in []*tensor.Tensor, vars []*tensor.Variable, call func(*Context, *tensor.Tensor, []*tensor.Tensor) (*tensor.Tensor, error)) ([]*tensor.Tensor, error) {
	w := make([]*tensor.Tensor, len(vars))
	for i, v := range vars {
		w[i] = v.Value()
	}
	y, err := call(ctx, in[0], w)
	if err != nil {
		return nil, err
	}
	return []*tensor.Tensor{y}, nil
}

// biasOf returns w[i], the bias, or nil when the layer has none.
func (b *convBase) biasOf(w []*tensor.Tensor, i int) *tensor.Tensor {
	if !b.UseBias {
		return nil
	}
	return w[i]
}

// addBias creates the bias of `units` values when use_bias is set.
func (b *convBase) addBias(units int) error {
	if !b.UseBias {
		return nil
	}
	var err error
	b.Bias, err = b.addWeight("bias", b.biasArgs, tensor.Shape{units})
	return err
}
