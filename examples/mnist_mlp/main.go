// Command mnist_mlp is the first program of the Keras documentation in Go:
// a two-layer perceptron trained on MNIST.
//
//	go run ./examples/mnist_mlp [-epochs 10] [-batch-size 32] [-seed 1]
package main

import (
	"flag"
	"fmt"
	"log"
	"os"

	"github.com/gokeras/keras"
	"github.com/gokeras/keras/datasets/mnist"
	"github.com/gokeras/keras/layers"
	"github.com/gokeras/keras/ops"
	"github.com/gokeras/keras/tensor"
	"github.com/gokeras/keras/utils"
)

func main() {
	epochs := flag.Int("epochs", 10, "number of epochs")
	batchSize := flag.Int("batch-size", 32, "samples per step")
	seed := flag.Int64("seed", 1, "random seed (negative: unseeded)")
	flag.Parse()
	if err := run(*epochs, *batchSize, *seed); err != nil {
		log.Fatal(err)
	}
}

func run(epochs, batchSize int, seed int64) error {
	if seed >= 0 {
		utils.SetRandomSeed(uint64(seed))
	}
	xTrain, yTrain, xTest, yTest, err := mnist.LoadData()
	if err != nil {
		return err
	}
	// x_train.astype("float32") / 255
	if xTrain, err = scale(xTrain); err != nil {
		return err
	}
	if xTest, err = scale(xTest); err != nil {
		return err
	}

	model, err := keras.NewSequential(
		layers.NewFlatten(layers.WithInputShape(28, 28)),
		layers.NewDense(128, layers.WithActivation("relu")),
		layers.NewDense(10, layers.WithActivation("softmax")),
	)
	if err != nil {
		return err
	}
	if err := model.Summary(os.Stdout); err != nil {
		return err
	}
	if err := model.Compile("adam", "sparse_categorical_crossentropy", "accuracy"); err != nil {
		return err
	}
	if _, err := model.Fit(xTrain, yTrain, keras.Epochs(epochs), keras.BatchSize(batchSize)); err != nil {
		return err
	}
	score, err := model.Evaluate(xTest, yTest)
	if err != nil {
		return err
	}
	fmt.Println("Test loss:", score[0])
	fmt.Println("Test accuracy:", score[1])
	return nil
}

func scale(x *tensor.Tensor) (*tensor.Tensor, error) {
	f, err := ops.Cast(x, tensor.Float32)
	if err != nil {
		return nil, err
	}
	return ops.Divide(f, ops.Const(255))
}
