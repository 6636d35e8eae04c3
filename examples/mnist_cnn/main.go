// Command mnist_cnn is Keras's "Simple MNIST convnet" example in Go: two
// convolution blocks, dropout and a softmax classifier, reaching about 99%
// test accuracy.
//
//	go run ./examples/mnist_cnn [-epochs 15] [-batch-size 128] [-seed 1]
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
	epochs := flag.Int("epochs", 15, "number of epochs")
	batchSize := flag.Int("batch-size", 128, "samples per step")
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
	const numClasses = 10
	xTrain, yTrain, xTest, yTest, err := mnist.LoadData()
	if err != nil {
		return err
	}
	// Scale images to [0, 1] and give them a channel axis: (N, 28, 28, 1).
	if xTrain, err = prepare(xTrain); err != nil {
		return err
	}
	if xTest, err = prepare(xTest); err != nil {
		return err
	}
	if yTrain, err = utils.ToCategorical(yTrain, numClasses); err != nil {
		return err
	}
	if yTest, err = utils.ToCategorical(yTest, numClasses); err != nil {
		return err
	}

	model, err := keras.NewSequential(
		layers.NewInputLayer([]int{28, 28, 1}),
		layers.NewConv2D(32, []int{3, 3}, layers.WithActivation("relu")),
		layers.NewMaxPooling2D(layers.With("pool_size", []int{2, 2})),
		layers.NewConv2D(64, []int{3, 3}, layers.WithActivation("relu")),
		layers.NewMaxPooling2D(layers.With("pool_size", []int{2, 2})),
		layers.NewFlatten(),
		layers.NewDropout(0.5),
		layers.NewDense(numClasses, layers.WithActivation("softmax")),
	)
	if err != nil {
		return err
	}
	if err := model.Summary(os.Stdout); err != nil {
		return err
	}
	if err := model.Compile("adam", "categorical_crossentropy", "accuracy"); err != nil {
		return err
	}
	if _, err := model.Fit(xTrain, yTrain, keras.BatchSize(batchSize), keras.Epochs(epochs), keras.ValidationSplit(0.1)); err != nil {
		return err
	}
	score, err := model.Evaluate(xTest, yTest, keras.Verbose(0))
	if err != nil {
		return err
	}
	fmt.Println("Test loss:", score[0])
	fmt.Println("Test accuracy:", score[1])
	return nil
}

func prepare(x *tensor.Tensor) (*tensor.Tensor, error) {
	f, err := ops.Cast(x, tensor.Float32)
	if err != nil {
		return nil, err
	}
	if f, err = ops.Divide(f, ops.Const(255)); err != nil {
		return nil, err
	}
	return ops.ExpandDims(f, -1)
}
