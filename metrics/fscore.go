package metrics

import (
	"fmt"
	"math"

	"github.com/gokeras/keras/tensor"
)

// FBetaScore is keras.metrics.FBetaScore: (1+beta^2) * P*R / (beta^2*P + R)
// on 2D (batch, classes) inputs. Without threshold, each row's maximum
// (if non-zero) is the positive prediction; otherwise y_pred > threshold.
// average None (per class; see ResultTensor), "micro", "macro" or
// "weighted".
type FBetaScore struct {
	base
	average   string // "" for None
	beta      float64
	threshold *float64
	isF1      bool
	classes   int // 0 until built
	tp, fp    []float64
	fn, wts   []float64
	res       []float64
}

// F1Score is keras.metrics.F1Score: FBetaScore with beta=1.
type F1Score struct{ FBetaScore }

// NewFBetaScore returns keras.metrics.FBetaScore(average=None, beta=1.0,
// threshold=None, name="fbeta_score").
func NewFBetaScore(opts ...Option) (*FBetaScore, error) {
	return newFBeta("FBetaScore", "fbeta_score", optBeta, opts)
}

// NewF1Score returns keras.metrics.F1Score(average=None, threshold=None,
// name="f1_score").
func NewF1Score(opts ...Option) (*F1Score, error) {
	f, err := newFBeta("F1Score", "f1_score", 0, opts)
	if err != nil {
		return nil, err
	}
	f.isF1 = true
	return &F1Score{*f}, nil
}

func newFBeta(class, defName string, extra optBit, opts []Option) (*FBetaScore, error) {
	o, err := parseOptions(class, defName, extra|optAverage|optThreshold, opts)
	if err != nil {
		return nil, err
	}
	m := &FBetaScore{base: base{o.name, class, o.dtype}, beta: 1}
	switch o.average {
	case "", "none", "None":
	case "micro", "macro", "weighted":
		m.average = o.average
	default:
		return nil, fmt.Errorf("metrics: %s: invalid average argument value; expected one of {None, 'micro', 'macro', 'weighted'}; received average=%s", class, o.average)
	}
	if o.has(optBeta) {
		if !(o.beta > 0) {
			return nil, fmt.Errorf("metrics: %s: invalid beta argument value; it should be > 0; received beta=%g", class, o.beta)
		}
		m.beta = o.beta
	}
	if o.has(optThreshold) {
		if !(o.threshold > 0 && o.threshold <= 1) {
			return nil, fmt.Errorf("metrics: %s: invalid threshold argument value; it should verify 0 < threshold <= 1; received threshold=%g", class, o.threshold)
		}
		t := o.threshold
		m.threshold = &t
	}
	return m, nil
}

func (m *FBetaScore) build(classes int) {
	n := classes
	if m.average == "micro" {
		n = 1
	}
	m.classes = classes
	m.tp, m.fp = make([]float64, n), make([]float64, n)
	m.fn, m.wts = make([]float64, n), make([]float64, n)
	m.res = make([]float64, n)
}

// UpdateState accumulates true/false positives, false negatives and label
// totals per class (or overall for micro).
func (m *FBetaScore) UpdateState(yTrue, yPred, sampleWeight *tensor.Tensor) error {
	if err := nilErr(m, yTrue, yPred); err != nil {
		return err
	}
	if yTrue.Rank() != 2 || yPred.Rank() != 2 {
		return shapeErr(m, m.class+" expects 2D inputs with shape (batch_size, output_dim)", yTrue, yPred)
	}
	if !yTrue.Shape().Equal(yPred.Shape()) {
		return shapeErr(m, "y_true and y_pred must have the same shape", yTrue, yPred)
	}
	rows, c := yPred.Dim(0), yPred.Dim(1)
	if m.classes == 0 {
		m.build(c)
	} else if c != m.classes {
		return shapeErr(m, "the number of classes changed from "+itoa(m.classes), yTrue, yPred)
	}
	var wb bcast
	if sampleWeight != nil {
		ws, err := dimsOf(sampleWeight.Shape())
		if err != nil || ws.n > 2 {
			return fmt.Errorf("metrics: %s (%s): sample_weight of shape %v must have rank <= 2", m.name, m.class, sampleWeight.Shape())
		}
		for ws.n < 2 {
			ws = ws.expandLast()
		}
		pd, _ := dimsOf(yPred.Shape())
		if wb, err = newBcast(ws, pd); err != nil {
			return fmt.Errorf("metrics: %s (%s): sample_weight of shape %v does not match y_true of shape %v: %w",
				m.name, m.class, sampleWeight.Shape(), yTrue.Shape(), err)
		}
	}
	for r := 0; r < rows; r++ {
		mx := math.Inf(-1)
		if m.threshold == nil {
			for j := 0; j < c; j++ {
				mx = math.Max(mx, float64(float32(yPred.At(r*c+j))))
			}
		}
		for j := 0; j < c; j++ {
			i := r*c + j
			p := float64(float32(yPred.At(i)))
			var pos bool
			if m.threshold == nil {
				pos = p >= mx && math.Abs(p) > 1e-9
			} else {
				pos = float32(p) > float32(*m.threshold)
			}
			yp := b2f(pos)
			yt := float64(float32(yTrue.At(i)))
			w := 1.0
			if sampleWeight != nil {
				w = sampleWeight.At(wb.index(i))
			}
			k := j
			if m.average == "micro" {
				k = 0
			}
			m.tp[k] += yp * yt * w
			m.fp[k] += yp * (1 - yt) * w
			m.fn[k] += (1 - yp) * yt * w
			m.wts[k] += yt * w
		}
	}
	return nil
}

func (m *FBetaScore) scores() []float64 {
	b2 := m.beta * m.beta
	for k := range m.res {
		p := m.tp[k] / (m.tp[k] + m.fp[k] + epsilon)
		r := m.tp[k] / (m.tp[k] + m.fn[k] + epsilon)
		m.res[k] = p * r / (b2*p + r + epsilon) * (1 + b2)
	}
	return m.res
}

// Result returns the averaged score; for average=None, the mean of the
// per-class scores (ResultTensor has them all).
func (m *FBetaScore) Result() float64 {
	if m.classes == 0 {
		return 0
	}
	s := m.scores()
	if m.average == "weighted" {
		tot := 0.0
		for _, w := range m.wts {
			tot += w
		}
		out := 0.0
		for k, v := range s {
			out += v * m.wts[k] / (tot + epsilon)
		}
		return out
	}
	return meanOf(s)
}

// ResultTensor returns the per-class scores for average=None, else a scalar.
func (m *FBetaScore) ResultTensor() *tensor.Tensor {
	if m.average == "" && m.classes > 0 {
		return vectorResult(m.scores())
	}
	return scalarResult(m.Result())
}

// ResetState zeroes the accumulators.
func (m *FBetaScore) ResetState() {
	clear(m.tp)
	clear(m.fp)
	clear(m.fn)
	clear(m.wts)
}

// GetConfig returns {name, dtype, average, beta, threshold} (F1Score: no beta).
func (m *FBetaScore) GetConfig() map[string]any {
	c := m.baseConfig()
	if m.average == "" {
		c["average"] = nil
	} else {
		c["average"] = m.average
	}
	if !m.isF1 {
		c["beta"] = m.beta
	}
	if m.threshold == nil {
		c["threshold"] = nil
	} else {
		c["threshold"] = *m.threshold
	}
	return c
}
