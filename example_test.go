package keras_test

import (
	"fmt"
	"os"

	"github.com/gokeras/keras"
	"github.com/gokeras/keras/layers"
	"github.com/gokeras/keras/tensor"
	"github.com/gokeras/keras/utils"
)

// The model of the Keras documentation's first example, and its summary.
func ExampleSequential_Summary() {
	keras.ClearSession()
	model, err := keras.NewSequential(
		layers.NewFlatten(layers.WithInputShape(28, 28)),
		layers.NewDense(128, layers.WithActivation("relu")),
		layers.NewDense(10, layers.WithActivation("softmax")),
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	os.Setenv("COLUMNS", "80")
	model.Summary(os.Stdout)
	// Output:
	// Model: "sequential"
	// ┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓
	// ┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃
	// ┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩
	// │ flatten (Flatten)               │ (None, 784)            │             0 │
	// ├─────────────────────────────────┼────────────────────────┼───────────────┤
	// │ dense (Dense)                   │ (None, 128)            │       100,480 │
	// ├─────────────────────────────────┼────────────────────────┼───────────────┤
	// │ dense_1 (Dense)                 │ (None, 10)             │         1,290 │
	// └─────────────────────────────────┴────────────────────────┴───────────────┘
	//  Total params: 101,770 (397.54 KB)
	//  Trainable params: 101,770 (397.54 KB)
	//  Non-trainable params: 0 (0.00 B)
}

// Training a small regression model: Compile, Fit, Evaluate, Predict.
func ExampleModel_Fit() {
	utils.SetRandomSeed(1)
	// y = 2*x0 - x1, learned by plain SGD.
	xs := make([]float32, 0, 256*2)
	ys := make([]float32, 0, 256)
	for i := 0; i < 256; i++ {
		a, b := float32(i%16)/16, float32(i/16)/16
		xs = append(xs, a, b)
		ys = append(ys, 2*a-b)
	}
	x, _ := tensor.FromFloat32(xs, 256, 2)
	y, _ := tensor.FromFloat32(ys, 256, 1)

	model, _ := keras.NewSequential(layers.NewInputLayer([]int{2}), layers.NewDense(1))
	if err := model.Compile("sgd", "mse", "mae"); err != nil {
		fmt.Println(err)
		return
	}
	if _, err := model.Fit(x, y, keras.Epochs(300), keras.BatchSize(16), keras.Verbose(0)); err != nil {
		fmt.Println(err)
		return
	}
	score, _ := model.Evaluate(x, y, keras.Verbose(0))
	fmt.Println(model.MetricsNames(), score[0] < 0.001)
	// Output: [loss mae] true
}

// A functional model with two inputs and a shared layer.
func ExampleNewModel() {
	keras.ClearSession()
	a := keras.Input([]int{8}, layers.WithName("a"))
	b := keras.Input([]int{8}, layers.WithName("b"))
	shared := layers.NewDense(4, layers.WithActivation("relu"))
	out := layers.NewDense(1, layers.WithActivation("sigmoid")).Apply(shared.Apply(a))
	aux := layers.NewDense(1).Apply(shared.Apply(b))
	model, err := keras.NewModel([]*layers.KerasTensor{a, b}, []*layers.KerasTensor{out, aux})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(model.OutputNames(), model.CountParams())
	// Output: [dense_1 dense_2] 46
}
