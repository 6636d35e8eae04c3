package main

import (
	"fmt"

	"github.com/gokeras/keras"
	"github.com/gokeras/keras/layers"
	"github.com/gokeras/keras/tensor"
)

// newMLP builds and compiles the W1 model: Flatten -> Dense(128, relu) ->
// Dense(10, softmax), Adam, sparse categorical cross-entropy.
func newMLP() (*keras.Sequential, error) {
	m, err := keras.NewSequential(
		layers.NewFlatten(layers.WithInputShape(28, 28)),
		layers.NewDense(128, layers.WithActivation("relu")),
		layers.NewDense(10, layers.WithActivation("softmax")),
	)
	if err != nil {
		return nil, fmt.Errorf("building the MLP: %w", err)
	}
	if err := m.Compile("adam", "sparse_categorical_crossentropy", "accuracy"); err != nil {
		return nil, fmt.Errorf("compiling the MLP: %w", err)
	}
	return m, nil
}

// runW1 trains the MLP for one warm-up epoch and one timed epoch (quick:
// 6,400 images, scaled to a 1,875-step epoch).
func runW1(o options) (map[string]float64, error) {
	d, err := loadMNIST()
	if err != nil {
		return nil, err
	}
	n := len(d.yTrain)
	if o.quick {
		n = 6400
	}
	x, err := images(d.xTrain, 0, n, 28, 28)
	if err != nil {
		return nil, err
	}
	y, err := labels(d.yTrain, 0, n)
	if err != nil {
		return nil, err
	}
	xt, err := images(d.xTest, 0, len(d.yTest), 28, 28)
	if err != nil {
		return nil, err
	}
	yt, err := labels(d.yTest, 0, len(d.yTest))
	if err != nil {
		return nil, err
	}
	m, err := newMLP()
	if err != nil {
		return nil, err
	}
	epoch := func() error {
		_, err := m.Fit(x, y, keras.Epochs(1), keras.BatchSize(32), keras.Verbose(0))
		return err
	}
	if err := epoch(); err != nil {
		return nil, fmt.Errorf("warm-up epoch: %w", err)
	}
	acc0, err := accuracy(m, xt, yt)
	if err != nil {
		return nil, err
	}
	sec, err := timed(epoch)
	if err != nil {
		return nil, fmt.Errorf("timed epoch: %w", err)
	}
	acc, err := accuracy(m, xt, yt)
	if err != nil {
		return nil, err
	}
	steps := (n + 31) / 32
	return map[string]float64{
		"epoch_s": sec * 1875 / float64(steps), "acc_warmup": acc0, "acc": acc, "steps": float64(steps),
	}, nil
}

func accuracy(m *keras.Sequential, x, y *tensor.Tensor) (float64, error) {
	score, err := m.Evaluate(x, y, keras.Verbose(0))
	if err != nil {
		return 0, fmt.Errorf("evaluate: %w", err)
	}
	if len(score) < 2 {
		return 0, fmt.Errorf("evaluate returned %v, want [loss accuracy]", score)
	}
	return score[1], nil
}

// runW4 times the (untrained) MLP's inference over the 10,000 test images:
// Predict at batch 1 (b1_us), a PredictOnBatch loop at batch 1
// (b1_onbatch_us) and Predict at batch 1000 (b1000_sps).
func runW4(o options) (map[string]float64, error) {
	d, err := loadMNIST()
	if err != nil {
		return nil, err
	}
	m, err := newMLP()
	if err != nil {
		return nil, err
	}
	nTest := len(d.yTest)
	n1 := nTest
	if o.quick {
		n1 = 1000
	}
	xAll, err := images(d.xTest, 0, nTest, 28, 28)
	if err != nil {
		return nil, err
	}
	x1, err := images(d.xTest, 0, n1, 28, 28)
	if err != nil {
		return nil, err
	}
	warm, err := images(d.xTest, 0, 100, 28, 28)
	if err != nil {
		return nil, err
	}
	predict := func(x *tensor.Tensor, batch int) func() error {
		return func() error {
			_, err := m.Predict(x, keras.BatchSize(batch), keras.Verbose(0))
			return err
		}
	}
	if err := predict(warm, 1)(); err != nil {
		return nil, fmt.Errorf("predict warm-up: %w", err)
	}
	b1, err := timed(predict(x1, 1))
	if err != nil {
		return nil, fmt.Errorf("predict at batch 1: %w", err)
	}

	samples := make([]*tensor.Tensor, n1)
	for i := range samples {
		if samples[i], err = images(d.xTest, i, i+1, 28, 28); err != nil {
			return nil, err
		}
	}
	onBatch := func(xs []*tensor.Tensor) func() error {
		return func() error {
			for _, s := range xs {
				if _, err := m.PredictOnBatch(s); err != nil {
					return err
				}
			}
			return nil
		}
	}
	if err := onBatch(samples[:100])(); err != nil {
		return nil, fmt.Errorf("predict_on_batch warm-up: %w", err)
	}
	ob, err := timed(onBatch(samples))
	if err != nil {
		return nil, fmt.Errorf("predict_on_batch: %w", err)
	}

	if err := predict(xAll, 1000)(); err != nil {
		return nil, fmt.Errorf("predict at batch 1000 (warm-up): %w", err)
	}
	b1000, err := timed(predict(xAll, 1000))
	if err != nil {
		return nil, fmt.Errorf("predict at batch 1000: %w", err)
	}
	return map[string]float64{
		"b1_us":         b1 / float64(n1) * 1e6,
		"b1_onbatch_us": ob / float64(n1) * 1e6,
		"b1000_sps":     float64(nTest) / b1000,
	}, nil
}
