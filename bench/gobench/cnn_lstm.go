package main

import (
	"fmt"
	"math/rand/v2"

	"github.com/gokeras/keras"
	"github.com/gokeras/keras/layers"
	"github.com/gokeras/keras/tensor"
)

// layerSpec is one layer of a model built from Keras configs.
type layerSpec struct {
	class string
	cfg   map[string]any
}

// fromConfigs builds a compiled Sequential model from Keras layer configs.
// A class the engine does not implement yet is an *unavailableError, so the
// orchestrator can print "n/a" instead of a failure.
func fromConfigs(input layers.Layer, specs []layerSpec, loss string) (*keras.Sequential, error) {
	ls := []layers.Layer{input}
	for _, s := range specs {
		l, err := layers.FromConfig(s.class, s.cfg)
		if err != nil {
			return nil, &unavailableError{fmt.Errorf("layer %s: %w", s.class, err)}
		}
		ls = append(ls, l)
	}
	m, err := keras.NewSequential(ls...)
	if err != nil {
		return nil, fmt.Errorf("building the model: %w", err)
	}
	if err := m.Compile("adam", loss, "accuracy"); err != nil {
		return nil, fmt.Errorf("compiling the model: %w", err)
	}
	return m, nil
}

// fitter is a compiled Sequential or functional model.
type fitter interface {
	Fit(x, y any, opts ...keras.RunOption) (*keras.History, error)
}

// fitSteps trains one warm-up Fit of warm steps, then times a Fit of steps
// steps (batch bs, no shuffling: the batches are consecutive slices), and
// returns samples per second.
func fitSteps(m fitter, batch func(lo, hi int) (x any, y *tensor.Tensor, err error), bs, warm, steps int) (float64, error) {
	fit := func(lo, hi int) func() error {
		return func() error {
			x, y, err := batch(lo*bs, hi*bs)
			if err != nil {
				return err
			}
			_, err = m.Fit(x, y, keras.Epochs(1), keras.BatchSize(bs), keras.Shuffle(false), keras.Verbose(0))
			return err
		}
	}
	if err := fit(0, warm)(); err != nil {
		return 0, fmt.Errorf("warm-up steps: %w", err)
	}
	sec, err := timed(fit(warm, warm+steps))
	if err != nil {
		return 0, fmt.Errorf("timed steps: %w", err)
	}
	return float64(steps*bs) / sec, nil
}

// runW2 is the MNIST CNN: samples/s over 100 steps of batch 128.
func runW2(o options) (map[string]float64, error) {
	const bs = 128
	warm, steps := 10, 100
	if o.quick {
		warm, steps = 3, 20
	}
	relu := "relu"
	m, err := fromConfigs(layers.NewInputLayer([]int{28, 28, 1}), []layerSpec{
		{"Conv2D", map[string]any{"filters": 32, "kernel_size": []any{3, 3}, "activation": relu}},
		{"MaxPooling2D", map[string]any{"pool_size": []any{2, 2}}},
		{"Conv2D", map[string]any{"filters": 64, "kernel_size": []any{3, 3}, "activation": relu}},
		{"MaxPooling2D", map[string]any{"pool_size": []any{2, 2}}},
		{"Flatten", map[string]any{}},
		{"Dense", map[string]any{"units": 10, "activation": "softmax"}},
	}, "sparse_categorical_crossentropy")
	if err != nil {
		return nil, err
	}
	d, err := loadMNIST()
	if err != nil {
		return nil, err
	}
	sps, err := fitSteps(m, func(lo, hi int) (any, *tensor.Tensor, error) {
		x, err := images(d.xTrain, lo, hi, 28, 28, 1)
		if err != nil {
			return nil, nil, err
		}
		y, err := labels(d.yTrain, lo, hi)
		return x, y, err
	}, bs, warm, steps)
	if err != nil {
		return nil, err
	}
	return map[string]float64{"samples_per_s": sps, "steps": float64(steps)}, nil
}

// runW3 is Embedding(10000, 128) -> LSTM(128) -> Dense(1, sigmoid) on random
// int sequences of length 200: samples/s over 50 steps of batch 64.
func runW3(o options) (map[string]float64, error) {
	const bs, seq, vocab = 64, 200, 10000
	warm, steps := 5, 50
	if o.quick {
		warm, steps = 2, 10
	}
	m, err := fromConfigs(layers.NewInputLayer([]int{seq}, layers.With("dtype", "int32")), []layerSpec{
		{"Embedding", map[string]any{"input_dim": vocab, "output_dim": 128}},
		{"LSTM", map[string]any{"units": 128}},
		{"Dense", map[string]any{"units": 1, "activation": "sigmoid"}},
	}, "binary_crossentropy")
	if err != nil {
		return nil, err
	}
	n := bs * (warm + steps)
	rng := rand.New(rand.NewPCG(1, 3))
	tok := make([]int32, n*seq)
	for i := range tok {
		tok[i] = int32(rng.IntN(vocab))
	}
	lab := make([]float32, n)
	for i := range lab {
		lab[i] = float32(rng.IntN(2))
	}
	sps, err := fitSteps(m, func(lo, hi int) (any, *tensor.Tensor, error) {
		x, err := tensor.FromInt32(tok[lo*seq:hi*seq], hi-lo, seq)
		if err != nil {
			return nil, nil, err
		}
		y, err := tensor.FromFloat32(lab[lo:hi], hi-lo, 1)
		return x, y, err
	}, bs, warm, steps)
	if err != nil {
		return nil, err
	}
	return map[string]float64{"samples_per_s": sps, "steps": float64(steps)}, nil
}
