// Command imdb_lstm is Keras's "Bidirectional LSTM on IMDB" example in Go:
// an Embedding and two stacked bidirectional LSTMs classify movie reviews as
// positive or negative.
//
// Keras's example trains on all 25,000 reviews of 200 tokens; on a CPU that
// takes a long while, so by default this program trains on the first 2,000
// reviews (and validates on the first 2,000 test reviews); -samples 0 runs
// Keras's sizes.
// Without the IMDB data (offline, no Keras cache) it says so and trains on
// a synthetic sentiment task instead (see data.go).
//
//	go run ./examples/imdb_lstm [-epochs 2] [-batch-size 32] [-samples 2000] [-maxlen 200] [-max-features 20000] [-synthetic] [-seed 1]
package main

import (
	"flag"
	"fmt"
	"log"
	"os"

	"github.com/gokeras/keras"
	"github.com/gokeras/keras/examples/internal/imdbdata"
	"github.com/gokeras/keras/layers"
	"github.com/gokeras/keras/tensor"
	"github.com/gokeras/keras/utils"
)

type config struct {
	epochs, batchSize int
	samples           int  // training and validation reviews used; 0: all
	maxlen            int  // tokens kept per review
	synthetic         bool // skip IMDB, use the synthetic task
	maxFeatures       int  // vocabulary size (most frequent words)
	seed              int64
}

func main() {
	var c config
	flag.IntVar(&c.epochs, "epochs", 2, "number of epochs")
	flag.IntVar(&c.batchSize, "batch-size", 32, "samples per step")
	flag.IntVar(&c.samples, "samples", 2000, "training (and validation) reviews used; 0: all 25,000 as in Keras")
	flag.IntVar(&c.maxlen, "maxlen", 200, "tokens kept per review")
	flag.IntVar(&c.maxFeatures, "max-features", 20000, "vocabulary size: only the most frequent words are kept")
	flag.BoolVar(&c.synthetic, "synthetic", false, "train on the synthetic sentiment task without trying to load IMDB")
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
	model, err := biLSTM(c.maxFeatures)
	if err != nil {
		return err
	}
	if err := model.Summary(os.Stdout); err != nil {
		return err
	}

	seqTrain, yTrain, seqVal, yVal, err := imdbdata.Load(c.maxFeatures, c.maxlen, c.samples, c.synthetic, c.seed)
	if err != nil {
		return err
	}
	fmt.Println(len(seqTrain), "Training sequences")
	fmt.Println(len(seqVal), "Validation sequences")
	xTrain, err := utils.PadSequences(seqTrain, utils.PadMaxLen(c.maxlen))
	if err != nil {
		return err
	}
	xVal, err := utils.PadSequences(seqVal, utils.PadMaxLen(c.maxlen))
	if err != nil {
		return err
	}

	if err := model.Compile("adam", "binary_crossentropy", "accuracy"); err != nil {
		return err
	}
	if _, err := model.Fit(xTrain, yTrain, keras.BatchSize(c.batchSize), keras.Epochs(c.epochs), keras.ValidationData(xVal, yVal)); err != nil {
		return err
	}
	score, err := model.Evaluate(xVal, yVal, keras.Verbose(0))
	if err != nil {
		return err
	}
	fmt.Println("Test loss:", score[0])
	fmt.Println("Test accuracy:", score[1])
	return nil
}

// biLSTM builds the example's model: int32 token ids of any length, a
// 128-dimensional Embedding, a bidirectional LSTM returning sequences, a
// second one returning its last output, and a sigmoid unit.
func biLSTM(maxFeatures int) (*keras.Model, error) {
	inputs := keras.Input([]int{-1}, layers.With("dtype", tensor.Int32.String()))
	x := layers.NewEmbedding(maxFeatures, 128).Apply(inputs)
	x = layers.NewBidirectional(layers.NewLSTM(64, layers.With("return_sequences", true))).Apply(x)
	x = layers.NewBidirectional(layers.NewLSTM(64)).Apply(x)
	outputs := layers.NewDense(1, layers.WithActivation("sigmoid")).Apply(x)
	return keras.NewModel([]*layers.KerasTensor{inputs}, []*layers.KerasTensor{outputs})
}
