package layers

import (
	"fmt"

	"github.com/gokeras/keras/tensor"
)

// ConvTranspose is keras.layers.Conv1DTranspose, Conv2DTranspose and
// Conv3DTranspose (ClassName tells which): the transposed convolution
// ("deconvolution"), the adjoint of a convolution with respect to its input,
// with a kernel of shape (kernel_size..., filters, channels) — Keras's
// layout — then bias and activation. Output sizes and padding follow Keras's
// TensorFlow semantics, including output_padding.
type ConvTranspose struct {
	convBase
	Filters int
	// OutputPadding is nil for Keras's output_padding=None.
	OutputPadding []int
	kernelArgs    convWeightArgs

	Kernel *tensor.Variable
}

// NewConv1DTranspose makes keras.layers.Conv1DTranspose(filters,
// kernel_size). Options: With("strides", s), With("padding",
// "valid"|"same"), With("output_padding", p), With("data_format", ...),
// With("dilation_rate", d), WithActivation, WithUseBias, the kernel and bias
// initializer, regularizer and constraint options, WithName.
func NewConv1DTranspose(filters int, kernelSize []int, opts ...Option) *ConvTranspose {
	return newConvTranspose("Conv1DTranspose", 1, filters, kernelSize, opts)
}

// NewConv2DTranspose makes keras.layers.Conv2DTranspose(filters,
// kernel_size). Options as for NewConv1DTranspose.
func NewConv2DTranspose(filters int, kernelSize []int, opts ...Option) *ConvTranspose {
	return newConvTranspose("Conv2DTranspose", 2, filters, kernelSize, opts)
}

// NewConv3DTranspose makes keras.layers.Conv3DTranspose(filters,
// kernel_size). Options as for NewConv1DTranspose.
func NewConv3DTranspose(filters int, kernelSize []int, opts ...Option) *ConvTranspose {
	return newConvTranspose("Conv3DTranspose", 3, filters, kernelSize, opts)
}

func newConvTranspose(class string, rank, filters int, kernelSize []int, opts []Option) *ConvTranspose {
	return convTransposeFromConfig(class, rank, Options(opts, map[string]any{"filters": filters, "kernel_size": sizeArg(kernelSize)}))
}

func convTransposeFromConfig(class string, rank int, cfg Config) *ConvTranspose {
	l := &ConvTranspose{}
	l.BaseLayer.Init(l, class, cfg)
	l.readCommon(&cfg, rank, false)
	l.Filters = positive(&cfg, "filters")
	l.OutputPadding = spTuple(&cfg, "output_padding", rank, nil, true)
	for i, p := range l.OutputPadding {
		if p >= l.Strides[i] {
			cfg.Fail(fmt.Errorf("`output_padding` must be strictly less than `strides` for all dimensions. At dimension %d, `output_padding` is %d but `strides` is %d. Received: output_padding=%v, strides=%v",
				i, p, l.Strides[i], tensor.Shape(l.OutputPadding), tensor.Shape(l.Strides)))
			break
		}
	}
	l.kernelArgs = readWeightArgs(&cfg, "kernel", "glorot_uniform")
	l.BaseLayer.Finish(cfg)
	return l
}

func (l *ConvTranspose) kernelShape(channels int) tensor.Shape {
	return append(tensor.Shape(l.KernelSize).Clone(), l.Filters, channels)
}

// Build creates kernel (kernel_size..., filters, channels) and bias
// (filters).
func (l *ConvTranspose) Build(shapes []tensor.Shape) error {
	c, err := l.inputChannels(shapes)
	if err != nil {
		return err
	}
	if l.Kernel, err = l.addWeight("kernel", l.kernelArgs, l.kernelShape(c)); err != nil {
		return err
	}
	return l.addBias(l.Filters)
}

// ComputeOutputShape is Keras's compute_conv_transpose_output_shape.
func (l *ConvTranspose) ComputeOutputShape(shapes []tensor.Shape) ([]tensor.Shape, error) {
	if err := l.checkRank(shapes); err != nil {
		return nil, err
	}
	return []tensor.Shape{l.outShape(shapes[0])}, nil
}

func (l *ConvTranspose) outShape(s tensor.Shape) tensor.Shape {
	sp, _ := l.split(s)
	out := make([]int, len(sp))
	for i, n := range sp {
		p := -1
		if l.OutputPadding != nil {
			p = l.OutputPadding[i]
		}
		out[i] = convTransposeOutLen(n, l.KernelSize[i], l.Strides[i], l.DilationRate[i], l.Padding, p)
	}
	return l.join(s[0], out, l.Filters)
}

// Call computes activation(conv_transpose(x, kernel) + bias).
func (l *ConvTranspose) Call(ctx *Context, in []*tensor.Tensor) ([]*tensor.Tensor, error) {
	return callLayer(ctx, in, l.OwnVariables(), l.call)
}

// call computes the layer's output for weights w (kernel, bias).
func (l *ConvTranspose) call(ctx *Context, x *tensor.Tensor, w []*tensor.Tensor) (*tensor.Tensor, error) {
	cin := w[0].Shape()[l.Rank+1]
	if err := l.checkCall(x, cin); err != nil {
		return nil, err
	}
	outShape := l.outShape(x.Shape())
	small, _ := l.split(x.Shape())
	big, _ := l.split(outShape)
	op := &convOp{g: l.geometry(x.Dim(0), big, small, l.Filters, cin, 1), transpose: true}
	return l.apply(ctx, op, x, w[0], l.biasOf(w, 1), outShape, true)
}

// GetConfig returns Keras's config for the layer's class.
func (l *ConvTranspose) GetConfig() map[string]any {
	cfg := l.saveCommon()
	cfg["filters"] = l.Filters
	cfg["output_padding"] = nil
	if l.OutputPadding != nil {
		cfg["output_padding"] = intsAny(l.OutputPadding)
	}
	l.kernelArgs.save(cfg)
	return cfg
}
