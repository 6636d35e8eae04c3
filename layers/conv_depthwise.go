package layers

import (
	"github.com/gokeras/keras/tensor"
)

// DepthwiseConv is keras.layers.DepthwiseConv1D and DepthwiseConv2D
// (ClassName tells which): each input channel is convolved with its own
// depth_multiplier filters, giving channels*depth_multiplier outputs (output
// channel c*depth_multiplier+m comes from input channel c), with a kernel
// of shape (kernel_size..., channels, depth_multiplier), Keras's layout.
// It runs as a convolution with groups = channels.
type DepthwiseConv struct {
	convBase
	DepthMultiplier int
	depthwiseArgs   convWeightArgs

	Kernel *tensor.Variable
}

// NewDepthwiseConv1D makes keras.layers.DepthwiseConv1D(kernel_size).
// Options: With("depth_multiplier", m) (default 1), With("strides", s),
// With("padding", "valid"|"same"), With("data_format", ...),
// With("dilation_rate", d), WithActivation, WithUseBias,
// With("depthwise_initializer"|"depthwise_regularizer"|
// "depthwise_constraint", ...), the bias options, WithName.
func NewDepthwiseConv1D(kernelSize []int, opts ...Option) *DepthwiseConv {
	return newDepthwiseConv("DepthwiseConv1D", 1, kernelSize, opts)
}

// NewDepthwiseConv2D makes keras.layers.DepthwiseConv2D(kernel_size).
// Options as for NewDepthwiseConv1D.
func NewDepthwiseConv2D(kernelSize []int, opts ...Option) *DepthwiseConv {
	return newDepthwiseConv("DepthwiseConv2D", 2, kernelSize, opts)
}

func newDepthwiseConv(class string, rank int, kernelSize []int, opts []Option) *DepthwiseConv {
	return depthwiseConvFromConfig(class, rank, Options(opts, map[string]any{"kernel_size": sizeArg(kernelSize)}))
}

func depthwiseConvFromConfig(class string, rank int, cfg Config) *DepthwiseConv {
	l := &DepthwiseConv{}
	l.BaseLayer.Init(l, class, cfg)
	l.readCommon(&cfg, rank, false)
	l.DepthMultiplier = readDepthMultiplier(&cfg)
	l.depthwiseArgs = readWeightArgs(&cfg, "depthwise", "glorot_uniform")
	l.BaseLayer.Finish(cfg)
	return l
}

func readDepthMultiplier(cfg *Config) int {
	if !cfg.Has("depth_multiplier") {
		return 1
	}
	return positive(cfg, "depth_multiplier")
}

// depthwiseKernelShape is (kernel_size..., channels, depth_multiplier).
func (b *convBase) depthwiseKernelShape(channels, dm int) tensor.Shape {
	return append(tensor.Shape(b.KernelSize).Clone(), channels, dm)
}

// Build creates kernel (kernel_size..., channels, depth_multiplier) and bias
// (channels*depth_multiplier).
func (l *DepthwiseConv) Build(shapes []tensor.Shape) error {
	c, err := l.inputChannels(shapes)
	if err != nil {
		return err
	}
	ks := l.depthwiseKernelShape(c, l.DepthMultiplier)
	if _, err := l.convOutShape(shapes[0], c*l.DepthMultiplier, ks); err != nil {
		return err
	}
	if l.Kernel, err = l.addWeight("kernel", l.depthwiseArgs, ks); err != nil {
		return err
	}
	return l.addBias(c * l.DepthMultiplier)
}

// ComputeOutputShape is Keras's compute_conv_output_shape with
// channels*depth_multiplier outputs.
func (l *DepthwiseConv) ComputeOutputShape(shapes []tensor.Shape) ([]tensor.Shape, error) {
	if err := l.checkRank(shapes); err != nil {
		return nil, err
	}
	_, c := l.split(shapes[0])
	out, err := l.convOutShape(shapes[0], c*l.DepthMultiplier, l.depthwiseKernelShape(c, l.DepthMultiplier))
	return []tensor.Shape{out}, err
}

// depthwise applies the depthwise convolution with the given kernel and
// bias (nil: none), and the activation when final.
func (b *convBase) depthwise(ctx *Context, x, kernel, bias *tensor.Tensor, final bool) (*tensor.Tensor, error) {
	ks := kernel.Shape()
	c, dm := ks[b.Rank], ks[b.Rank+1]
	if err := b.checkCall(x, c); err != nil {
		return nil, err
	}
	outShape, err := b.convOutShape(x.Shape(), c*dm, ks)
	if err != nil {
		return nil, err
	}
	big, _ := b.split(x.Shape())
	small, _ := b.split(outShape)
	op := &convOp{g: b.geometry(x.Dim(0), big, small, c, c*dm, c)}
	return b.apply(ctx, op, x, kernel, bias, outShape, final)
}

// Call computes activation(depthwise_conv(x, kernel) + bias).
func (l *DepthwiseConv) Call(ctx *Context, in []*tensor.Tensor) ([]*tensor.Tensor, error) {
	return callLayer(ctx, in, l.OwnVariables(), l.call)
}

// call computes the layer's output for weights w (kernel, bias).
func (l *DepthwiseConv) call(ctx *Context, x *tensor.Tensor, w []*tensor.Tensor) (*tensor.Tensor, error) {
	return l.depthwise(ctx, x, w[0], l.biasOf(w, 1), true)
}

// GetConfig returns Keras's config for the layer's class.
func (l *DepthwiseConv) GetConfig() map[string]any {
	cfg := l.saveCommon()
	cfg["depth_multiplier"] = l.DepthMultiplier
	l.depthwiseArgs.save(cfg)
	return cfg
}
