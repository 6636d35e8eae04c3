package keras

import (
	"fmt"
	"math"

	"github.com/gokeras/keras/callbacks"
	"github.com/gokeras/keras/random"
	"github.com/gokeras/keras/tensor"
)

// History is the record Fit returns (keras.callbacks.History).
type History = callbacks.History

// Fit is model.fit: it trains for a number of epochs on x and y (tensors,
// one per input and output, or a Dataset as x with y nil) and returns the
// History of the epoch-end logs.
func (m *Model) Fit(x, y any, opts ...RunOption) (*History, error) {
	t := &m.trainer
	if !t.compiled {
		return nil, fmt.Errorf("you must call Compile before using the model: model %q is not compiled", m.Name())
	}
	c := newRunConfig(opts)
	if c.epochs < 0 || c.batchSize <= 0 {
		return nil, fmt.Errorf("fit: epochs must be >= 0 and batch_size > 0, got epochs=%d batch_size=%d", c.epochs, c.batchSize)
	}
	train, err := newFeeder(x, y, c.sampleWeight, c.classWeight, c.batchSize)
	if err != nil {
		return nil, fmt.Errorf("fit: %w", err)
	}
	var val *feeder
	switch {
	case c.hasValData:
		vb := c.validationBatchSize
		if vb <= 0 {
			vb = c.batchSize
		}
		if val, err = newFeeder(c.valX, c.valY, nil, nil, vb); err != nil {
			return nil, fmt.Errorf("fit: validation_data: %w", err)
		}
	case c.validationSplit > 0:
		if c.validationSplit >= 1 {
			return nil, fmt.Errorf("fit: validation_split must be in [0, 1), got %v", c.validationSplit)
		}
		if train, val, err = train.split(c.validationSplit); err != nil {
			return nil, fmt.Errorf("fit: validation_split: %w", err)
		}
	}
	steps := train.batches()
	if c.stepsPerEpoch > 0 {
		steps = c.stepsPerEpoch
	}
	cbs := newCallbackList(c, m, callbacks.Params{Epochs: c.epochs, Steps: steps, Verbose: c.verbose}, true)
	hist := cbs.History()
	logs := callbacks.Logs{}
	var epochLogs callbacks.Logs
	t.stop = false
	t.resume = nil
	t.pos = FitState{Epoch: c.initialEpoch, Seed: random.NextSeed()}
	if err := cbs.OnTrainBegin(nil); err != nil {
		return hist, err
	}
	first, skip := c.initialEpoch, 0
	if r := t.resume; r != nil {
		first, skip, t.pos.Seed = r.Epoch, r.Step, r.Seed
		if skip >= steps {
			first, skip = first+1, 0
		}
	}
	train.seed = t.pos.Seed
	if c.shuffle && c.stepsPerEpoch > 0 {
		train.shuffle(epochSeed(t.pos.Seed, -1))
	}
	for epoch := first; epoch < c.epochs && !t.stop; epoch++ {
		t.pos.Epoch, t.pos.Step = epoch, 0
		t.resetMetrics()
		clear(logs)
		if err := cbs.OnEpochBegin(epoch, nil); err != nil {
			return hist, err
		}
		if c.shuffle && c.stepsPerEpoch == 0 {
			train.shuffle(epochSeed(t.pos.Seed, epoch))
		}
		for b := 0; b < steps; b++ {
			if epoch == first && b < skip {
				// Resumed run: these batches were trained before the
				// interruption; pass over their data.
				if _, _, _, _, err := train.next(c.shuffle); err != nil {
					return hist, err
				}
				t.pos.Step = b + 1
				continue
			}
			if err := cbs.OnTrainBatchBegin(b, nil); err != nil {
				return hist, err
			}
			xs, ys, sw, idx, err := train.next(c.shuffle)
			if err != nil {
				return hist, fmt.Errorf("fit: batch %d: %w", b, err)
			}
			if err := t.trainStep(xs, ys, sw, idx); err != nil {
				return hist, err
			}
			t.pos.Step = b + 1
			t.fillLogs(logs, "")
			if err := cbs.OnTrainBatchEnd(b, logs); err != nil {
				return hist, err
			}
			if t.stop {
				break
			}
		}
		if c.stepsPerEpoch == 0 {
			train.rewind()
		}
		epochLogs = callbacks.Logs{}
		t.fillLogs(epochLogs, "")
		if val != nil {
			vlogs, err := m.evaluateFeeder(val, cbs, 0)
			if err != nil {
				return hist, fmt.Errorf("fit: validation: %w", err)
			}
			for k, v := range vlogs {
				epochLogs["val_"+k] = v
			}
		}
		if err := cbs.OnEpochEnd(epoch, epochLogs); err != nil {
			return hist, err
		}
		if ds, ok := x.(interface{ OnEpochEnd() }); ok {
			ds.OnEpochEnd()
		}
	}
	if err := cbs.OnTrainEnd(epochLogs); err != nil {
		return hist, err
	}
	return hist, nil
}

// trainStep runs one compiled training step on rows idx of the data.
func (t *trainer) trainStep(xs, ys []*tensor.Tensor, sw []float32, idx []int) error {
	s, err := t.run(trainKind, xs, ys, sw, idx)
	if err != nil {
		return err
	}
	if s.canGrad {
		s.plan.Backward()
		if err := t.optimizer.Apply(s.plan.Grads(), s.vars); err != nil {
			return err
		}
	}
	return t.record(s)
}

// record adds a step's loss and outputs to the loss tracker and metrics.
func (t *trainer) record(s *step) error {
	n := float64(s.xs[0].Dim(0))
	t.lossSum += s.lossValue() * n
	t.lossCount += n
	if err := t.ensureMetrics(s); err != nil {
		return err
	}
	for i, ms := range t.metrics {
		for _, mt := range ms {
			if err := mt.UpdateState(s.ys[i], s.outs[i], s.metricW[i]); err != nil {
				return fmt.Errorf("metric %q: %w", mt.Name(), err)
			}
		}
	}
	return nil
}

// fillLogs writes the loss tracker and the metrics' results into logs.
func (t *trainer) fillLogs(logs callbacks.Logs, prefix string) {
	if t.lossCount > 0 {
		logs[prefix+"loss"] = t.lossSum / t.lossCount
	} else {
		logs[prefix+"loss"] = math.NaN()
	}
	for i, ms := range t.metrics {
		for _, mt := range ms {
			logs[prefix+t.metricName(i, mt.Name())] = mt.Result()
		}
	}
}

func (t *trainer) metricName(out int, name string) string {
	if len(t.model.outputs) > 1 {
		return t.model.outputName(out) + "_" + name
	}
	return name
}

func (t *trainer) resetMetrics() {
	t.lossSum, t.lossCount = 0, 0
	for _, ms := range t.metrics {
		for _, mt := range ms {
			mt.ResetState()
		}
	}
}

// newCallbackList wraps the run's callbacks with Keras's defaults: a History
// (for Fit) and a ProgbarLogger unless verbose is 0. Callbacks see the model
// the user built (a *Sequential rather than its inner graph).
func newCallbackList(c *runConfig, m *Model, p callbacks.Params, history bool) *callbacks.List {
	var cm callbacks.Model = m
	if s, ok := m.Self().(callbacks.Model); ok {
		cm = s
	}
	l := callbacks.NewList(c.callbacks, history, c.verbose != 0, cm, p)
	if pl := l.ProgbarLogger(); pl != nil && c.output != nil {
		pl.Writer = c.output
	}
	return l
}
