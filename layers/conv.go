package layers

import (
	"fmt"

	"github.com/gokeras/keras/tensor"
)

// Conv is keras.layers.Conv1D, Conv2D and Conv3D (ClassName tells which):
// activation(conv(inputs, kernel) + bias), a cross-correlation of inputs
// (batch, spatial..., channels) — or (batch, channels, spatial...) with
// data_format "channels_first" — with a kernel of shape
// (kernel_size..., channels/groups, filters), Keras's layout.
type Conv struct {
	convBase
	Filters    int
	Groups     int
	kernelArgs convWeightArgs

	Kernel *tensor.Variable
}

// NewConv1D makes keras.layers.Conv1D(filters, kernel_size). kernelSize
// holds one value. Options: With("strides", s), With("padding",
// "valid"|"same"|"causal"), With("data_format", "channels_first"),
// With("dilation_rate", d), With("groups", g), WithActivation, WithUseBias,
// the kernel and bias initializer, regularizer and constraint options,
// WithActivityRegularizer, WithName.
func NewConv1D(filters int, kernelSize []int, opts ...Option) *Conv {
	return newConv("Conv1D", 1, filters, kernelSize, opts)
}

// NewConv2D makes keras.layers.Conv2D(filters, kernel_size); kernelSize is
// (kh, kw) or one value for both. Options as for NewConv1D, except that
// padding is "valid" or "same".
//
//	layers.NewConv2D(32, []int{3, 3}, layers.WithActivation("relu"))
func NewConv2D(filters int, kernelSize []int, opts ...Option) *Conv {
	return newConv("Conv2D", 2, filters, kernelSize, opts)
}

// NewConv3D makes keras.layers.Conv3D(filters, kernel_size); kernelSize is
// (kd, kh, kw) or one value for all three. Options as for NewConv2D.
func NewConv3D(filters int, kernelSize []int, opts ...Option) *Conv {
	return newConv("Conv3D", 3, filters, kernelSize, opts)
}

func newConv(class string, rank, filters int, kernelSize []int, opts []Option) *Conv {
	return convFromConfig(class, rank, Options(opts, map[string]any{"filters": filters, "kernel_size": sizeArg(kernelSize)}))
}

// sizeArg passes a one-value size as an int, which Keras repeats over all
// spatial dimensions.
func sizeArg(v []int) any {
	if len(v) == 1 {
		return v[0]
	}
	return intsAny(v)
}

func convFromConfig(class string, rank int, cfg Config) *Conv {
	l := &Conv{}
	l.BaseLayer.Init(l, class, cfg)
	l.readCommon(&cfg, rank, rank == 1)
	l.Filters = positive(&cfg, "filters")
	l.Groups = cfg.Int("groups", 1)
	switch {
	case l.Groups <= 0:
		cfg.Fail(fmt.Errorf("the number of groups must be a positive integer. Received: groups=%d", l.Groups))
		l.Groups = 1
	case l.Filters > 0 && l.Filters%l.Groups != 0:
		cfg.Fail(fmt.Errorf("the number of filters must be evenly divisible by the number of groups. Received: groups=%d, filters=%d", l.Groups, l.Filters))
	}
	l.kernelArgs = readWeightArgs(&cfg, "kernel", "glorot_uniform")
	if cfg.Any("lora_rank") != nil || cfg.Any("lora_alpha") != nil {
		cfg.Fail(fmt.Errorf("LoRA (lora_rank, lora_alpha) is not supported for convolution layers"))
	}
	l.BaseLayer.Finish(cfg)
	return l
}

func (l *Conv) kernelShape(channels int) tensor.Shape {
	return append(tensor.Shape(l.KernelSize).Clone(), channels/l.Groups, l.Filters)
}

// Build creates kernel (kernel_size..., channels/groups, filters) and bias
// (filters).
func (l *Conv) Build(shapes []tensor.Shape) error {
	c, err := l.inputChannels(shapes)
	if err != nil {
		return err
	}
	if c%l.Groups != 0 {
		return fmt.Errorf("the number of input channels must be evenly divisible by the number of groups. Received groups=%d, but the input has %d channels (full input shape is %v)", l.Groups, c, shapes[0])
	}
	if _, err := l.convOutShape(shapes[0], l.Filters, l.kernelShape(c)); err != nil {
		return err
	}
	if l.Kernel, err = l.addWeight("kernel", l.kernelArgs, l.kernelShape(c)); err != nil {
		return err
	}
	return l.addBias(l.Filters)
}

// ComputeOutputShape is Keras's compute_conv_output_shape.
func (l *Conv) ComputeOutputShape(shapes []tensor.Shape) ([]tensor.Shape, error) {
	if err := l.checkRank(shapes); err != nil {
		return nil, err
	}
	_, c := l.split(shapes[0])
	out, err := l.convOutShape(shapes[0], l.Filters, l.kernelShape(c))
	return []tensor.Shape{out}, err
}

// Call computes activation(conv(x, kernel) + bias).
func (l *Conv) Call(ctx *Context, in []*tensor.Tensor) ([]*tensor.Tensor, error) {
	return callLayer(ctx, in, l.OwnVariables(), l.call)
}

// call computes the layer's output for weights w (kernel, bias).
func (l *Conv) call(ctx *Context, x *tensor.Tensor, w []*tensor.Tensor) (*tensor.Tensor, error) {
	cin := w[0].Shape()[l.Rank] * l.Groups
	if err := l.checkCall(x, cin); err != nil {
		return nil, err
	}
	outShape, err := l.convOutShape(x.Shape(), l.Filters, w[0].Shape())
	if err != nil {
		return nil, err
	}
	big, _ := l.split(x.Shape())
	small, _ := l.split(outShape)
	op := &convOp{g: l.geometry(x.Dim(0), big, small, cin, l.Filters, l.Groups)}
	return l.apply(ctx, op, x, w[0], l.biasOf(w, 1), outShape, true)
}

// GetConfig returns Keras's config for the layer's class.
func (l *Conv) GetConfig() map[string]any {
	cfg := l.saveCommon()
	cfg["filters"] = l.Filters
	cfg["groups"] = l.Groups
	l.kernelArgs.save(cfg)
	return cfg
}
