package metrics

import (
	"fmt"
	"math"

	"github.com/gokeras/keras/tensor"
)

// R2Score is keras.metrics.R2Score: the coefficient of determination per
// output column of 2D (batch, outputs) inputs, aggregated with
// class_aggregation "uniform_average" (default), "variance_weighted_average"
// or None (per output; see ResultTensor), optionally adjusted for
// num_regressors.
type R2Score struct {
	base
	aggregation   string // "" for None
	numRegressors int
	classes       int
	numSamples    float64
	sum, sq       []float64
	residual, cnt []float64
	raw           []float64
}

// NewR2Score returns keras.metrics.R2Score(class_aggregation=
// "uniform_average", num_regressors=0, name="r2_score").
func NewR2Score(opts ...Option) (*R2Score, error) {
	o, err := parseOptions("R2Score", "r2_score", optClassAggregation|optNumRegressors, opts)
	if err != nil {
		return nil, err
	}
	m := &R2Score{base: base{o.name, "R2Score", o.dtype}, aggregation: "uniform_average"}
	if o.has(optClassAggregation) {
		switch o.classAggregation {
		case "", "none", "None":
			m.aggregation = ""
		case "uniform_average", "variance_weighted_average":
			m.aggregation = o.classAggregation
		default:
			return nil, fmt.Errorf("metrics: R2Score: invalid value for argument class_aggregation; expected one of (None, 'uniform_average', 'variance_weighted_average'); received class_aggregation=%s", o.classAggregation)
		}
	}
	if o.numRegressors < 0 {
		return nil, fmt.Errorf("metrics: R2Score: invalid value for argument num_regressors; expected a value >= 0; received num_regressors=%d", o.numRegressors)
	}
	m.numRegressors = o.numRegressors
	return m, nil
}

// UpdateState accumulates the sums of y, y^2, squared residuals and weights
// per output column.
func (m *R2Score) UpdateState(yTrue, yPred, sampleWeight *tensor.Tensor) error {
	if err := nilErr(m, yTrue, yPred); err != nil {
		return err
	}
	ts, err1 := dimsOf(yTrue.Shape())
	ps, err2 := dimsOf(yPred.Shape())
	if err1 != nil || err2 != nil {
		return shapeErr(m, "R2Score expects 2D inputs with shape (batch_size, output_dim)", yTrue, yPred)
	}
	ts, ps = squeezeOrExpand(ts, ps, true)
	if ts.n != 2 || ps.n != 2 {
		return shapeErr(m, "R2Score expects 2D inputs with shape (batch_size, output_dim)", yTrue, yPred)
	}
	if !ts.equal(ps) {
		return shapeErr(m, "y_true and y_pred must have the same shape", yTrue, yPred)
	}
	rows, c := ts.d[0], ts.d[1]
	if m.classes == 0 {
		m.classes = c
		m.sum, m.sq = make([]float64, c), make([]float64, c)
		m.residual, m.cnt = make([]float64, c), make([]float64, c)
		m.raw = make([]float64, c)
	} else if c != m.classes {
		return shapeErr(m, "the number of outputs changed from "+itoa(m.classes), yTrue, yPred)
	}
	var wb bcast
	if sampleWeight != nil {
		ws, err := dimsOf(sampleWeight.Shape())
		if err == nil && ws.n == 1 {
			ws = ws.expandLast()
		}
		if err == nil {
			wb, err = newBcast(ws, ts)
		}
		if err != nil {
			return fmt.Errorf("metrics: %s (R2Score): sample_weight of shape %v does not match y_true of shape %v: %w",
				m.name, sampleWeight.Shape(), yTrue.Shape(), err)
		}
	}
	for r := 0; r < rows; r++ {
		nonzero := false
		for j := 0; j < c; j++ {
			i := r*c + j
			w := 1.0
			if sampleWeight != nil {
				w = sampleWeight.At(wb.index(i))
			}
			t := float64(float32(yTrue.At(i)))
			p := float64(float32(yPred.At(i)))
			m.sum[j] += t * w
			m.sq[j] += t * t * w
			m.residual[j] += (t - p) * (t - p) * w
			m.cnt[j] += w
			nonzero = nonzero || w != 0
		}
		if nonzero {
			m.numSamples++
		}
	}
	return nil
}

func (m *R2Score) rawScores() []float64 {
	for j := range m.raw {
		mean := m.sum[j] / m.cnt[j]
		total := m.sq[j] - m.sum[j]*mean
		v := 1 - m.residual[j]/total
		if math.IsInf(v, 0) {
			v = 0
		}
		m.raw[j] = v
	}
	return m.raw
}

// Result returns the aggregated (and possibly adjusted) R2 score; with
// class_aggregation None, the mean of the per-output scores.
func (m *R2Score) Result() float64 {
	if m.classes == 0 {
		return math.NaN()
	}
	raw := m.rawScores()
	var r2 float64
	if m.aggregation == "variance_weighted_average" {
		num, den := 0.0, 0.0
		for j, v := range raw {
			total := m.sq[j] - m.sum[j]*(m.sum[j]/m.cnt[j])
			num += total * v
			den += total
		}
		r2 = num / den
	} else {
		r2 = meanOf(raw)
	}
	return m.adjust(r2)
}

func (m *R2Score) adjust(r2 float64) float64 {
	if m.numRegressors == 0 {
		return r2
	}
	n, p := m.numSamples, float64(m.numRegressors)
	if p >= n-1 {
		return r2 // Keras warns and falls back to the plain score
	}
	return 1 - (1-r2)*(n-1)/(n-p-1)
}

// ResultTensor returns the per-output scores for class_aggregation None,
// else a scalar.
func (m *R2Score) ResultTensor() *tensor.Tensor {
	if m.aggregation == "" && m.classes > 0 {
		raw := append([]float64(nil), m.rawScores()...)
		for j := range raw {
			raw[j] = m.adjust(raw[j])
		}
		return vectorResult(raw)
	}
	return scalarResult(m.Result())
}

// ResetState zeroes the accumulators.
func (m *R2Score) ResetState() {
	m.numSamples = 0
	clear(m.sum)
	clear(m.sq)
	clear(m.residual)
	clear(m.cnt)
}

// GetConfig returns {name, dtype, class_aggregation, num_regressors}.
func (m *R2Score) GetConfig() map[string]any {
	c := m.baseConfig()
	if m.aggregation == "" {
		c["class_aggregation"] = nil
	} else {
		c["class_aggregation"] = m.aggregation
	}
	c["num_regressors"] = m.numRegressors
	return c
}
