package ops_test

import (
	"fmt"

	"github.com/gokeras/keras/ops"
	"github.com/gokeras/keras/tensor"
)

func ExampleEinsum() {
	a, _ := tensor.FromFloat32([]float32{1, 2, 3, 4, 5, 6}, 2, 3)
	b, _ := tensor.FromFloat32([]float32{1, 0, 0, 1, 1, 1}, 3, 2)
	c, err := ops.Einsum("ij,jk->ik", a, b)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.Shape(), c.Float32s())
	t, _ := ops.Einsum("ij->ji", a)
	fmt.Println(t.Shape(), t.Float32s())
	_, err = ops.Einsum("ij,jk->ik", a, a)
	fmt.Println(err)
	// Output:
	// (2, 2) [4 5 10 11]
	// (3, 2) [1 4 2 5 3 6]
	// ops.einsum: equation "ij,jk->ik" with operand shapes [(2, 3) (2, 3)]: letter "j" has size 3 in one operand and 2 in operand 1
}
