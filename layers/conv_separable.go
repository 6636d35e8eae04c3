package layers

import (
	"github.com/gokeras/keras/tensor"
)

// SeparableConv is keras.layers.SeparableConv1D and SeparableConv2D
// (ClassName tells which): a depthwise convolution (kernel
// (kernel_size..., channels, depth_multiplier)) followed by a pointwise 1×1
// convolution (kernel (1..., channels*depth_multiplier, filters)), then bias
// and activation.
type SeparableConv struct {
	convBase
	DepthMultiplier int
	Filters         int
	depthwiseArgs   convWeightArgs
	pointwiseArgs   convWeightArgs

	DepthwiseKernel, PointwiseKernel *tensor.Variable
}

// NewSeparableConv1D makes keras.layers.SeparableConv1D(filters,
// kernel_size). Options: With("depth_multiplier", m) (default 1),
// With("strides", s), With("padding", "valid"|"same"), With("data_format",
// ...), With("dilation_rate", d), WithActivation, WithUseBias, the
// depthwise_*, pointwise_* and bias_* initializer, regularizer and
// constraint arguments (With), WithName.
func NewSeparableConv1D(filters int, kernelSize []int, opts ...Option) *SeparableConv {
	return newSeparableConv("SeparableConv1D", 1, filters, kernelSize, opts)
}

// NewSeparableConv2D makes keras.layers.SeparableConv2D(filters,
// kernel_size). Options as for NewSeparableConv1D.
func NewSeparableConv2D(filters int, kernelSize []int, opts ...Option) *SeparableConv {
	return newSeparableConv("SeparableConv2D", 2, filters, kernelSize, opts)
}

func newSeparableConv(class string, rank, filters int, kernelSize []int, opts []Option) *SeparableConv {
	return separableConvFromConfig(class, rank, Options(opts, map[string]any{"filters": filters, "kernel_size": sizeArg(kernelSize)}))
}

func separableConvFromConfig(class string, rank int, cfg Config) *SeparableConv {
	l := &SeparableConv{}
	l.BaseLayer.Init(l, class, cfg)
	l.readCommon(&cfg, rank, false)
	l.DepthMultiplier = readDepthMultiplier(&cfg)
	l.Filters = positive(&cfg, "filters")
	l.depthwiseArgs = readWeightArgs(&cfg, "depthwise", "glorot_uniform")
	l.pointwiseArgs = readWeightArgs(&cfg, "pointwise", "glorot_uniform")
	l.BaseLayer.Finish(cfg)
	return l
}

// Build creates depthwise_kernel, pointwise_kernel and bias, in Keras's
// order.
func (l *SeparableConv) Build(shapes []tensor.Shape) error {
	c, err := l.inputChannels(shapes)
	if err != nil {
		return err
	}
	dk := l.depthwiseKernelShape(c, l.DepthMultiplier)
	if _, err := l.convOutShape(shapes[0], l.Filters, dk); err != nil {
		return err
	}
	if l.DepthwiseKernel, err = l.addWeight("depthwise_kernel", l.depthwiseArgs, dk); err != nil {
		return err
	}
	pk := append(tensor.Shape(repeatInt(1, l.Rank)), c*l.DepthMultiplier, l.Filters)
	if l.PointwiseKernel, err = l.addWeight("pointwise_kernel", l.pointwiseArgs, pk); err != nil {
		return err
	}
	return l.addBias(l.Filters)
}

// ComputeOutputShape is Keras's compute_conv_output_shape with filters
// outputs.
func (l *SeparableConv) ComputeOutputShape(shapes []tensor.Shape) ([]tensor.Shape, error) {
	if err := l.checkRank(shapes); err != nil {
		return nil, err
	}
	_, c := l.split(shapes[0])
	out, err := l.convOutShape(shapes[0], l.Filters, l.depthwiseKernelShape(c, l.DepthMultiplier))
	return []tensor.Shape{out}, err
}

// Call computes activation(pointwise(depthwise(x)) + bias).
func (l *SeparableConv) Call(ctx *Context, in []*tensor.Tensor) ([]*tensor.Tensor, error) {
	return callLayer(ctx, in, l.OwnVariables(), l.call)
}

// call computes the layer's output for weights w (depthwise_kernel,
// pointwise_kernel, bias).
func (l *SeparableConv) call(ctx *Context, x *tensor.Tensor, w []*tensor.Tensor) (*tensor.Tensor, error) {
	mid, err := l.depthwise(ctx, x, w[0], nil, false)
	if err != nil {
		return nil, err
	}
	sp, cm := l.split(mid.Shape())
	one := spread3(nil, 1)
	g := convGeom{n: mid.Dim(0), big: spread3(sp, 1), small: spread3(sp, 1), k: one, s: one, d: one, cb: cm, cs: l.Filters, groups: 1}
	return l.apply(ctx, &convOp{g: g}, mid, w[1], l.biasOf(w, 2), l.join(mid.Dim(0), sp, l.Filters), true)
}

// GetConfig returns Keras's config for the layer's class.
func (l *SeparableConv) GetConfig() map[string]any {
	cfg := l.saveCommon()
	cfg["depth_multiplier"] = l.DepthMultiplier
	cfg["filters"] = l.Filters
	l.depthwiseArgs.save(cfg)
	l.pointwiseArgs.save(cfg)
	return cfg
}
