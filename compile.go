package keras

import (
	"fmt"

	"github.com/gokeras/keras/losses"
	"github.com/gokeras/keras/metrics"
	"github.com/gokeras/keras/optimizers"
	"github.com/gokeras/keras/tensor"
)

// trainer holds what Compile sets and the compiled steps Fit replays.
type trainer struct {
	model       *Model
	optimizer   optimizers.Optimizer
	losses      []losses.Loss // one per output
	lossWeights []float64
	metricIDs   [][]any // per output, as given
	metrics     [][]metrics.Metric
	compiled    bool
	stop        bool
	steps       map[stepKey]*step
	lossSum     float64 // the "loss" tracker: batch-size-weighted mean
	lossCount   float64
	result      []float64 // reused by TrainOnBatch / TestOnBatch
	batchIdx    []int     // 0..n-1, for single-batch calls
	xbuf, ybuf  [1]*tensor.Tensor
	pos         FitState  // where Fit is
	resume      *FitState // set by ResumeFit during OnTrainBegin
}

// Compile is model.compile: it sets the optimizer, the loss and the metrics.
//
// optimizer is a Keras name ("adam"), a config map or an
// optimizers.Optimizer. loss is a Keras name, a losses.Loss, or for a model
// with several outputs a []any with one entry per output or a map from
// output layer name to loss. Each metric is a Keras name ("accuracy", "mae"),
// a metrics.Metric, or (several outputs) a []any / map[string]any per output.
// "accuracy" becomes the accuracy that fits the loss, as in Keras.
func (m *Model) Compile(optimizer any, loss any, metricIDs ...any) error {
	t := &m.trainer
	t.model = m
	opt, err := optimizers.Get(optimizer)
	if err != nil {
		return fmt.Errorf("compile: optimizer: %w", err)
	}
	nOut := len(m.outputs)
	ls, err := perOutput(m, "loss", loss)
	if err != nil {
		return err
	}
	t.losses = make([]losses.Loss, nOut)
	for i, l := range ls {
		if l == nil {
			continue
		}
		if t.losses[i], err = losses.Get(l); err != nil {
			return fmt.Errorf("compile: loss for output %q: %w", m.outputName(i), err)
		}
	}
	t.metricIDs = make([][]any, nOut)
	for _, mid := range metricIDs {
		switch v := mid.(type) {
		case []any, map[string]any:
			per, err := perOutput(m, "metrics", v)
			if err != nil {
				return err
			}
			for i, p := range per {
				if p == nil {
					continue
				}
				if list, ok := p.([]any); ok {
					t.metricIDs[i] = append(t.metricIDs[i], list...)
				} else {
					t.metricIDs[i] = append(t.metricIDs[i], p)
				}
			}
		default:
			for i := range t.metricIDs {
				t.metricIDs[i] = append(t.metricIDs[i], v)
			}
		}
	}
	t.optimizer = opt
	t.lossWeights = make([]float64, nOut)
	for i := range t.lossWeights {
		t.lossWeights[i] = 1
	}
	t.metrics = nil
	t.steps = nil
	t.compiled = true
	return nil
}

// SetLossWeights sets Keras's loss_weights: the total loss is the weighted
// sum of the per-output losses.
func (m *Model) SetLossWeights(w ...float64) error {
	if len(w) != len(m.outputs) {
		return fmt.Errorf("loss_weights: expected %d weights (one per output), got %d", len(m.outputs), len(w))
	}
	m.trainer.lossWeights = append([]float64(nil), w...)
	m.trainer.steps = nil
	return nil
}

// perOutput spreads a loss or metrics spec over the outputs.
func perOutput(m *Model, what string, v any) ([]any, error) {
	n := len(m.outputs)
	out := make([]any, n)
	switch x := v.(type) {
	case []any:
		if len(x) != n {
			return nil, fmt.Errorf("compile: %s: expected %d entries (one per output), got %d", what, n, len(x))
		}
		copy(out, x)
	case map[string]any:
		for k, e := range x {
			i := m.outputIndex(k)
			if i < 0 {
				return nil, fmt.Errorf("compile: %s: unknown output name %q (outputs: %v)", what, k, m.OutputNames())
			}
			out[i] = e
		}
	default:
		for i := range out {
			out[i] = v
		}
	}
	return out, nil
}

// OutputNames returns the names Keras uses for the outputs: the names of the
// layers that produce them.
func (m *Model) OutputNames() []string {
	out := make([]string, len(m.outputs))
	for i := range out {
		out[i] = m.outputName(i)
	}
	return out
}

func (m *Model) outputName(i int) string {
	n, _ := m.outputs[i].Node()
	return n.Layer.Base().Name()
}

func (m *Model) outputIndex(name string) int {
	for i := range m.outputs {
		if m.outputName(i) == name {
			return i
		}
	}
	return -1
}

// Optimizer returns the compiled optimizer (nil before Compile).
func (m *Model) Optimizer() optimizers.Optimizer { return m.trainer.optimizer }

// StopTraining reports whether a callback asked Fit to stop.
func (m *Model) StopTraining() bool { return m.trainer.stop }

// SetStopTraining asks Fit to stop after the current batch (model.stop_training).
func (m *Model) SetStopTraining(on bool) { m.trainer.stop = on }
