package layers_test

import (
	"fmt"

	"github.com/gokeras/keras/layers"
	"github.com/gokeras/keras/tensor"
)

func ExampleRescaling() {
	x, _ := tensor.FromUint8([]uint8{0, 51, 255}, 1, 3)
	y, _ := layers.CallLayer(&layers.Context{}, layers.NewRescaling(1.0/255), []*tensor.Tensor{x})
	fmt.Printf("%.2f\n", y[0].Float32s())
	// Output: [0.00 0.20 1.00]
}

func ExampleResizing() {
	// A 2x2 image upsampled to 4x4 with half-pixel bilinear weights, as
	// tf.image.resize.
	x, _ := tensor.FromFloat32([]float32{0, 4, 8, 12}, 1, 2, 2, 1)
	y, _ := layers.CallLayer(&layers.Context{}, layers.NewResizing(4, 4), []*tensor.Tensor{x})
	fmt.Println(y[0].Shape(), y[0].Float32s()[:4])
	// Output: (1, 4, 4, 1) [0 1 3 4]
}

func ExampleCenterCrop() {
	x, _ := tensor.FromFloat32([]float32{
		1, 2, 3, 4,
		5, 6, 7, 8,
		9, 10, 11, 12,
	}, 1, 3, 4, 1)
	y, _ := layers.CallLayer(&layers.Context{}, layers.NewCenterCrop(1, 2), []*tensor.Tensor{x})
	fmt.Println(y[0].Float32s())
	// Output: [6 7]
}

func ExampleRandomFlip() {
	// Random layers only act in training; in inference they return their input.
	x, _ := tensor.FromFloat32([]float32{1, 2, 3}, 1, 1, 3, 1)
	flip := layers.NewRandomFlip(layers.With("mode", "horizontal"), layers.With("seed", 1))
	y, _ := layers.CallLayer(&layers.Context{Training: false}, flip, []*tensor.Tensor{x})
	fmt.Println(y[0].Float32s())
	// Output: [1 2 3]
}

func ExampleRandomRotation() {
	// factor [0.25, 0.25] always turns a quarter (counter-clockwise).
	x, _ := tensor.FromFloat32([]float32{1, 2, 3, 4}, 1, 2, 2, 1)
	rot := layers.NewRandomRotation([]float64{0.25, 0.25}, layers.With("interpolation", "nearest"))
	y, _ := layers.CallLayer(&layers.Context{Training: true}, rot, []*tensor.Tensor{x})
	fmt.Println(y[0].Float32s())
	// Output: [2 4 1 3]
}

func ExampleRandomTranslation() {
	// Shift down by half the height, filling with zeros.
	x, _ := tensor.FromFloat32([]float32{1, 2, 3, 4}, 1, 4, 1, 1)
	tr := layers.NewRandomTranslation([]float64{0.5, 0.5}, 0.0, layers.With("fill_mode", "constant"))
	y, _ := layers.CallLayer(&layers.Context{Training: true}, tr, []*tensor.Tensor{x})
	fmt.Println(y[0].Float32s())
	// Output: [0 0 1 2]
}

func ExampleRandomZoom() {
	// height_factor 1 shows twice the image: zoomed out, edges filled.
	x, _ := tensor.FromFloat32([]float32{1, 2, 3}, 1, 3, 1, 1)
	z := layers.NewRandomZoom([]float64{1, 1}, layers.With("fill_mode", "constant"))
	y, _ := layers.CallLayer(&layers.Context{Training: true}, z, []*tensor.Tensor{x})
	fmt.Println(y[0].Float32s())
	// Output: [0 2 0]
}

func ExampleRandomCrop() {
	x, _ := tensor.FromFloat32(make([]float32, 2*8*8*3), 2, 8, 8, 3)
	crop := layers.NewRandomCrop(5, 5, layers.With("seed", 1))
	y, _ := layers.CallLayer(&layers.Context{Training: true}, crop, []*tensor.Tensor{x})
	fmt.Println(y[0].Shape())
	// Output: (2, 5, 5, 3)
}

func ExampleRandomContrast() {
	// factor [-0.5, 0.5] fixes the contrast factor at 1.5.
	x, _ := tensor.FromFloat32([]float32{100, 200}, 1, 1, 2, 1)
	c := layers.NewRandomContrast([]float64{-0.5, 0.5})
	y, _ := layers.CallLayer(&layers.Context{Training: true}, c, []*tensor.Tensor{x})
	fmt.Println(y[0].Float32s())
	// Output: [75 225]
}

func ExampleRandomBrightness() {
	x, _ := tensor.FromFloat32([]float32{0.2, 0.95}, 1, 1, 2, 1)
	b := layers.NewRandomBrightness([]float64{0.1, 0.1}, layers.With("value_range", []float64{0, 1}))
	y, _ := layers.CallLayer(&layers.Context{Training: true}, b, []*tensor.Tensor{x})
	fmt.Printf("%.2f\n", y[0].Float32s())
	// Output: [0.30 1.00]
}
