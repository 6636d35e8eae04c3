package callbacks_test

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"time"

	"github.com/gokeras/keras/callbacks"
	"github.com/gokeras/keras/optimizers"
	"github.com/gokeras/keras/tensor"
	"github.com/gokeras/keras/utils"
)

// toyOptimizer and toyModel stand in for a compiled keras.Model.
type toyOptimizer struct {
	optimizers.Optimizer
	lr float32
}

func (o *toyOptimizer) LearningRate() float64            { return float64(o.lr) }
func (o *toyOptimizer) SetLearningRate(lr float64) error { o.lr = float32(lr); return nil }

type toyModel struct {
	stop bool
	opt  *toyOptimizer
}

func (m *toyModel) StopTraining() bool                { return m.stop }
func (m *toyModel) SetStopTraining(s bool)            { m.stop = s }
func (m *toyModel) GetWeights() []*tensor.Tensor      { return nil }
func (m *toyModel) SetWeights([]*tensor.Tensor) error { return nil }
func (m *toyModel) Optimizer() optimizers.Optimizer   { return m.opt }

// fit drives a List the way Model.Fit does, with the given val_loss per
// epoch.
func fit(l *callbacks.List, m *toyModel, epochs int, valLoss []float64) {
	_ = l.OnTrainBegin(nil)
	logs := callbacks.Logs{}
	for epoch := 0; epoch < epochs && !m.stop; epoch++ {
		_ = l.OnEpochBegin(epoch, nil)
		_ = l.OnTrainBatchBegin(0, nil)
		logs["loss"] = 1 / float64(epoch+1)
		_ = l.OnTrainBatchEnd(0, logs)
		_ = l.OnEpochEnd(epoch, callbacks.Logs{"loss": logs["loss"], "val_loss": valLoss[epoch]})
	}
	_ = l.OnTrainEnd(nil)
}

func ExampleEarlyStopping() {
	m := &toyModel{opt: &toyOptimizer{lr: 0.01}}
	es := callbacks.NewEarlyStopping()
	es.Patience, es.Verbose = 2, 1
	l := callbacks.NewList([]callbacks.Callback{es}, true, false, m, callbacks.Params{Epochs: 10, Steps: 1})
	fit(l, m, 10, []float64{0.9, 0.8, 0.85, 0.83, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2})
	fmt.Println(l.History().Epoch)
	// Output:
	// Epoch 4: early stopping
	// [0 1 2 3]
}

func ExampleReduceLROnPlateau() {
	m := &toyModel{opt: &toyOptimizer{lr: 0.1}}
	r := callbacks.NewReduceLROnPlateau()
	r.Patience, r.Factor, r.Verbose = 1, 0.5, 1
	l := callbacks.NewList([]callbacks.Callback{r}, true, false, m, callbacks.Params{Epochs: 3, Steps: 1})
	fit(l, m, 3, []float64{1, 1, 1})
	fmt.Println(l.History().History["learning_rate"])
	// Output:
	// Epoch 2: ReduceLROnPlateau reducing learning rate to 0.05000000074505806.
	//
	// Epoch 3: ReduceLROnPlateau reducing learning rate to 0.02500000037252903.
	// [0.10000000149011612 0.10000000149011612 0.05000000074505806]
}

func ExampleLearningRateScheduler() {
	m := &toyModel{opt: &toyOptimizer{lr: 0.01}}
	s := callbacks.NewLearningRateScheduler(func(epoch int, lr float64) float64 {
		if epoch < 1 {
			return lr
		}
		return lr / 2
	}, 0)
	l := callbacks.NewList([]callbacks.Callback{s}, true, false, m, callbacks.Params{Epochs: 3, Steps: 1})
	fit(l, m, 3, []float64{1, 1, 1})
	fmt.Printf("%.6f\n", m.opt.LearningRate())
	// Output: 0.002500
}

func ExampleTerminateOnNaN() {
	m := &toyModel{}
	l := callbacks.NewList([]callbacks.Callback{callbacks.NewTerminateOnNaN()}, false, false, m, callbacks.Params{})
	_ = l.OnTrainBatchEnd(3, callbacks.Logs{"loss": math.NaN()})
	fmt.Println(m.StopTraining())
	// Output:
	// Batch 3: Invalid loss, terminating training
	// true
}

func ExampleCSVLogger() {
	path := filepath.Join(os.TempDir(), "callbacks_example.csv")
	defer os.Remove(path)
	l := callbacks.NewList([]callbacks.Callback{callbacks.NewCSVLogger(path)}, false, false, nil, callbacks.Params{})
	_ = l.OnTrainBegin(nil)
	_ = l.OnEpochEnd(0, callbacks.Logs{"loss": 0.5, "accuracy": 0.75})
	_ = l.OnEpochEnd(1, callbacks.Logs{"loss": 0.25, "accuracy": 0.875})
	_ = l.OnTrainEnd(nil)
	b, _ := os.ReadFile(path)
	fmt.Printf("%q\n", b)
	// Output:
	// "epoch,accuracy,loss,val_accuracy,val_loss\r\n0,0.75,0.5,NA,NA\r\n1,0.875,0.25,NA,NA\r\n"
}

func ExampleLambdaCallback() {
	cb := &callbacks.LambdaCallback{
		EpochEnd: func(epoch int, logs callbacks.Logs) error {
			fmt.Printf("epoch %d loss %.2f\n", epoch, logs["loss"])
			return nil
		},
	}
	l := callbacks.NewList([]callbacks.Callback{cb}, false, false, nil, callbacks.Params{})
	_ = l.OnEpochEnd(0, callbacks.Logs{"loss": 0.25})
	// Output: epoch 0 loss 0.25
}

func ExampleProgbarLogger() {
	// A fake clock (0.5 s per call) makes the output reproducible; verbose 2
	// prints one line per epoch.
	now := time.Unix(1e9, 0)
	pl := callbacks.NewProgbarLogger()
	pl.Writer = os.Stdout
	pl.Now = func() time.Time { now = now.Add(500 * time.Millisecond); return now }
	pl.Display = utils.ProgbarDisplayStatic
	m := &toyModel{}
	l := callbacks.NewList([]callbacks.Callback{pl}, true, true, m, callbacks.Params{Epochs: 2, Steps: 1, Verbose: 2})
	fit(l, m, 2, []float64{0.5, 0.25})
	// Output:
	// Epoch 1/2
	// 1/1 - 0s - 500ms/step - loss: 1.0000 - val_loss: 0.5000
	// Epoch 2/2
	// 1/1 - 0s - 500ms/step - loss: 0.5000 - val_loss: 0.2500
}

func ExampleHistory() {
	m := &toyModel{}
	l := callbacks.NewList(nil, true, false, m, callbacks.Params{Epochs: 2, Steps: 1})
	fit(l, m, 2, []float64{0.5, 0.25})
	h := l.History()
	fmt.Println(h.Epoch, h.History["val_loss"], h.Params().Epochs)
	// Output: [0 1] [0.5 0.25] 2
}
