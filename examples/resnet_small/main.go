// Command resnet_small is the "toy ResNet" of Keras's functional API guide in
// Go: a small residual convolution network whose skip connections are
// layers.NewAdd merges, trained on a subset of CIFAR-10.
//
// Without the CIFAR-10 archive (offline, no Keras cache) it says so and
// trains on a synthetic ten-class image set instead (see data.go).
//
//	go run ./examples/resnet_small [-epochs 5] [-batch-size 64] [-samples 1000] [-synthetic] [-seed 1]
package main

import (
	"flag"
	"fmt"
	"log"
	"os"

	"github.com/gokeras/keras"
	"github.com/gokeras/keras/layers"
	"github.com/gokeras/keras/losses"
	"github.com/gokeras/keras/optimizers"
	"github.com/gokeras/keras/utils"
)

type config struct {
	epochs, batchSize int
	samples           int  // training (and test) samples used; 0: all
	synthetic         bool // skip CIFAR-10, use the synthetic set
	seed              int64
}

func main() {
	var c config
	flag.IntVar(&c.epochs, "epochs", 5, "number of epochs (the guide trains 1)")
	flag.IntVar(&c.batchSize, "batch-size", 64, "samples per step")
	flag.IntVar(&c.samples, "samples", 1000, "training (and test) samples used, as the guide uses the first 1000; 0: all")
	flag.BoolVar(&c.synthetic, "synthetic", false, "train on the synthetic image set without trying to load CIFAR-10")
	flag.Int64Var(&c.seed, "seed", 1, "random seed (negative: unseeded)")
	flag.Parse()
	if err := run(c); err != nil {
		log.Fatal(err)
	}
}

func run(c config) error {
	if c.seed >= 0 {
		utils.SetRandomSeed(uint64(c.seed))
	}
	const numClasses = 10
	xTrain, yTrain, xTest, yTest, err := loadData(c.samples, c.synthetic, c.seed)
	if err != nil {
		return err
	}
	if yTrain, err = utils.ToCategorical(yTrain, numClasses); err != nil {
		return err
	}
	if yTest, err = utils.ToCategorical(yTest, numClasses); err != nil {
		return err
	}

	model, err := toyResNet(numClasses)
	if err != nil {
		return err
	}
	if err := model.Summary(os.Stdout); err != nil {
		return err
	}
	opt, err := optimizers.NewRMSprop(optimizers.LearningRate(1e-3))
	if err != nil {
		return err
	}
	loss, err := losses.NewCategoricalCrossentropy(losses.FromLogits(true))
	if err != nil {
		return err
	}
	if err := model.Compile(opt, loss, "acc"); err != nil {
		return err
	}
	if _, err := model.Fit(xTrain, yTrain, keras.BatchSize(c.batchSize), keras.Epochs(c.epochs), keras.ValidationSplit(0.2)); err != nil {
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

// toyResNet builds the guide's model: two convolutions and a max-pool, two
// residual blocks of two "same" convolutions each, a last convolution,
// global average pooling and a dense classifier producing logits.
func toyResNet(numClasses int) (*keras.Model, error) {
	conv := func(padding string) *layers.Conv {
		return layers.NewConv2D(64, []int{3}, layers.WithActivation("relu"), layers.With("padding", padding))
	}
	inputs := keras.Input([]int{32, 32, 3}, layers.WithName("img"))
	x := layers.NewConv2D(32, []int{3}, layers.WithActivation("relu")).Apply(inputs)
	x = conv("valid").Apply(x)
	block1 := layers.NewMaxPooling2D(layers.With("pool_size", 3)).Apply(x)

	x = conv("same").Apply(block1)
	x = conv("same").Apply(x)
	block2 := layers.NewAdd().Apply(x, block1)

	x = conv("same").Apply(block2)
	x = conv("same").Apply(x)
	block3 := layers.NewAdd().Apply(x, block2)

	x = conv("valid").Apply(block3)
	x = layers.NewGlobalAveragePooling2D().Apply(x)
	x = layers.NewDense(256, layers.WithActivation("relu")).Apply(x)
	x = layers.NewDropout(0.5).Apply(x)
	outputs := layers.NewDense(numClasses).Apply(x)
	return keras.NewModel([]*layers.KerasTensor{inputs}, []*layers.KerasTensor{outputs}, layers.WithName("toy_resnet"))
}
