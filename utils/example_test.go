package utils_test

import (
	"bytes"
	"fmt"

	"github.com/gokeras/keras/tensor"
	"github.com/gokeras/keras/utils"
)

func ExampleToCategorical() {
	y, _ := tensor.FromInt32([]int32{0, 2, 1}, 3)
	onehot, err := utils.ToCategorical(y, 0) // 0: infer max(y)+1 classes
	if err != nil {
		panic(err)
	}
	fmt.Println(onehot.Shape(), onehot.Float32s())
	// Output: (3, 3) [1 0 0 0 0 1 0 1 0]
}

func ExampleNormalize() {
	x, _ := tensor.FromFloat32([]float32{3, 4, 0, 0}, 2, 2)
	n, err := utils.Normalize(x, -1, 2) // Keras defaults: axis=-1, order=2
	if err != nil {
		panic(err)
	}
	fmt.Println(n.Float32s())
	// Output: [0.6 0.8 0 0]
}

func ExampleWriteNPY() {
	x, _ := tensor.FromInt32([]int32{1, 2, 3, 4, 5, 6}, 2, 3)
	var buf bytes.Buffer
	if err := utils.WriteNPY(&buf, x); err != nil {
		panic(err)
	}
	y, err := utils.ReadNPY(&buf)
	if err != nil {
		panic(err)
	}
	fmt.Println(y.DType(), y.Shape(), y.Int32s())
	// Output: int32 (2, 3) [1 2 3 4 5 6]
}
