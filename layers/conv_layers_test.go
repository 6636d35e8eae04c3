package layers

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/gokeras/keras/internal/gemm"
	"github.com/gokeras/keras/internal/gradcheck"
	"github.com/gokeras/keras/tensor"
)

// convCaller is what every convolution layer implements besides Layer: its
// computation for explicit weight values (in creation order).
type convCaller interface {
	Layer
	call(ctx *Context, x *tensor.Tensor, w []*tensor.Tensor) (*tensor.Tensor, error)
}

// TestConvGradcheck checks the input and weight gradients of every layer
// family against finite differences on tiny shapes, with one thread and
// with several (the batch is split into parts with separate kernel-gradient
// accumulators).
func TestConvGradcheck(t *testing.T) {
	cases := []struct {
		name  string
		layer convCaller
		shape []int
	}{
		{"conv2d_same_groups_relu", NewConv2D(4, []int{2, 3}, With("padding", "same"), With("groups", 2), WithActivation("sigmoid")), []int{3, 4, 5, 2}},
		{"conv2d_strides_tanh", NewConv2D(3, []int{3}, With("strides", 2), WithActivation("tanh")), []int{2, 5, 6, 2}},
		{"conv1d_causal_dilation", NewConv1D(2, []int{2}, With("padding", "causal"), With("dilation_rate", 2)), []int{2, 6, 3}},
		{"conv3d_channels_first", NewConv3D(2, []int{2}, With("padding", "same"), With("data_format", "channels_first"), WithUseBias(false)), []int{2, 2, 3, 3, 3}},
		{"conv2d_transpose_same_op", NewConv2DTranspose(2, []int{3}, With("strides", 2), With("padding", "same"), With("output_padding", 1)), []int{2, 2, 3, 3}},
		{"conv1d_transpose_channels_first_relu", NewConv1DTranspose(3, []int{3}, With("strides", 2), With("data_format", "channels_first"), WithActivation("relu")), []int{3, 2, 4}},
		{"depthwise_conv2d_dm2", NewDepthwiseConv2D([]int{3}, With("depth_multiplier", 2), With("padding", "same")), []int{2, 4, 4, 2}},
		{"separable_conv1d", NewSeparableConv1D(3, []int{3}, With("depth_multiplier", 2), With("padding", "same"), WithActivation("relu")), []int{2, 5, 2}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := tensor.Shape(c.shape).Clone()
			in[0] = -1
			if err := EnsureBuilt(c.layer, []tensor.Shape{in}); err != nil {
				t.Fatal(err)
			}
			inputs := []*tensor.Tensor{gradcheck.Random(1, -1, 1, c.shape...)}
			for i, v := range c.layer.Base().OwnVariables() {
				inputs = append(inputs, gradcheck.Random(uint64(i+2), -1, 1, v.Shape()...))
			}
			f := func(in []*tensor.Tensor) (*tensor.Tensor, error) {
				return c.layer.call(&Context{}, in[0], in[1:])
			}
			for _, threads := range []int{1, 3} {
				gemm.SetThreads(threads)
				err := gradcheck.Check(f, inputs, gradcheck.Options{Eps: 1e-2, RelTol: 3e-2})
				gemm.SetThreads(0)
				if err != nil {
					t.Fatalf("%d threads: %v", threads, err)
				}
			}
		})
	}
}

// TestConvReplay runs one op twice, as a compiled training step does, and
// checks that the second run gives the same output and accumulates the
// same gradients again without allocating.
func TestConvReplay(t *testing.T) {
	c := newW2Conv("small", 4, 7, 6, 3, 5, true)
	c.op.channelsFirst = false
	c.step()
	y := append([]float32(nil), c.out.Float32s()...)
	dw := append([]float32(nil), c.gin[1].Float32s()...)
	if allocs := testing.AllocsPerRun(3, c.step); allocs != 0 {
		t.Errorf("replay allocates %v times", allocs)
	}
	for i, v := range c.out.Float32s() {
		if v != y[i] {
			t.Fatalf("output %d changed on replay: %v, then %v", i, y[i], v)
		}
	}
	for i, v := range c.gin[1].Float32s() {
		if d := v - 5*dw[i]; d > 1e-4 || d < -1e-4 {
			t.Fatalf("kernel gradient %d after 5 steps = %v, want 5 × %v", i, v, dw[i])
		}
	}
}

// TestConvConfigRoundTrip rebuilds every convolution class from its config
// (through JSON) and expects the same config back.
func TestConvConfigRoundTrip(t *testing.T) {
	ls := []Layer{
		NewConv1D(4, []int{3}, With("padding", "causal"), With("dilation_rate", 2), WithActivation("relu"), WithName("c1")),
		NewConv2D(8, []int{3, 2}, With("strides", []int{2, 1}), With("groups", 2), With("data_format", "channels_first"),
			WithKernelInitializer("he_normal"), WithKernelRegularizer("l2"), WithUseBias(false)),
		NewConv3D(2, []int{1}, With("padding", "same"), WithBiasInitializer("ones")),
		NewConv1DTranspose(3, []int{3}, With("strides", 2), With("output_padding", 1)),
		NewConv2DTranspose(3, []int{4}, With("strides", 2), With("padding", "same"), WithActivation("tanh")),
		NewConv3DTranspose(3, []int{2, 2, 1}, With("dilation_rate", 2)),
		NewDepthwiseConv1D([]int{3}, With("depth_multiplier", 3)),
		NewDepthwiseConv2D([]int{3}, With("depthwise_initializer", "he_uniform"), With("depthwise_regularizer", "l1")),
		NewSeparableConv1D(4, []int{3}, With("pointwise_initializer", "zeros"), WithActivityRegularizer("l2")),
		NewSeparableConv2D(4, []int{3}, With("depth_multiplier", 2), With("padding", "same")),
	}
	for _, l := range ls {
		t.Run(l.Base().ClassName(), func(t *testing.T) {
			if err := l.Base().Err(); err != nil {
				t.Fatal(err)
			}
			before, after, err := jsonRoundTrip(l)
			if err != nil {
				t.Fatal(err)
			}
			if before != after {
				t.Errorf("config changed in the round trip:\n%s\n%s", before, after)
			}
		})
	}
}

// jsonRoundTrip returns l's config as JSON, and that of the layer rebuilt
// by FromConfig from it.
func jsonRoundTrip(l Layer) (before, after string, err error) {
	raw, err := json.Marshal(l.GetConfig())
	if err != nil {
		return "", "", err
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		return "", "", err
	}
	l2, err := FromConfig(l.Base().ClassName(), m)
	if err != nil {
		return "", "", err
	}
	raw2, err := json.Marshal(l2.GetConfig())
	return string(raw), string(raw2), err
}

// TestConvParamCounts checks weight shapes through parameter counts. Conv
// counts are from Keras's "Simple MNIST convnet" example summary (conv2d:
// 320, conv2d_1: 18,496); the others follow the kernel shapes of Keras's
// build() methods: depthwise k·k·c·m + c·m, separable k·k·c·m + c·m·f + f,
// transpose k·k·f·c + f.
func TestConvParamCounts(t *testing.T) {
	cases := []struct {
		layer Layer
		shape tensor.Shape
		want  int
	}{
		{NewConv2D(32, []int{3}), tensor.Shape{-1, 28, 28, 1}, 320},
		{NewConv2D(64, []int{3, 3}), tensor.Shape{-1, 13, 13, 32}, 18496},
		{NewConv2D(64, []int{3}, With("groups", 4)), tensor.Shape{-1, 13, 13, 32}, 3*3*8*64 + 64},
		{NewConv1D(16, []int{5}, WithUseBias(false)), tensor.Shape{-1, 100, 8}, 5 * 8 * 16},
		{NewConv3D(4, []int{3}), tensor.Shape{-1, 3, 8, 8, 8}, 3*3*3*8*4 + 4},
		{NewConv2DTranspose(16, []int{3}), tensor.Shape{-1, 7, 7, 8}, 3*3*16*8 + 16},
		{NewDepthwiseConv2D([]int{3}, With("depth_multiplier", 2)), tensor.Shape{-1, 10, 10, 8}, 3*3*8*2 + 16},
		{NewSeparableConv2D(64, []int{3}), tensor.Shape{-1, 13, 13, 32}, 3*3*32 + 32*64 + 64},
		{NewSeparableConv1D(8, []int{3}, With("depth_multiplier", 2)), tensor.Shape{-1, 10, 4}, 3*4*2 + 8*8 + 8},
	}
	for _, c := range cases {
		if err := EnsureBuilt(c.layer, []tensor.Shape{c.shape}); err != nil {
			t.Fatal(err)
		}
		if got := CountParams(c.layer); got != c.want {
			t.Errorf("%s on %v: %d parameters, want %d", c.layer.Base().ClassName(), c.shape, got, c.want)
		}
	}
}

// TestConvOutputShapes checks ComputeOutputShape on unknown spatial sizes
// and Keras's transposed-convolution size rules.
func TestConvOutputShapes(t *testing.T) {
	cases := []struct {
		layer    Layer
		in, want tensor.Shape
	}{
		{NewConv2D(4, []int{3}, With("padding", "same"), With("strides", 2)), tensor.Shape{-1, -1, 7, 3}, tensor.Shape{-1, -1, 4, 4}},
		{NewConv1D(4, []int{3}, With("padding", "causal"), With("strides", 2)), tensor.Shape{-1, 9, 3}, tensor.Shape{-1, 5, 4}},
		{NewConv2DTranspose(4, []int{3}, With("strides", 2)), tensor.Shape{-1, 5, 5, 3}, tensor.Shape{-1, 11, 11, 4}},
		{NewConv2DTranspose(4, []int{2}, With("strides", 3)), tensor.Shape{-1, 5, 5, 3}, tensor.Shape{-1, 15, 15, 4}},
		{NewConv2DTranspose(4, []int{3}, With("strides", 2), With("padding", "same"), With("data_format", "channels_first")), tensor.Shape{-1, 3, 5, -1}, tensor.Shape{-1, 4, 10, -1}},
		{NewDepthwiseConv2D([]int{3}, With("depth_multiplier", 3)), tensor.Shape{-1, 5, 5, 2}, tensor.Shape{-1, 3, 3, 6}},
	}
	for _, c := range cases {
		got, err := c.layer.ComputeOutputShape([]tensor.Shape{c.in})
		if err != nil {
			t.Fatal(err)
		}
		if got[0].String() != c.want.String() {
			t.Errorf("%s on %v: %v, want %v", c.layer.Base().ClassName(), c.in, got[0], c.want)
		}
	}
}

func TestConvErrors(t *testing.T) {
	cases := []struct {
		name  string
		layer Layer
		shape tensor.Shape
		want  string
	}{
		{"kernel larger than input", NewConv2D(4, []int{5}), tensor.Shape{-1, 3, 8, 1},
			"layer \"conv2d"},
		{"kernel larger than input message", NewConv2D(4, []int{5}, WithName("c")), tensor.Shape{-1, 3, 8, 1},
			"computed output size would be zero or negative. Received `inputs shape=(None, 3, 8, 1)`, `kernel shape=(5, 5, 1, 4)`, `dilation_rate=(1, 1)`, `strides=(1, 1)`, `padding=valid`"},
		{"wrong rank", NewConv2D(4, []int{3}), tensor.Shape{-1, 28, 28},
			"expected min_ndim=4, found ndim=3. Full shape received: (None, 28, 28)"},
		{"rank too high", NewConv1D(4, []int{3}), tensor.Shape{-1, 5, 5, 5},
			"expected ndim=3, found ndim=4"},
		{"groups", NewConv2D(4, []int{3}, With("groups", 2)), tensor.Shape{-1, 8, 8, 3},
			"the number of input channels must be evenly divisible by the number of groups. Received groups=2, but the input has 3 channels (full input shape is (None, 8, 8, 3))"},
		{"filters not divisible", NewConv2D(5, []int{2}, With("groups", 2)), tensor.Shape{-1, 8, 8, 4},
			"the number of filters must be evenly divisible by the number of groups. Received: groups=2, filters=5"},
		{"filters", NewConv1D(0, []int{1}), tensor.Shape{-1, 8, 4},
			"Conv1D: invalid value for argument `filters`. Expected a strictly positive value. Received filters=0"},
		{"zero kernel", NewConv2D(2, []int{1, 0}), tensor.Shape{-1, 8, 8, 4}, "`kernel_size` argument must be a tuple of 2 integers"},
		{"strides and dilation", NewConv2D(2, []int{2}, With("strides", 2), With("dilation_rate", []int{2, 1})), tensor.Shape{-1, 8, 8, 4},
			"`strides > 1` not supported in conjunction with `dilation_rate > 1`. Received: strides=(2, 2) and dilation_rate=(2, 1)"},
		{"causal on 2d", NewConv2D(2, []int{2}, With("padding", "causal")), tensor.Shape{-1, 8, 8, 4},
			"the `padding` argument must be a list/tuple or one of {'valid', 'same'}. Received: causal"},
		{"output padding", NewConv2DTranspose(2, []int{3}, With("strides", 2), With("output_padding", 2)), tensor.Shape{-1, 8, 8, 4},
			"`output_padding` must be strictly less than `strides`"},
		{"unknown channels", NewDepthwiseConv2D([]int{3}), tensor.Shape{-1, 8, 8, -1}, "channel dimension of the inputs should be defined"},
		{"depth multiplier", NewSeparableConv2D(2, []int{3}, With("depth_multiplier", 0)), tensor.Shape{-1, 8, 8, 4}, "depth_multiplier=0"},
		{"unknown option", NewConv2D(2, []int{3}, With("filter", 3)), tensor.Shape{-1, 8, 8, 4},
			"unrecognized keyword arguments passed to Conv2D: filter"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := EnsureBuilt(c.layer, []tensor.Shape{c.shape})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want it to mention %q", err, c.want)
			}
		})
	}
	l := NewConv2D(4, []int{3})
	if _, err := CallLayer(&Context{}, l, []*tensor.Tensor{tensor.Zeros(1, 5, 5, 2)}); err != nil {
		t.Fatal(err)
	}
	_, err := CallLayer(&Context{}, l, []*tensor.Tensor{tensor.Zeros(1, 5, 5, 3)})
	if err == nil || !strings.Contains(err.Error(), "expected axis -1 of input shape to have value 2, but received input with shape (1, 5, 5, 3)") {
		t.Fatalf("error %v", err)
	}
}
