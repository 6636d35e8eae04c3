package activations_test

import (
	"fmt"

	"github.com/gokeras/keras/activations"
	"github.com/gokeras/keras/tensor"
)

func ExampleGet() {
	relu, _ := activations.Get("relu")
	x, _ := tensor.FromFloat32([]float32{-1, 0, 2}, 3)
	y, _ := relu.Call(x)
	fmt.Println(y.Float32s())
	// Output: [0 0 2]
}

func ExampleRelu() {
	x, _ := tensor.FromFloat32([]float32{-10, -5, 0, 5, 10}, 5)
	capped := activations.Relu(0, 5, 0) // max_value=5
	y, _ := capped.Call(x)
	fmt.Println(y.Float32s(), activations.Serialize(capped))
	// Output: [0 0 0 5 5] map[class_name:relu config:map[max_value:5]]
}

func ExampleSerialize() {
	a, _ := activations.Get("swish")
	fmt.Println(activations.Serialize(a))
	fmt.Println(activations.Serialize(activations.Softmax(-1)))
	// Output:
	// silu
	// softmax
}

func ExampleLegacy() {
	// A Keras 2 file's "hard_sigmoid" is clip(0.2x+0.5, 0, 1).
	old, _ := activations.Legacy("hard_sigmoid")
	cur, _ := activations.Get("hard_sigmoid")
	x, _ := tensor.FromFloat32([]float32{1.5}, 1)
	a, _ := old.Call(x)
	b, _ := cur.Call(x)
	fmt.Printf("%.2f %.2f\n", a.Float32s()[0], b.Float32s()[0])
	// Output: 0.80 0.75
}

func ExampleSoftmax() {
	x, _ := tensor.FromFloat32([]float32{0, 0, 0, 0}, 2, 2)
	y, _ := activations.Softmax(-1).Call(x)
	fmt.Println(y.Float32s())
	// Output: [0.5 0.5 0.5 0.5]
}
