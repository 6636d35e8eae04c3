package metrics

import (
	"fmt"

	"github.com/gokeras/keras/tensor"
)

// Mean is keras.metrics.Mean: the (weighted) mean of the values passed to
// Update. As a Metric, UpdateState(values, nil, sampleWeight) takes the
// values as its first argument; the second must be nil.
type Mean struct {
	base
	meanState
}

// NewMean returns keras.metrics.Mean(name="mean").
func NewMean(opts ...Option) (*Mean, error) {
	o, err := parseOptions("Mean", "mean", 0, opts)
	if err != nil {
		return nil, err
	}
	return &Mean{base: base{o.name, "Mean", o.dtype}}, nil
}

// Update accumulates values with optional sample weights (Keras
// update_state(values, sample_weight)).
func (m *Mean) Update(values, sampleWeight *tensor.Tensor) error {
	if values == nil {
		return fmt.Errorf("metrics: %s (Mean): values must not be nil", m.name)
	}
	vs, err := dimsOf(values.Shape())
	if err != nil {
		return fmt.Errorf("metrics: %s (Mean): %w", m.name, err)
	}
	m.buf = copyValues(m.buf, values)
	if err := m.add(m.buf, vs, sampleWeight); err != nil {
		return fmt.Errorf("metrics: %s (Mean): %w", m.name, err)
	}
	return nil
}

// UpdateState is Update(values, sampleWeight); yPred must be nil.
func (m *Mean) UpdateState(values, yPred, sampleWeight *tensor.Tensor) error {
	if yPred != nil {
		return fmt.Errorf("metrics: %s (Mean) takes values only; pass y_pred as nil", m.name)
	}
	return m.Update(values, sampleWeight)
}

// Result returns total / count (0 when count is 0).
func (m *Mean) Result() float64 { return m.mean() }

// ResetState zeroes total and count.
func (m *Mean) ResetState() { m.reset() }

// GetConfig returns {name, dtype}.
func (m *Mean) GetConfig() map[string]any { return m.baseConfig() }

// Sum is keras.metrics.Sum: the (weighted) sum of the values passed to
// Update. As a Metric, UpdateState(values, nil, sampleWeight).
type Sum struct {
	base
	total float64
	buf   []float64
}

// NewSum returns keras.metrics.Sum(name="sum").
func NewSum(opts ...Option) (*Sum, error) {
	o, err := parseOptions("Sum", "sum", 0, opts)
	if err != nil {
		return nil, err
	}
	return &Sum{base: base{o.name, "Sum", o.dtype}}, nil
}

// Update accumulates the (weighted) sum of values.
func (m *Sum) Update(values, sampleWeight *tensor.Tensor) error {
	if values == nil {
		return fmt.Errorf("metrics: %s (Sum): values must not be nil", m.name)
	}
	vs, err := dimsOf(values.Shape())
	if err != nil {
		return fmt.Errorf("metrics: %s (Sum): %w", m.name, err)
	}
	m.buf = copyValues(m.buf, values)
	t, _, err := reduceSamplewise(m.buf, vs, sampleWeight, false)
	if err != nil {
		return fmt.Errorf("metrics: %s (Sum): %w", m.name, err)
	}
	m.total += t
	return nil
}

// UpdateState is Update(values, sampleWeight); yPred must be nil.
func (m *Sum) UpdateState(values, yPred, sampleWeight *tensor.Tensor) error {
	if yPred != nil {
		return fmt.Errorf("metrics: %s (Sum) takes values only; pass y_pred as nil", m.name)
	}
	return m.Update(values, sampleWeight)
}

// Result returns the total.
func (m *Sum) Result() float64 { return m.total }

// ResetState zeroes the total.
func (m *Sum) ResetState() { m.total = 0 }

// GetConfig returns {name, dtype}.
func (m *Sum) GetConfig() map[string]any { return m.baseConfig() }

func copyValues(buf []float64, t *tensor.Tensor) []float64 {
	n := t.Size()
	buf = grow(buf, n)
	if f := t.Float32s(); f != nil {
		for i, v := range f {
			buf[i] = float64(v)
		}
		return buf
	}
	for i := range buf {
		buf[i] = t.At(i)
	}
	return buf
}
