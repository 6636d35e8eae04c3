package main

import (
	"fmt"
	"math/rand/v2"

	"github.com/gokeras/keras"
	"github.com/gokeras/keras/layers"
	"github.com/gokeras/keras/tensor"
)

// T1 is Keras's "Text classification with Transformer" example
// (examples/text_transformer): token and position embeddings (32), one
// Transformer block (MultiHeadAttention with 2 heads of 32, a 32-32
// feed-forward network, dropout 0.1, two LayerNormalizations), average
// pooling over time, Dense(20, relu), Dense(2, softmax); sequences of 200
// ids below 20,000; Adam; batch 32. The position ids are a second model
// input here (the example's custom layer adds them inside), the same
// arithmetic.
const (
	t1Seq, t1Vocab, t1Embed, t1Heads, t1FF = 200, 20000, 32, 2, 32
)

// t1Model builds the T1 classifier with the functional API.
func t1Model() (*keras.Model, error) {
	tok := keras.Input([]int{t1Seq}, layers.With("dtype", "int32"))
	pos := keras.Input([]int{t1Seq}, layers.With("dtype", "int32"))
	x := layers.NewAdd().Apply(
		layers.NewEmbedding(t1Vocab, t1Embed).Apply(tok),
		layers.NewEmbedding(t1Seq, t1Embed).Apply(pos))
	attn := layers.NewMultiHeadAttention(t1Heads, t1Embed).Apply(x, x)
	attn = layers.NewDropout(0.1).Apply(attn)
	out1 := layers.NewLayerNormalization(layers.With("epsilon", 1e-6)).Apply(layers.NewAdd().Apply(x, attn))
	ffn := layers.NewDense(t1FF, layers.WithActivation("relu")).Apply(out1)
	ffn = layers.NewDropout(0.1).Apply(layers.NewDense(t1Embed).Apply(ffn))
	x = layers.NewLayerNormalization(layers.With("epsilon", 1e-6)).Apply(layers.NewAdd().Apply(out1, ffn))
	x = layers.NewDropout(0.1).Apply(layers.NewGlobalAveragePooling1D().Apply(x))
	x = layers.NewDropout(0.1).Apply(layers.NewDense(20, layers.WithActivation("relu")).Apply(x))
	out := layers.NewDense(2, layers.WithActivation("softmax")).Apply(x)
	m, err := keras.NewModel([]*layers.KerasTensor{tok, pos}, []*layers.KerasTensor{out})
	if err != nil {
		return nil, fmt.Errorf("building the model: %w", err)
	}
	if err := m.Compile("adam", "sparse_categorical_crossentropy", "accuracy"); err != nil {
		return nil, fmt.Errorf("compiling the model: %w", err)
	}
	return m, nil
}

// runT1 trains T1 on random ids and labels: samples/s over 50 steps of
// batch 32 after 5 warm-up steps.
func runT1(o options) (map[string]float64, error) {
	const bs = 32
	warm, steps := 5, 50
	if o.quick {
		warm, steps = 2, 10
	}
	m, err := t1Model()
	if err != nil {
		return nil, err
	}
	n := bs * (warm + steps)
	rng := rand.New(rand.NewPCG(1, 4))
	tok, pos := make([]int32, n*t1Seq), make([]int32, n*t1Seq)
	for i := range tok {
		tok[i], pos[i] = int32(rng.IntN(t1Vocab)), int32(i%t1Seq)
	}
	lab := make([]int32, n)
	for i := range lab {
		lab[i] = int32(rng.IntN(2))
	}
	sps, err := fitSteps(m, func(lo, hi int) (any, *tensor.Tensor, error) {
		xt, err := tensor.FromInt32(tok[lo*t1Seq:hi*t1Seq], hi-lo, t1Seq)
		if err != nil {
			return nil, nil, err
		}
		xp, err := tensor.FromInt32(pos[lo*t1Seq:hi*t1Seq], hi-lo, t1Seq)
		if err != nil {
			return nil, nil, err
		}
		y, err := tensor.FromInt32(lab[lo:hi], hi-lo)
		return []*tensor.Tensor{xt, xp}, y, err
	}, bs, warm, steps)
	if err != nil {
		return nil, err
	}
	return map[string]float64{"samples_per_s": sps, "steps": float64(steps)}, nil
}
