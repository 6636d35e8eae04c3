package layers_test

import (
	"fmt"

	"github.com/gokeras/keras/layers"
	"github.com/gokeras/keras/tensor"
)

func ExampleNewConv2D() {
	// A 2x2 kernel of ones sums each 2x2 window (bias starts at zero).
	x, _ := tensor.FromFloat32([]float32{
		1, 2, 3,
		4, 5, 6,
		7, 8, 9,
	}, 1, 3, 3, 1)
	conv := layers.NewConv2D(1, []int{2}, layers.WithKernelInitializer("ones"))
	y, _ := layers.CallLayer(&layers.Context{}, conv, []*tensor.Tensor{x})
	fmt.Println(y[0].Shape(), y[0].Float32s(), layers.CountParams(conv))
	// Output: (1, 2, 2, 1) [12 16 24 28] 5
}

func ExampleNewConv1D() {
	// Causal padding: output t sees inputs t-1 and t only.
	x, _ := tensor.FromFloat32([]float32{1, 2, 3, 4}, 1, 4, 1)
	conv := layers.NewConv1D(1, []int{2}, layers.With("padding", "causal"), layers.WithKernelInitializer("ones"))
	y, _ := layers.CallLayer(&layers.Context{}, conv, []*tensor.Tensor{x})
	fmt.Println(y[0].Float32s())
	// Output: [1 3 5 7]
}

func ExampleNewConv2DTranspose() {
	// Stride 2 with a 2x2 kernel of ones copies each input to a 2x2 block.
	x, _ := tensor.FromFloat32([]float32{1, 2, 3, 4}, 1, 2, 2, 1)
	up := layers.NewConv2DTranspose(1, []int{2}, layers.With("strides", 2), layers.WithKernelInitializer("ones"))
	y, _ := layers.CallLayer(&layers.Context{}, up, []*tensor.Tensor{x})
	fmt.Println(y[0].Shape(), y[0].Float32s())
	// Output: (1, 4, 4, 1) [1 1 2 2 1 1 2 2 3 3 4 4 3 3 4 4]
}

func ExampleNewDepthwiseConv2D() {
	// Each of the 2 channels gets its own 3 filters: 3*3*2*3 kernel values
	// plus 6 biases.
	dw := layers.NewDepthwiseConv2D([]int{3}, layers.With("depth_multiplier", 3), layers.With("padding", "same"))
	kt := layers.Input([]int{8, 8, 2})
	fmt.Println(dw.Apply(kt).Shape(), layers.CountParams(dw))
	// Output: (None, 8, 8, 6) 60
}

func ExampleNewSeparableConv2D() {
	// depthwise 3*3*32 + pointwise 32*64 + bias 64.
	sep := layers.NewSeparableConv2D(64, []int{3}, layers.WithActivation("relu"))
	kt := layers.Input([]int{13, 13, 32})
	fmt.Println(sep.Apply(kt).Shape(), layers.CountParams(sep))
	// Output: (None, 11, 11, 64) 2400
}

func ExampleNewConv3D() {
	conv := layers.NewConv3D(8, []int{3}, layers.With("strides", 2), layers.With("padding", "same"))
	fmt.Println(conv.Apply(layers.Input([]int{16, 16, 16, 1})).Shape())
	// Output: (None, 8, 8, 8, 8)
}

func ExampleNewConv1DTranspose() {
	// "valid": (10-1)*2 + 3 = 21 steps.
	up := layers.NewConv1DTranspose(4, []int{3}, layers.With("strides", 2))
	fmt.Println(up.Apply(layers.Input([]int{10, 6})).Shape())
	// Output: (None, 21, 4)
}

func ExampleNewConv3DTranspose() {
	up := layers.NewConv3DTranspose(2, []int{2}, layers.With("strides", 2), layers.With("data_format", "channels_first"))
	fmt.Println(up.Apply(layers.Input([]int{3, 4, 4, 4})).Shape())
	// Output: (None, 2, 8, 8, 8)
}

func ExampleNewDepthwiseConv1D() {
	dw := layers.NewDepthwiseConv1D([]int{5}, layers.With("depth_multiplier", 2))
	fmt.Println(dw.Apply(layers.Input([]int{20, 3})).Shape(), layers.CountParams(dw))
	// Output: (None, 16, 6) 36
}

func ExampleNewSeparableConv1D() {
	sep := layers.NewSeparableConv1D(8, []int{3}, layers.With("padding", "same"))
	fmt.Println(sep.Apply(layers.Input([]int{20, 4})).Shape(), layers.CountParams(sep))
	// Output: (None, 20, 8) 52
}
