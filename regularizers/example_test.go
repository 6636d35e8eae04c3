package regularizers_test

import (
	"fmt"

	"github.com/gokeras/keras/regularizers"
	"github.com/gokeras/keras/tensor"
)

func ExampleGet() {
	r, _ := regularizers.Get("l2") // L2 with Keras's default 0.01
	w, _ := tensor.FromFloat32([]float32{1, -2, 3}, 3)
	p, _ := r.Call(w)
	fmt.Printf("%s %.2f\n", r.ClassName(), p.Item())
	// Output: L2 0.14
}

func ExampleNewL1L2() {
	r, _ := regularizers.NewL1L2(0.1, 0.5)
	w, _ := tensor.FromFloat32([]float32{1, -2}, 2)
	p, _ := r.Call(w) // 0.1*3 + 0.5*5
	fmt.Printf("%.1f\n", p.Item())
	// Output: 2.8
}

func ExampleNewOrthogonalRegularizer() {
	r, _ := regularizers.NewOrthogonalRegularizer(0.01, "rows")
	// Orthogonal rows: no penalty.
	w, _ := tensor.FromFloat32([]float32{1, 0, 0, 2}, 2, 2)
	p, _ := r.Call(w)
	fmt.Println(p.Item())
	// Output: 0
}

func ExampleSerialize() {
	r, _ := regularizers.NewL1(0.05)
	fmt.Println(regularizers.Serialize(r))
	// Output: map[class_name:L1 config:map[l1:0.05] module:keras.regularizers registered_name:<nil>]
}
