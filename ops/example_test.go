package ops_test

import (
	"fmt"

	"github.com/gokeras/keras/ops"
	"github.com/gokeras/keras/tensor"
)

func ExampleConcatenate() {
	a, _ := tensor.FromFloat32([]float32{1, 2, 3, 4}, 2, 2)
	b, _ := tensor.FromFloat32([]float32{5, 6}, 2, 1)
	c, err := ops.Concatenate([]*tensor.Tensor{a, b}, 1)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.Shape(), c.Float32s())
	_, err = ops.Concatenate([]*tensor.Tensor{a, b}, 0)
	fmt.Println(err)
	// Output:
	// (2, 3) [1 2 5 3 4 6]
	// ops.concatenate: shapes (2, 2) and (2, 1) differ on axis 1; all dimensions except the concatenation axis 0 must match
}

func ExampleTake() {
	emb, _ := tensor.FromFloat32([]float32{0, 0, 1, 1, 2, 2}, 3, 2)
	ids, _ := tensor.FromInt32([]int32{2, 0}, 2)
	rows, _ := ops.Take(emb, ids, 0)
	fmt.Println(rows.Shape(), rows.Float32s())
	bad, _ := tensor.FromInt32([]int32{3}, 1)
	_, err := ops.Take(emb, bad, 0)
	fmt.Println(err)
	// Output:
	// (2, 2) [2 2 0 0]
	// ops.take: index 3 is out of bounds for axis 0 with size 3
}

func ExampleSoftmax() {
	x, _ := tensor.FromFloat32([]float32{0, 0, 1000, 1000}, 2, 2)
	y, _ := ops.Softmax(x, -1)
	fmt.Println(y.Float32s())
	// Output: [0.5 0.5 0.5 0.5]
}

func ExampleTopK() {
	x, _ := tensor.FromFloat32([]float32{3, 1, 4, 1, 5, 9}, 6)
	v, i, _ := ops.TopK(x, 2)
	fmt.Println(v.Float32s(), i.Int32s())
	// Output: [9 5] [5 4]
}

func ExampleOneHot() {
	labels, _ := tensor.FromInt32([]int32{2, 0, 5}, 3)
	y, _ := ops.OneHot(labels, 3)
	fmt.Println(y.Shape(), y.Float32s())
	// Output: (3, 3) [0 0 1 1 0 0 0 0 0]
}

func ExampleWhere() {
	x, _ := tensor.FromFloat32([]float32{-1, 2, -3}, 3)
	pos, _ := ops.Greater(x, ops.Const(0))
	y, _ := ops.Where(pos, x, ops.Const(0))
	fmt.Println(y.Float32s())
	// Output: [0 2 0]
}

func ExampleTranspose() {
	x, _ := tensor.FromFloat32([]float32{1, 2, 3, 4, 5, 6}, 2, 3)
	y, _ := ops.Transpose(x, nil)
	fmt.Println(y.Shape(), y.Float32s())
	// Output: (3, 2) [1 4 2 5 3 6]
}

func ExamplePad() {
	x, _ := tensor.FromFloat32([]float32{1, 2}, 1, 2)
	y, _ := ops.Pad(x, [][2]int{{0, 0}, {1, 2}}, 0)
	fmt.Println(y.Shape(), y.Float32s())
	// Output: (1, 5) [0 1 2 0 0]
}

func ExampleArgmax() {
	x, _ := tensor.FromFloat32([]float32{1, 7, 7, 4, 0, 2}, 2, 3)
	i, _ := ops.Argmax(x, -1)
	fmt.Println(i.DType(), i.Int32s())
	// Output: int32 [1 0]
}

func ExampleLogSumExp() {
	x, _ := tensor.FromFloat32([]float32{1000, 1000}, 2)
	y, _ := ops.LogSumExp(x, nil, false)
	fmt.Printf("%.3f\n", y.Item())
	// Output: 1000.693
}

func ExampleStack() {
	a, _ := tensor.FromFloat32([]float32{1, 2}, 2)
	b, _ := tensor.FromFloat32([]float32{3, 4}, 2)
	s, _ := ops.Stack([]*tensor.Tensor{a, b}, 1)
	fmt.Println(s.Shape(), s.Float32s())
	// Output: (2, 2) [1 3 2 4]
}

func ExampleArange() {
	x, _ := ops.Arange(0, 1, 0.25)
	e, _ := ops.Eye(2, 0)
	fmt.Println(x.Float32s(), e.Float32s())
	// Output: [0 0.25 0.5 0.75] [1 0 0 1]
}

func ExampleClip() {
	x, _ := tensor.FromFloat32([]float32{-2, 0.5, 3}, 3)
	y, _ := ops.Clip(x, 0, 1)
	fmt.Println(y.Float32s())
	// Output: [0 0.5 1]
}
