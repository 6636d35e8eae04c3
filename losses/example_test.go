package losses_test

import (
	"fmt"

	"github.com/gokeras/keras/losses"
	"github.com/gokeras/keras/tensor"
)

func ExampleNewSparseCategoricalCrossentropy() {
	loss, err := losses.NewSparseCategoricalCrossentropy(losses.FromLogits(true))
	if err != nil {
		panic(err)
	}
	labels, _ := tensor.FromInt32([]int32{1, 2}, 2)
	logits, _ := tensor.FromFloat32([]float32{2, 5, 1, 0, 1, 4}, 2, 3)
	v, err := loss.Call(labels, logits, nil)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%s %.4f\n", loss.Name(), v.Item())
	// Output: sparse_categorical_crossentropy 0.0659
}

func ExampleGet() {
	loss, err := losses.Get("mse")
	if err != nil {
		panic(err)
	}
	yTrue, _ := tensor.FromFloat32([]float32{0, 1, 1, 1}, 2, 2)
	yPred, _ := tensor.FromFloat32([]float32{1, 1, 1, 0}, 2, 2)
	v, _ := loss.Call(yTrue, yPred, nil)
	fmt.Println(loss.ClassName(), loss.Name(), v.Item())
	// Output: MeanSquaredError mean_squared_error 0.5
}

func ExampleFromConfig() {
	loss, err := losses.FromConfig("CategoricalCrossentropy", map[string]any{"from_logits": true, "label_smoothing": 0.1})
	if err != nil {
		panic(err)
	}
	fmt.Println(loss.GetConfig())
	// Output: map[axis:-1 from_logits:true label_smoothing:0.1 name:categorical_crossentropy reduction:sum_over_batch_size]
}

func ExampleReduction() {
	loss, _ := losses.NewMeanAbsoluteError(losses.Reduction("none"))
	yTrue, _ := tensor.FromFloat32([]float32{0, 0, 1, 1}, 2, 2)
	yPred, _ := tensor.FromFloat32([]float32{1, 1, 1, 0}, 2, 2)
	weights, _ := tensor.FromFloat32([]float32{1, 0.5}, 2)
	v, _ := loss.Call(yTrue, yPred, weights)
	fmt.Println(v.Float32s())
	// Output: [1 0.25]
}

func ExampleSparseCategoricalCrossentropyFn() {
	labels, _ := tensor.FromInt64([]int64{1, 255}, 2)
	probs, _ := tensor.FromFloat32([]float32{0.05, 0.95, 0, 0.1, 0.8, 0.1}, 2, 3)
	ignore := 255
	v, _ := losses.SparseCategoricalCrossentropyFn(labels, probs, false, &ignore, -1)
	fmt.Printf("%.4f %.4f\n", v.At(0), v.At(1))
	// Output: 0.0513 0.0000
}

func ExampleLogits() {
	z, _ := tensor.FromFloat32([]float32{1, 2}, 1, 2)
	// Not produced by a softmax op: no logits to fuse.
	fmt.Println(losses.Logits(z) == nil)
	// Output: true
}
