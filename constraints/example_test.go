package constraints_test

import (
	"fmt"

	"github.com/gokeras/keras/constraints"
	"github.com/gokeras/keras/tensor"
)

func ExampleNewMaxNorm() {
	// Column 0 has norm 5 and is scaled to norm 2; column 1 (norm 1) stays.
	w, _ := tensor.FromFloat32([]float32{3, 1, 4, 0}, 2, 2)
	constraints.NewMaxNorm(2).Constrain(w)
	fmt.Printf("%.3f\n", w.Float32s())
	// Output: [1.200 1.000 1.600 0.000]
}

func ExampleGet() {
	c, _ := constraints.Get("non_neg")
	w, _ := tensor.FromFloat32([]float32{-1, 2}, 2)
	c.Constrain(w)
	fmt.Println(c.ClassName(), w.Float32s())
	// Output: NonNeg [0 2]
}

func ExampleNewUnitNorm() {
	w, _ := tensor.FromFloat32([]float32{3, 4}, 1, 2)
	constraints.NewUnitNorm(-1).Constrain(w)
	fmt.Printf("%.3f\n", w.Float32s())
	// Output: [0.600 0.800]
}

func ExampleSerialize() {
	fmt.Println(constraints.Serialize(constraints.NewMinMaxNorm(0, 1, 1)))
	// Output: map[class_name:MinMaxNorm config:map[axis:0 max_value:1 min_value:0 rate:1] module:keras.constraints registered_name:<nil>]
}
