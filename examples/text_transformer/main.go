// Command text_transformer is Keras's "Text classification with Transformer"
// example in Go: token and position embeddings (a custom layer, see
// embedding.go), one Transformer block, average pooling over time and a
// small classifier label IMDB movie reviews as positive or negative.
//
// Keras's example trains on all 25,000 reviews; by default this program
// trains on the first 5,000 (and validates on the first 5,000 test reviews);
// -samples 0 runs Keras's sizes. Without the IMDB data (offline, no Keras
// cache) it says so and trains on a synthetic sentiment task instead (see
// data.go).
//
//	go run ./examples/text_transformer [-epochs 2] [-batch-size 32] [-samples 5000] [-maxlen 200] [-vocab-size 20000] [-synthetic] [-seed 1]
package main

import (
	"flag"
	"fmt"
	"log"
	"os"

	"github.com/gokeras/keras"
	"github.com/gokeras/keras/examples/internal/imdbdata"
	"github.com/gokeras/keras/layers"
	"github.com/gokeras/keras/utils"
)

type config struct {
	epochs, batchSize int
	samples           int  // training and validation reviews used; 0: all
	maxlen            int  // tokens kept per review
	synthetic         bool // skip IMDB, use the synthetic task
	vocabSize         int  // only the most frequent words are kept
	seed              int64
}

const (
	embedDim = 32 // embedding size of each token
	numHeads = 2  // attention heads
	ffDim    = 32 // hidden layer size of the feed-forward network in the Transformer block
)

func main() {
	var c config
	flag.IntVar(&c.epochs, "epochs", 2, "number of epochs")
	flag.IntVar(&c.batchSize, "batch-size", 32, "samples per step")
	flag.IntVar(&c.samples, "samples", 5000, "training (and validation) reviews used; 0: all 25,000 as in Keras")
	flag.IntVar(&c.maxlen, "maxlen", 200, "tokens kept per review")
	flag.IntVar(&c.vocabSize, "vocab-size", 20000, "vocabulary size: only the most frequent words are kept")
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
	seqTrain, yTrain, seqVal, yVal, err := imdbdata.Load(c.vocabSize, c.maxlen, c.samples, c.synthetic, c.seed)
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

	model, err := transformerClassifier(c.maxlen, c.vocabSize)
	if err != nil {
		return err
	}
	if err := model.Summary(os.Stdout); err != nil {
		return err
	}
	if err := model.Compile("adam", "sparse_categorical_crossentropy", "accuracy"); err != nil {
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

// transformerClassifier builds the example's model.
func transformerClassifier(maxlen, vocabSize int) (*keras.Model, error) {
	inputs := keras.Input([]int{maxlen})
	x := NewTokenAndPositionEmbedding(maxlen, vocabSize, embedDim).Apply(inputs)
	x, err := transformerBlock(x, embedDim, numHeads, ffDim, 0.1)
	if err != nil {
		return nil, err
	}
	x = layers.NewGlobalAveragePooling1D().Apply(x)
	x = layers.NewDropout(0.1).Apply(x)
	x = layers.NewDense(20, layers.WithActivation("relu")).Apply(x)
	x = layers.NewDropout(0.1).Apply(x)
	outputs := layers.NewDense(2, layers.WithActivation("softmax")).Apply(x)
	return keras.NewModel([]*layers.KerasTensor{inputs}, []*layers.KerasTensor{outputs})
}

// transformerBlock is the example's TransformerBlock, written with the
// functional API: self-attention and a feed-forward network (a nested
// Sequential model, as in Keras), each followed by dropout, a residual
// connection and layer normalization.
func transformerBlock(x *layers.KerasTensor, embedDim, numHeads, ffDim int, rate float64) (*layers.KerasTensor, error) {
	ffn, err := keras.NewSequential(
		layers.NewDense(ffDim, layers.WithActivation("relu")),
		layers.NewDense(embedDim),
	)
	if err != nil {
		return nil, err
	}
	attn := layers.NewMultiHeadAttention(numHeads, embedDim).Apply(x, x)
	attn = layers.NewDropout(rate).Apply(attn)
	out1 := layers.NewLayerNormalization(layers.With("epsilon", 1e-6)).Apply(layers.NewAdd().Apply(x, attn))
	ffnOut := layers.NewDropout(rate).Apply(ffn.Apply(out1))
	return layers.NewLayerNormalization(layers.With("epsilon", 1e-6)).Apply(layers.NewAdd().Apply(out1, ffnOut)), nil
}
