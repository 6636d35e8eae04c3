package layers_test

import (
	"fmt"

	"github.com/gokeras/keras/layers"
	"github.com/gokeras/keras/tensor"
)

func ExampleMaxPooling2D() {
	x, _ := tensor.FromFloat32([]float32{
		1, 2, 3, 4,
		5, 6, 7, 8,
		9, 10, 11, 12,
		13, 14, 15, 16,
	}, 1, 4, 4, 1)
	y, _ := layers.CallLayer(&layers.Context{}, layers.NewMaxPooling2D(), []*tensor.Tensor{x})
	fmt.Println(y[0].Shape(), y[0].Float32s())
	// Output: (1, 2, 2, 1) [6 8 14 16]
}

func ExampleAveragePooling1D() {
	// With "same" padding the mean leaves the padding out, as TensorFlow does.
	x, _ := tensor.FromFloat32([]float32{1, 2, 3, 4, 5}, 1, 5, 1)
	l := layers.NewAveragePooling1D(layers.With("pool_size", 2), layers.With("padding", "same"))
	y, _ := layers.CallLayer(&layers.Context{}, l, []*tensor.Tensor{x})
	fmt.Println(y[0].Float32s())
	// Output: [1.5 3.5 5]
}

func ExampleGlobalAveragePooling2D() {
	x, _ := tensor.FromFloat32([]float32{1, 10, 2, 20, 3, 30, 4, 40}, 1, 2, 2, 2)
	y, _ := layers.CallLayer(&layers.Context{}, layers.NewGlobalAveragePooling2D(), []*tensor.Tensor{x})
	fmt.Println(y[0].Shape(), y[0].Float32s())
	// Output: (1, 2) [2.5 25]
}

func ExampleBatchNormalization() {
	bn := layers.NewBatchNormalization(layers.With("momentum", 0.5))
	x, _ := tensor.FromFloat32([]float32{1, 3}, 2, 1)
	ctx := &layers.Context{Training: true}
	y, _ := layers.CallLayer(ctx, bn, []*tensor.Tensor{x})
	fmt.Printf("y=%.3f moving_mean=%v moving_variance=%v updates=%d\n",
		y[0].Float32s(), bn.MovingMean.Value().Float32s(), bn.MovingVar.Value().Float32s(), len(ctx.Updates))
	// Output: y=[-1.000 1.000] moving_mean=[1] moving_variance=[1] updates=1
}

func ExampleLayerNormalization() {
	x, _ := tensor.FromFloat32([]float32{1, 2, 3, 4}, 1, 4)
	y, _ := layers.CallLayer(&layers.Context{}, layers.NewLayerNormalization(layers.With("epsilon", 0.0)), []*tensor.Tensor{x})
	fmt.Printf("%.4f\n", y[0].Float32s())
	// Output: [-1.3416 -0.4472 0.4472 1.3416]
}

func ExampleGroupNormalization() {
	x, _ := tensor.FromFloat32([]float32{1, 3, 10, 30}, 1, 4)
	l := layers.NewGroupNormalization(layers.With("groups", 2), layers.With("epsilon", 0.0))
	y, _ := layers.CallLayer(&layers.Context{}, l, []*tensor.Tensor{x})
	fmt.Println(y[0].Float32s())
	// Output: [-1 1 -1 1]
}

func ExampleRMSNormalization() {
	x, _ := tensor.FromFloat32([]float32{3, 4}, 1, 2)
	y, _ := layers.CallLayer(&layers.Context{}, layers.NewRMSNormalization(layers.With("epsilon", 0.0)), []*tensor.Tensor{x})
	fmt.Printf("%.4f\n", y[0].Float32s())
	// Output: [0.8485 1.1314]
}

func ExampleUnitNormalization() {
	x, _ := tensor.FromFloat32([]float32{3, 4}, 1, 2)
	y, _ := layers.CallLayer(&layers.Context{}, layers.NewUnitNormalization(), []*tensor.Tensor{x})
	fmt.Println(y[0].Float32s())
	// Output: [0.6 0.8]
}

func ExampleGaussianNoise() {
	// Noise layers are the identity outside training.
	x, _ := tensor.FromFloat32([]float32{1, 2}, 1, 2)
	for _, l := range []layers.Layer{layers.NewGaussianNoise(0.1), layers.NewGaussianDropout(0.3),
		layers.NewAlphaDropout(0.2), layers.NewSpatialDropout1D(0.5)} {
		in := x
		if l.Base().ClassName() == "SpatialDropout1D" {
			in, _ = x.View(1, 1, 2)
		}
		y, _ := layers.CallLayer(&layers.Context{}, l, []*tensor.Tensor{in})
		fmt.Println(l.Base().ClassName(), y[0].Float32s())
	}
	// Output:
	// GaussianNoise [1 2]
	// GaussianDropout [1 2]
	// AlphaDropout [1 2]
	// SpatialDropout1D [1 2]
}

func ExampleActivityRegularization() {
	x, _ := tensor.FromFloat32([]float32{1, -2, 3, -4}, 2, 2)
	ctx := &layers.Context{}
	layers.CallLayer(ctx, layers.NewActivityRegularization(layers.With("l1", 0.1)), []*tensor.Tensor{x})
	fmt.Printf("%.2f\n", ctx.Losses[0].Item()) // 0.1 * 10 / batch size 2
	// Output: 0.50
}

func ExamplePermute() {
	x := tensor.Zeros(8, 2, 3)
	y, _ := layers.CallLayer(&layers.Context{}, layers.NewPermute([]int{2, 1}), []*tensor.Tensor{x})
	fmt.Println(y[0].Shape())
	// Output: (8, 3, 2)
}

func ExampleRepeatVector() {
	x, _ := tensor.FromFloat32([]float32{1, 2}, 1, 2)
	y, _ := layers.CallLayer(&layers.Context{}, layers.NewRepeatVector(3), []*tensor.Tensor{x})
	fmt.Println(y[0].Shape(), y[0].Float32s())
	// Output: (1, 3, 2) [1 2 1 2 1 2]
}

func ExampleCropping2D() {
	x := tensor.Zeros(1, 6, 5, 3)
	l := layers.NewCropping2D(layers.With("cropping", [][2]int{{2, 1}, {0, 2}}))
	y, _ := layers.CallLayer(&layers.Context{}, l, []*tensor.Tensor{x})
	fmt.Println(y[0].Shape())
	// Output: (1, 3, 3, 3)
}

func ExampleZeroPadding1D() {
	x, _ := tensor.FromFloat32([]float32{1, 2}, 1, 2, 1)
	y, _ := layers.CallLayer(&layers.Context{}, layers.NewZeroPadding1D(), []*tensor.Tensor{x})
	fmt.Println(y[0].Float32s())
	// Output: [0 1 2 0]
}

func ExampleUpSampling2D() {
	x, _ := tensor.FromFloat32([]float32{1, 2}, 1, 1, 2, 1)
	nearest, _ := layers.CallLayer(&layers.Context{}, layers.NewUpSampling2D(layers.With("size", []int{1, 2})), []*tensor.Tensor{x})
	bilinear, _ := layers.CallLayer(&layers.Context{},
		layers.NewUpSampling2D(layers.With("size", []int{1, 2}), layers.With("interpolation", "bilinear")), []*tensor.Tensor{x})
	fmt.Println(nearest[0].Float32s(), bilinear[0].Float32s())
	// Output: [1 1 2 2] [1 1.25 1.75 2]
}

func ExampleAdd() {
	a := layers.NewKerasTensor(tensor.Shape{-1, 4, 5}, tensor.Float32)
	b := layers.NewKerasTensor(tensor.Shape{-1, 1, 5}, tensor.Float32)
	fmt.Println(layers.NewAdd().Apply(a, b))
	c := layers.NewKerasTensor(tensor.Shape{-1, 4, 6}, tensor.Float32)
	fmt.Println(layers.NewAdd(layers.WithName("sum")).Apply(a, c).Err())
	// Output:
	// <KerasTensor shape=(None, 4, 5), dtype=float32>
	// layer "sum" (Add): inputs have incompatible shapes. Received shapes (4, 5) and (4, 6)
}

func ExampleConcatenate() {
	a, _ := tensor.FromFloat32([]float32{1, 2}, 1, 2)
	b, _ := tensor.FromFloat32([]float32{3}, 1, 1)
	y, _ := layers.CallLayer(&layers.Context{}, layers.NewConcatenate(), []*tensor.Tensor{a, b})
	fmt.Println(y[0].Float32s())
	// Output: [1 2 3]
}

func ExampleDot() {
	a, _ := tensor.FromFloat32([]float32{1, 2, 3, 4}, 2, 2)
	b, _ := tensor.FromFloat32([]float32{5, 6, 7, 8}, 2, 2)
	y, _ := layers.CallLayer(&layers.Context{}, layers.NewDot([]int{1}), []*tensor.Tensor{a, b})
	fmt.Println(y[0].Shape(), y[0].Float32s())
	// Output: (2, 1) [17 53]
}
