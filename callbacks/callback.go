package callbacks

import (
	"github.com/gokeras/keras/optimizers"
	"github.com/gokeras/keras/tensor"
)

// Logs maps a metric name to its value, Keras's `logs` dict. A trainer
// reuses one map per phase, so callbacks that keep logs must copy them.
type Logs map[string]float64

// Params is what Keras passes to Callback.set_params: the number of epochs,
// the batches per epoch (Steps, 0 when unknown) and the verbosity.
type Params struct {
	Epochs, Steps, Verbose int
}

// Model is the part of a Keras model that callbacks may touch
// (Callback.model): the stop_training flag, the weights and the optimizer.
type Model interface {
	// StopTraining is model.stop_training.
	StopTraining() bool
	// SetStopTraining sets model.stop_training.
	SetStopTraining(stop bool)
	// GetWeights returns copies of the weights, in model.weights order.
	GetWeights() []*tensor.Tensor
	// SetWeights is model.set_weights.
	SetWeights(ws []*tensor.Tensor) error
	// Optimizer is model.optimizer (nil before compile).
	Optimizer() optimizers.Optimizer
}

// MetricDirectionModel may be implemented by a Model so that monitor
// callbacks in mode "auto" learn whether a compiled metric rises or falls
// as the model improves (Keras's metric._direction "up" or "down").
type MetricDirectionModel interface {
	// MetricDirection reports whether the metric called name should be
	// maximised (up) and whether the model knows that metric at all (ok).
	MetricDirection(name string) (up, ok bool)
}

// Callback is keras.callbacks.Callback: hooks called by fit, evaluate and
// predict. Embed Base for no-op defaults.
type Callback interface {
	SetModel(m Model)
	SetParams(p Params)
	OnTrainBegin(logs Logs) error
	OnTrainEnd(logs Logs) error
	OnEpochBegin(epoch int, logs Logs) error
	OnEpochEnd(epoch int, logs Logs) error
	OnTrainBatchBegin(batch int, logs Logs) error
	OnTrainBatchEnd(batch int, logs Logs) error
	OnTestBegin(logs Logs) error
	OnTestEnd(logs Logs) error
	OnTestBatchBegin(batch int, logs Logs) error
	OnTestBatchEnd(batch int, logs Logs) error
	OnPredictBegin(logs Logs) error
	OnPredictEnd(logs Logs) error
	OnPredictBatchBegin(batch int, logs Logs) error
	OnPredictBatchEnd(batch int, logs Logs) error
}

// Base is the body of keras.callbacks.Callback: it stores the model and
// params and implements every hook as a no-op. Embed it in a callback and
// override the hooks it needs.
type Base struct {
	model    Model
	params   Params
	keyOrder []string // set by List for the duration of one hook call
}

// SetModel is Callback.set_model.
func (b *Base) SetModel(m Model) { b.model = m }

// SetParams is Callback.set_params.
func (b *Base) SetParams(p Params) { b.params = p }

// Model is Callback.model (nil until SetModel).
func (b *Base) Model() Model { return b.model }

// Params is Callback.params.
func (b *Base) Params() Params { return b.params }

func (b *Base) setKeyOrder(keys []string) { b.keyOrder = keys }

// OnTrainBegin does nothing.
func (*Base) OnTrainBegin(Logs) error { return nil }

// OnTrainEnd does nothing.
func (*Base) OnTrainEnd(Logs) error { return nil }

// OnEpochBegin does nothing.
func (*Base) OnEpochBegin(int, Logs) error { return nil }

// OnEpochEnd does nothing.
func (*Base) OnEpochEnd(int, Logs) error { return nil }

// OnTrainBatchBegin does nothing.
func (*Base) OnTrainBatchBegin(int, Logs) error { return nil }

// OnTrainBatchEnd does nothing.
func (*Base) OnTrainBatchEnd(int, Logs) error { return nil }

// OnTestBegin does nothing.
func (*Base) OnTestBegin(Logs) error { return nil }

// OnTestEnd does nothing.
func (*Base) OnTestEnd(Logs) error { return nil }

// OnTestBatchBegin does nothing.
func (*Base) OnTestBatchBegin(int, Logs) error { return nil }

// OnTestBatchEnd does nothing.
func (*Base) OnTestBatchEnd(int, Logs) error { return nil }

// OnPredictBegin does nothing.
func (*Base) OnPredictBegin(Logs) error { return nil }

// OnPredictEnd does nothing.
func (*Base) OnPredictEnd(Logs) error { return nil }

// OnPredictBatchBegin does nothing.
func (*Base) OnPredictBatchBegin(int, Logs) error { return nil }

// OnPredictBatchEnd does nothing.
func (*Base) OnPredictBatchEnd(int, Logs) error { return nil }

// keyOrderSetter is implemented by everything embedding Base: the List
// tells it Keras's order of the current logs' keys.
type keyOrderSetter interface{ setKeyOrder(keys []string) }
