package ops_test

import (
	"fmt"

	"github.com/gokeras/keras/ops"
	"github.com/gokeras/keras/tensor"
)

func ExampleRelu() {
	x, _ := tensor.FromFloat32([]float32{-10, -5, 0, 5, 10}, 5)
	y, _ := ops.Relu(x)
	fmt.Println(y.Float32s())
	// Output: [0 0 0 5 10]
}

func ExampleGelu() {
	x, _ := tensor.FromFloat32([]float32{-1, 0, 1}, 3)
	exact, _ := ops.Gelu(x, false)
	approx, _ := ops.Gelu(x, true)
	fmt.Printf("%.4f\n%.4f\n", exact.Float32s(), approx.Float32s())
	// Output:
	// [-0.1587 0.0000 0.8413]
	// [-0.1588 0.0000 0.8412]
}

func ExampleHardSigmoid() {
	x, _ := tensor.FromFloat32([]float32{-4, -1.5, 0, 1.5, 4}, 5)
	y, _ := ops.HardSigmoid(x)
	fmt.Println(y.Float32s())
	// Output: [0 0.25 0.5 0.75 1]
}

func ExampleLeakyRelu() {
	x, _ := tensor.FromFloat32([]float32{-10, 5}, 2)
	y, _ := ops.LeakyRelu(x, 0.2)
	fmt.Println(y.Float32s())
	// Output: [-2 5]
}

func ExampleGlu() {
	// Halves [1, 2] and [0, 0]: [1, 2] * sigmoid(0).
	x, _ := tensor.FromFloat32([]float32{1, 2, 0, 0}, 1, 4)
	y, _ := ops.Glu(x, -1)
	fmt.Println(y.Shape(), y.Float32s())
	// Output: (1, 2) [0.5 1]
}

func ExampleSparsemax() {
	x, _ := tensor.FromFloat32([]float32{-0.5, 0, 1, 2, 3}, 5)
	y, _ := ops.Sparsemax(x, -1)
	fmt.Println(y.Float32s())
	// Output: [0 0 0 0 1]
}
