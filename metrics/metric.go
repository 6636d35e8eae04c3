package metrics

import (
	"fmt"

	"github.com/gokeras/keras/tensor"
)

// Metric is keras.metrics.Metric: a stateful statistic over batches.
type Metric interface {
	// UpdateState accumulates one batch. sampleWeight may be nil. It works
	// on raw data (it is not differentiable) and allocates nothing once its
	// scratch buffers fit the batch shape.
	UpdateState(yTrue, yPred, sampleWeight *tensor.Tensor) error
	// Result is the current value; multi-value metrics return the mean of
	// ResultTensor (see MultiResult).
	Result() float64
	// ResetState zeroes the accumulated state (Keras reset_state).
	ResetState()
	// Name is the metric's name ("accuracy", "sparse_categorical_accuracy"...).
	Name() string
	// ClassName is the Keras class name ("SparseCategoricalAccuracy").
	ClassName() string
	// GetConfig returns Keras's get_config keys and values.
	GetConfig() map[string]any
}

// MultiResult is implemented by metrics whose Keras result can be a vector
// (several thresholds, per-class scores). ResultTensor returns it as a
// float32 tensor: rank 0 when Keras returns a scalar.
type MultiResult interface {
	ResultTensor() *tensor.Tensor
}

// base holds what every metric has: name, class name and dtype.
type base struct {
	name  string
	class string
	dtype string
}

// Name returns the metric's name.
func (b *base) Name() string { return b.name }

// ClassName returns the Keras class name.
func (b *base) ClassName() string { return b.class }

// SetName renames the metric (Keras assigns metric.name; compile does so for
// string identifiers).
func (b *base) SetName(name string) { b.name = name }

func (b *base) baseConfig() map[string]any {
	return map[string]any{"name": b.name, "dtype": b.dtype}
}

// divNoNaN is ops.divide_no_nan: 0 where the denominator is 0.
func divNoNaN(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

// epsilon is keras.backend.epsilon().
const epsilon = 1e-7

// scalarResult wraps a value as a rank-0 float32 tensor.
func scalarResult(v float64) *tensor.Tensor { return tensor.Scalar(float32(v)) }

// vectorResult wraps values as a rank-1 float32 tensor.
func vectorResult(v []float64) *tensor.Tensor {
	d := make([]float32, len(v))
	for i, x := range v {
		d[i] = float32(x)
	}
	t, _ := tensor.FromFloat32(d, len(d))
	return t
}

func meanOf(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := 0.0
	for _, x := range v {
		s += x
	}
	return s / float64(len(v))
}

func shapeErr(m Metric, what string, yTrue, yPred *tensor.Tensor) error {
	return fmt.Errorf("metrics: %s (%s): %s; received y_true.shape=%v and y_pred.shape=%v",
		m.Name(), m.ClassName(), what, yTrue.Shape(), yPred.Shape())
}

func nilErr(m Metric, yTrue, yPred *tensor.Tensor) error {
	if yTrue == nil || yPred == nil {
		return fmt.Errorf("metrics: %s (%s): y_true and y_pred must not be nil", m.Name(), m.ClassName())
	}
	return nil
}
