package metrics

import (
	"fmt"

	"github.com/gokeras/keras/tensor"
)

// thresholdsFromOptions is metrics_utils.parse_init_thresholds: the user's
// thresholds (checked to lie in [0, 1]) or the default. init is the value
// get_config reports (nil, a float, or a list).
func thresholdsFromOptions(class string, o *options, def float64) (thr []float64, init any, err error) {
	if !o.has(optThresholds) {
		return []float64{def}, nil, nil
	}
	if len(o.thresholds) == 0 {
		return nil, nil, fmt.Errorf("metrics: %s: thresholds must not be empty", class)
	}
	var bad []float64
	for _, t := range o.thresholds {
		if t < 0 || t > 1 || t != t {
			bad = append(bad, t)
		}
	}
	if len(bad) > 0 {
		return nil, nil, fmt.Errorf("metrics: %s: threshold values must be in [0, 1]; received %v", class, bad)
	}
	thr = append([]float64(nil), o.thresholds...)
	if len(thr) == 1 {
		return thr, thr[0], nil
	}
	return thr, append([]float64(nil), thr...), nil
}

// confusionCount is keras's _ConfusionMatrixConditionCount: one weighted
// count per threshold.
type confusionCount struct {
	base
	c        *confusion
	acc      *[]float64
	initThr  any
	selfDesc Metric
}

func newConfusionCount(class, defName, need string, opts []Option) (*confusionCount, error) {
	o, err := parseOptions(class, defName, optThresholds, opts)
	if err != nil {
		return nil, err
	}
	thr, init, err := thresholdsFromOptions(class, o, 0.5)
	if err != nil {
		return nil, err
	}
	cc := &confusionCount{base: base{o.name, class, o.dtype}, initThr: init}
	cc.c = newConfusion(thr, isEvenlyDistributed(thr), need)
	switch need {
	case "p":
		cc.acc = &cc.c.tp
	case "f":
		cc.acc = &cc.c.fp
	case "t":
		cc.acc = &cc.c.tn
	default:
		cc.acc = &cc.c.fn
	}
	return cc, nil
}

// UpdateState accumulates the batch's weighted count at each threshold.
func (m *confusionCount) UpdateState(yTrue, yPred, sampleWeight *tensor.Tensor) error {
	return m.c.update(m.selfDesc, yTrue, yPred, sampleWeight)
}

// Result returns the count (the mean of the counts for several thresholds).
func (m *confusionCount) Result() float64 { return meanOf(*m.acc) }

// ResultTensor returns the count, a vector for several thresholds.
func (m *confusionCount) ResultTensor() *tensor.Tensor {
	if len(*m.acc) == 1 {
		return scalarResult((*m.acc)[0])
	}
	return vectorResult(*m.acc)
}

// ResetState zeroes the counts.
func (m *confusionCount) ResetState() { m.c.reset() }

// GetConfig returns {name, dtype, thresholds}.
func (m *confusionCount) GetConfig() map[string]any {
	c := m.baseConfig()
	c["thresholds"] = m.initThr
	return c
}

// TruePositives is keras.metrics.TruePositives: the weighted number of
// positive labels predicted above each threshold (default 0.5).
type TruePositives struct{ confusionCount }

// FalsePositives is keras.metrics.FalsePositives: the weighted number of
// negative labels predicted above each threshold (default 0.5).
type FalsePositives struct{ confusionCount }

// TrueNegatives is keras.metrics.TrueNegatives: the weighted number of
// negative labels predicted at or below each threshold (default 0.5).
type TrueNegatives struct{ confusionCount }

// FalseNegatives is keras.metrics.FalseNegatives: the weighted number of
// positive labels predicted at or below each threshold (default 0.5).
type FalseNegatives struct{ confusionCount }

// NewTruePositives returns keras.metrics.TruePositives (option WithThresholds).
func NewTruePositives(opts ...Option) (*TruePositives, error) {
	cc, err := newConfusionCount("TruePositives", "true_positives", "p", opts)
	if err != nil {
		return nil, err
	}
	m := &TruePositives{*cc}
	m.selfDesc = m
	return m, nil
}

// NewFalsePositives returns keras.metrics.FalsePositives (option WithThresholds).
func NewFalsePositives(opts ...Option) (*FalsePositives, error) {
	cc, err := newConfusionCount("FalsePositives", "false_positives", "f", opts)
	if err != nil {
		return nil, err
	}
	m := &FalsePositives{*cc}
	m.selfDesc = m
	return m, nil
}

// NewTrueNegatives returns keras.metrics.TrueNegatives (option WithThresholds).
func NewTrueNegatives(opts ...Option) (*TrueNegatives, error) {
	cc, err := newConfusionCount("TrueNegatives", "true_negatives", "t", opts)
	if err != nil {
		return nil, err
	}
	m := &TrueNegatives{*cc}
	m.selfDesc = m
	return m, nil
}

// NewFalseNegatives returns keras.metrics.FalseNegatives (option WithThresholds).
func NewFalseNegatives(opts ...Option) (*FalseNegatives, error) {
	cc, err := newConfusionCount("FalseNegatives", "false_negatives", "n", opts)
	if err != nil {
		return nil, err
	}
	m := &FalseNegatives{*cc}
	m.selfDesc = m
	return m, nil
}

// precisionRecall is the shared state of Precision and Recall.
type precisionRecall struct {
	base
	c       *confusion
	initThr any
	topK    *int
	classID *int
	recall  bool
	self    Metric
	res     []float64
}

func newPrecisionRecall(class, defName string, recall bool, opts []Option) (*precisionRecall, error) {
	o, err := parseOptions(class, defName, optThresholds|optTopK|optClassID, opts)
	if err != nil {
		return nil, err
	}
	def := 0.5
	if o.has(optTopK) {
		if o.topK < 1 {
			return nil, fmt.Errorf("metrics: %s: top_k must be >= 1, received top_k=%d", class, o.topK)
		}
		def = negInf
	}
	thr, init, err := thresholdsFromOptions(class, o, def)
	if err != nil {
		return nil, err
	}
	need := "pf"
	if recall {
		need = "pn"
	}
	m := &precisionRecall{base: base{o.name, class, o.dtype}, initThr: init, recall: recall}
	m.c = newConfusion(thr, isEvenlyDistributed(thr), need)
	if o.has(optTopK) {
		k := o.topK
		m.topK = &k
		m.c.topK = k
	}
	if o.has(optClassID) {
		if o.classID < 0 {
			return nil, fmt.Errorf("metrics: %s: class_id must be >= 0, received class_id=%d", class, o.classID)
		}
		id := o.classID
		m.classID = &id
		m.c.classID = id
	}
	m.res = make([]float64, len(thr))
	return m, nil
}

// UpdateState accumulates true positives and false positives (Precision)
// or false negatives (Recall) at each threshold.
func (m *precisionRecall) UpdateState(yTrue, yPred, sampleWeight *tensor.Tensor) error {
	return m.c.update(m.self, yTrue, yPred, sampleWeight)
}

func (m *precisionRecall) values() []float64 {
	other := m.c.fp
	if m.recall {
		other = m.c.fn
	}
	for i, tp := range m.c.tp {
		m.res[i] = divNoNaN(tp, tp+other[i])
	}
	return m.res
}

// Result returns tp/(tp+fp) or tp/(tp+fn) (the mean over thresholds when
// there are several).
func (m *precisionRecall) Result() float64 { return meanOf(m.values()) }

// ResultTensor returns the value per threshold (a scalar for one threshold).
func (m *precisionRecall) ResultTensor() *tensor.Tensor {
	v := m.values()
	if len(v) == 1 {
		return scalarResult(v[0])
	}
	return vectorResult(v)
}

// ResetState zeroes the counts.
func (m *precisionRecall) ResetState() { m.c.reset() }

// GetConfig returns {name, dtype, thresholds, top_k, class_id}.
func (m *precisionRecall) GetConfig() map[string]any {
	c := m.baseConfig()
	c["thresholds"] = m.initThr
	c["top_k"] = intOrNil(m.topK)
	c["class_id"] = intOrNil(m.classID)
	return c
}

func intOrNil(p *int) any {
	if p == nil {
		return nil
	}
	return *p
}

// Precision is keras.metrics.Precision: tp / (tp + fp) at a threshold
// (default 0.5; with top_k and no thresholds, every top-k entry counts as
// positive), optionally for one class_id.
type Precision struct{ precisionRecall }

// NewPrecision returns keras.metrics.Precision (options WithThresholds,
// WithTopK, WithClassID).
func NewPrecision(opts ...Option) (*Precision, error) {
	pr, err := newPrecisionRecall("Precision", "precision", false, opts)
	if err != nil {
		return nil, err
	}
	m := &Precision{*pr}
	m.self = m
	return m, nil
}

// Recall is keras.metrics.Recall: tp / (tp + fn) at a threshold (default
// 0.5; with top_k and no thresholds, every top-k entry counts as positive),
// optionally for one class_id.
type Recall struct{ precisionRecall }

// NewRecall returns keras.metrics.Recall (options WithThresholds,
// WithTopK, WithClassID).
func NewRecall(opts ...Option) (*Recall, error) {
	pr, err := newPrecisionRecall("Recall", "recall", true, opts)
	if err != nil {
		return nil, err
	}
	m := &Recall{*pr}
	m.self = m
	return m, nil
}
