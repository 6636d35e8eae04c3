package initializers_test

import (
	"fmt"

	"github.com/gokeras/keras/initializers"
	"github.com/gokeras/keras/tensor"
)

func ExampleGet() {
	init, _ := initializers.Get("glorot_uniform")
	w, _ := init.Call(tensor.Shape{784, 128})
	fmt.Println(init.ClassName(), w.Shape())
	// Output: GlorotUniform (784, 128)
}

func ExampleComputeFans() {
	// A Conv2D kernel: 3x3 window, 16 input and 32 output channels.
	fanIn, fanOut := initializers.ComputeFans(tensor.Shape{3, 3, 16, 32}, nil, nil)
	fmt.Println(fanIn, fanOut)
	// Output: 144 288
}

func ExampleSerialize() {
	init := initializers.NewRandomNormal(0, 0.05, 42)
	fmt.Println(initializers.Serialize(init))
	// Output: map[class_name:RandomNormal config:map[mean:0 seed:42 stddev:0.05] module:keras.initializers registered_name:<nil>]
}

func ExampleIdentity() {
	w, _ := initializers.Identity{Gain: 2}.Call(tensor.Shape{2, 2})
	fmt.Println(w.Float32s())
	// Output: [2 0 0 2]
}

func ExampleNewOrthogonal() {
	w, _ := initializers.NewOrthogonal(1, 7).Call(tensor.Shape{3, 3})
	d := w.Float32s()
	// Columns are orthonormal: column 0 has unit norm.
	fmt.Printf("%.4f\n", d[0]*d[0]+d[3]*d[3]+d[6]*d[6])
	// Output: 1.0000
}
