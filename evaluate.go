package keras

import (
	"fmt"

	"github.com/gokeras/keras/callbacks"
	"github.com/gokeras/keras/metrics"
	"github.com/gokeras/keras/tensor"
)

// Evaluate is model.evaluate: the loss and metrics on x and y, in the order
// of MetricsNames ("loss" first).
func (m *Model) Evaluate(x, y any, opts ...RunOption) ([]float64, error) {
	if !m.trainer.compiled {
		return nil, fmt.Errorf("you must call Compile before using the model: model %q is not compiled", m.Name())
	}
	c := newRunConfig(opts)
	if c.batchSize <= 0 {
		return nil, fmt.Errorf("evaluate: batch_size must be > 0, got %d", c.batchSize)
	}
	f, err := newFeeder(x, y, c.sampleWeight, nil, c.batchSize)
	if err != nil {
		return nil, fmt.Errorf("evaluate: %w", err)
	}
	steps := f.batches()
	if c.steps > 0 {
		steps = c.steps
	}
	cbs := newCallbackList(c, m, callbacks.Params{Steps: steps, Verbose: c.verbose}, false)
	logs, err := m.evaluateFeeder(f, cbs, steps)
	if err != nil {
		return nil, err
	}
	names := m.MetricsNames()
	out := make([]float64, len(names))
	for i, n := range names {
		out[i] = logs[n]
	}
	return out, nil
}

// evaluateFeeder runs the test steps over one pass of f. cbs may be nil.
func (m *Model) evaluateFeeder(f *feeder, cbs *callbacks.List, steps int) (callbacks.Logs, error) {
	t := &m.trainer
	if steps <= 0 {
		steps = f.batches()
	}
	t.resetMetrics()
	logs := callbacks.Logs{}
	if cbs != nil {
		if err := cbs.OnTestBegin(nil); err != nil {
			return nil, err
		}
	}
	f.rewind()
	for b := 0; b < steps; b++ {
		if cbs != nil {
			if err := cbs.OnTestBatchBegin(b, nil); err != nil {
				return nil, err
			}
		}
		xs, ys, sw, idx, err := f.next(false)
		if err != nil {
			return nil, err
		}
		s, err := t.run(testKind, xs, ys, sw, idx)
		if err != nil {
			return nil, err
		}
		if err := t.record(s); err != nil {
			return nil, err
		}
		t.fillLogs(logs, "")
		if cbs != nil {
			if err := cbs.OnTestBatchEnd(b, logs); err != nil {
				return nil, err
			}
		}
	}
	t.fillLogs(logs, "")
	if cbs != nil {
		if err := cbs.OnTestEnd(logs); err != nil {
			return nil, err
		}
	}
	return logs, nil
}

// TrainOnBatch runs one training step on a single batch and returns the
// loss and metrics (MetricsNames order). The returned slice is reused by
// the next call. Metrics accumulate across calls, as Keras's do, until
// ResetMetrics.
func (m *Model) TrainOnBatch(x, y any) ([]float64, error) { return m.onBatch(trainKind, x, y) }

// TestOnBatch evaluates a single batch (see TrainOnBatch for the result).
func (m *Model) TestOnBatch(x, y any) ([]float64, error) { return m.onBatch(testKind, x, y) }

func (m *Model) onBatch(kind stepKind, x, y any) ([]float64, error) {
	t := &m.trainer
	if !t.compiled {
		return nil, fmt.Errorf("you must call Compile before using the model: model %q is not compiled", m.Name())
	}
	xs, err := toTensors("x", x, &t.xbuf)
	if err != nil {
		return nil, err
	}
	ys, err := toTensors("y", y, &t.ybuf)
	if err != nil {
		return nil, err
	}
	n, err := sampleCount(xs, ys)
	if err != nil {
		return nil, err
	}
	if cap(t.batchIdx) < n {
		t.batchIdx = make([]int, n)
		for i := range t.batchIdx {
			t.batchIdx[i] = i
		}
	}
	idx := t.batchIdx[:n]
	// Keras resets metrics on each train_on_batch unless reset_metrics=False;
	// the default resets.
	t.resetMetrics()
	if kind == trainKind {
		err = t.trainStep(xs, ys, nil, idx)
	} else {
		var s *step
		if s, err = t.run(testKind, xs, ys, nil, idx); err == nil {
			err = t.record(s)
		}
	}
	if err != nil {
		return nil, err
	}
	t.result = t.result[:0]
	t.result = append(t.result, t.lossSum/t.lossCount)
	for _, ms := range t.metrics {
		for _, mt := range ms {
			t.result = append(t.result, mt.Result())
		}
	}
	return t.result, nil
}

// MetricsNames is model.metrics_names flattened: "loss", then each metric
// (prefixed by the output name when the model has several outputs). Metric
// names are known after the first step.
func (m *Model) MetricsNames() []string {
	names := []string{"loss"}
	for i, ms := range m.trainer.metrics {
		for _, mt := range ms {
			names = append(names, m.trainer.metricName(i, mt.Name()))
		}
	}
	return names
}

// ensureMetrics resolves the compiled metric identifiers once the shapes of
// targets and outputs are known ("accuracy" depends on them).
func (t *trainer) ensureMetrics(s *step) error {
	if t.metrics != nil {
		return nil
	}
	t.metrics = make([][]metrics.Metric, len(t.metricIDs))
	for i, ids := range t.metricIDs {
		lossName := ""
		if t.losses[i] != nil {
			lossName = t.losses[i].Name()
		}
		for _, id := range ids {
			mt, err := metrics.Resolve(id, lossName, s.ys[i].Shape(), s.outs[i].Shape())
			if err != nil {
				t.metrics = nil
				return fmt.Errorf("compile: metrics for output %q: %w", t.model.outputName(i), err)
			}
			t.metrics[i] = append(t.metrics[i], mt)
		}
	}
	return nil
}

// Predict is model.predict: the outputs (one tensor per model output) for
// x, computed batch by batch in inference mode.
func (m *Model) Predict(x any, opts ...RunOption) ([]*tensor.Tensor, error) {
	c := newRunConfig(opts)
	if c.batchSize <= 0 {
		return nil, fmt.Errorf("predict: batch_size must be > 0, got %d", c.batchSize)
	}
	f, err := newFeeder(x, nil, nil, nil, c.batchSize)
	if err != nil {
		return nil, fmt.Errorf("predict: %w", err)
	}
	steps := f.batches()
	if c.steps > 0 {
		steps = c.steps
	}
	cbs := newCallbackList(c, m, callbacks.Params{Steps: steps, Verbose: c.verbose}, false)
	if err := cbs.OnPredictBegin(nil); err != nil {
		return nil, err
	}
	var results []*tensor.Tensor
	row := 0
	for b := 0; b < steps; b++ {
		if err := cbs.OnPredictBatchBegin(b, nil); err != nil {
			return nil, err
		}
		xs, _, _, idx, err := f.next(false)
		if err != nil {
			return nil, err
		}
		s, err := m.trainer.run(predictKind, xs, nil, nil, idx)
		if err != nil {
			return nil, err
		}
		if results == nil {
			total := f.n
			if total < 0 {
				total = 0 // Dataset: grown below
			}
			for _, o := range s.outs {
				shape := o.Shape().Clone()
				shape[0] = total
				r, err := tensor.New(o.DType(), shape...)
				if err != nil {
					return nil, err
				}
				results = append(results, r)
			}
		}
		for i, o := range s.outs {
			results[i] = appendRows(results[i], o, row)
		}
		row += len(idx)
		if err := cbs.OnPredictBatchEnd(b, nil); err != nil {
			return nil, err
		}
	}
	if err := cbs.OnPredictEnd(nil); err != nil {
		return nil, err
	}
	for i, r := range results {
		if r.Dim(0) != row {
			results[i] = sliceRows(r, 0, row)
		}
	}
	return results, nil
}

// PredictOnBatch returns the outputs for a single batch. The tensors are
// owned by the model and overwritten by the next call.
func (m *Model) PredictOnBatch(x any) ([]*tensor.Tensor, error) {
	t := &m.trainer
	xs, err := toTensors("x", x, &t.xbuf)
	if err != nil {
		return nil, err
	}
	n, err := sampleCount(xs)
	if err != nil {
		return nil, err
	}
	if cap(t.batchIdx) < n {
		t.batchIdx = make([]int, n)
		for i := range t.batchIdx {
			t.batchIdx[i] = i
		}
	}
	s, err := t.run(predictKind, xs, nil, nil, t.batchIdx[:n])
	if err != nil {
		return nil, err
	}
	return s.outs, nil
}

// appendRows copies src into dst starting at row, growing dst if needed.
func appendRows(dst, src *tensor.Tensor, row int) *tensor.Tensor {
	n := src.Dim(0)
	if row+n > dst.Dim(0) {
		shape := dst.Shape().Clone()
		shape[0] = max(2*dst.Dim(0), row+n)
		grown, _ := tensor.New(dst.DType(), shape...)
		copyRows(grown, dst, 0, dst.Dim(0))
		dst = grown
	}
	copyRows(dst, src, row, n)
	return dst
}

// copyRows copies the first n rows of src into dst at row.
func copyRows(dst, src *tensor.Tensor, row, n int) {
	r := src.Size() / max(src.Dim(0), 1)
	lo, hi := row*r, (row+n)*r
	switch dst.DType() {
	case tensor.Float32:
		copy(dst.Float32s()[lo:hi], src.Float32s())
	case tensor.Int32:
		copy(dst.Int32s()[lo:hi], src.Int32s())
	case tensor.Int64:
		copy(dst.Int64s()[lo:hi], src.Int64s())
	case tensor.Uint8:
		copy(dst.Uint8s()[lo:hi], src.Uint8s())
	case tensor.Bool:
		copy(dst.Bools()[lo:hi], src.Bools())
	case tensor.String:
		copy(dst.Strings()[lo:hi], src.Strings())
	}
}
