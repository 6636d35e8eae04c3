package metrics

import (
	"fmt"
	"math"
	"sort"

	"github.com/gokeras/keras/tensor"
)

// AUC is keras.metrics.AUC: the area under the ROC (default), PR or
// PR-gain curve, approximated with a Riemann sum over num_thresholds=200
// thresholds [-1e-7, 1/(n-1), ..., (n-2)/(n-1), 1+1e-7] (or the given
// thresholds between -1e-7 and 1+1e-7). summation_method "interpolation"
// (default; for PR it uses Davis & Goadrich's interpolation like Keras),
// "minoring" or "majoring". With multi_label, one curve per label is
// computed and their areas averaged (weighted by label_weights if given);
// otherwise label_weights weight the elements of each label.
type AUC struct {
	base
	numThresholds int
	curve         string
	summation     string
	multiLabel    bool
	numLabels     *int
	labelWeights  []float64
	fromLogits    bool
	initThr       []float64 // explicit thresholds, nil when from num_thresholds
	thr           []float64
	even          bool
	c             *confusion // nil until built (multi_label without num_labels)
	perLabel      []float64
}

// NewAUC returns keras.metrics.AUC(num_thresholds=200, curve="ROC",
// summation_method="interpolation", name="auc").
func NewAUC(opts ...Option) (*AUC, error) {
	const class = "AUC"
	o, err := parseOptions(class, "auc", optNumThresholds|optCurve|optSummation|optThresholds|
		optMultiLabel|optNumLabels|optLabelWeights|optFromLogits, opts)
	if err != nil {
		return nil, err
	}
	m := &AUC{base: base{o.name, class, o.dtype}, multiLabel: o.multiLabel, fromLogits: o.fromLogits}
	if m.curve, err = parseCurve(o); err != nil {
		return nil, err
	}
	if m.summation, err = parseSummation(o); err != nil {
		return nil, err
	}
	if o.has(optThresholds) {
		t := append([]float64(nil), o.thresholds...)
		sort.Float64s(t)
		m.initThr = t
		m.numThresholds = len(t) + 2
		m.even = isEvenlyDistributed(append(append([]float64{0}, t...), 1))
	} else {
		n := 200
		if o.has(optNumThresholds) {
			n = o.numThresholds
		}
		if n <= 1 {
			return nil, fmt.Errorf("metrics: AUC: argument num_thresholds must be an integer > 1; received num_thresholds=%d", n)
		}
		m.numThresholds = n
		m.even = true
	}
	m.thr = make([]float64, 0, m.numThresholds)
	m.thr = append(m.thr, 0-epsilon)
	if m.initThr != nil {
		m.thr = append(m.thr, m.initThr...)
	} else {
		for i := 0; i < m.numThresholds-2; i++ {
			m.thr = append(m.thr, float64(i+1)*1.0/float64(m.numThresholds-1))
		}
	}
	m.thr = append(m.thr, 1+epsilon)
	if o.has(optLabelWeights) {
		m.labelWeights = append([]float64(nil), o.labelWeights...)
	}
	if o.has(optNumLabels) && o.numLabels != 0 {
		if !m.multiLabel {
			return nil, fmt.Errorf("metrics: AUC: num_labels is needed only when multi_label is True")
		}
		if o.numLabels < 0 {
			return nil, fmt.Errorf("metrics: AUC: num_labels must be > 0, received %d", o.numLabels)
		}
		n := o.numLabels
		m.numLabels = &n
		m.build(n)
	} else if !m.multiLabel {
		m.build(1)
	}
	return m, nil
}

func parseCurve(o *options) (string, error) {
	if !o.has(optCurve) {
		return "ROC", nil
	}
	switch o.curve {
	case "roc", "ROC":
		return "ROC", nil
	case "pr", "PR":
		return "PR", nil
	case "prgain", "PRGAIN":
		return "PRGAIN", nil
	}
	return "", fmt.Errorf("metrics: AUC: invalid AUC curve value %q; expected values are [\"PR\", \"ROC\", \"PRGAIN\"]", o.curve)
}

func parseSummation(o *options) (string, error) {
	if !o.has(optSummation) {
		return "interpolation", nil
	}
	switch o.summation {
	case "interpolation", "Interpolation":
		return "interpolation", nil
	case "majoring", "Majoring":
		return "majoring", nil
	case "minoring", "Minoring":
		return "minoring", nil
	}
	return "", fmt.Errorf("metrics: AUC: invalid AUC summation method value %q; expected values are [\"interpolation\", \"majoring\", \"minoring\"]", o.summation)
}

func (m *AUC) build(labels int) {
	c := newConfusion(m.thr, m.even, "pftn")
	c.withEps = true
	c.multiLabel = m.multiLabel
	c.fromLogits = m.fromLogits
	if m.multiLabel {
		c.labels = labels
		c.alloc()
	} else {
		c.labelW = m.labelWeights
	}
	m.c = c
	m.perLabel = make([]float64, c.labels)
}

// Thresholds returns the thresholds in use, -1e-7 and 1+1e-7 included.
func (m *AUC) Thresholds() []float64 { return append([]float64(nil), m.thr...) }

// UpdateState accumulates the confusion matrix at every threshold.
func (m *AUC) UpdateState(yTrue, yPred, sampleWeight *tensor.Tensor) error {
	if m.c == nil {
		if err := nilErr(m, yTrue, yPred); err != nil {
			return err
		}
		if yPred.Rank() != 2 {
			return shapeErr(m, "y_pred must have rank 2 when multi_label=True", yTrue, yPred)
		}
		m.build(yPred.Dim(1))
	}
	if m.multiLabel && len(m.labelWeights) > 0 && len(m.labelWeights) != m.c.labels {
		return shapeErr(m, "label_weights has "+itoa(len(m.labelWeights))+" entries for "+itoa(m.c.labels)+" labels", yTrue, yPred)
	}
	return m.c.update(m, yTrue, yPred, sampleWeight)
}

// ResetState zeroes the confusion matrix.
func (m *AUC) ResetState() {
	if m.c != nil {
		m.c.reset()
	}
}

// Result returns the area under the curve.
func (m *AUC) Result() float64 {
	if m.c == nil {
		return 0
	}
	L := m.c.labels
	for l := 0; l < L; l++ {
		m.perLabel[l] = m.labelArea(l)
	}
	if !m.multiLabel {
		return m.perLabel[0]
	}
	if m.labelWeights == nil {
		return meanOf(m.perLabel)
	}
	num, den := 0.0, 0.0
	for l, a := range m.perLabel {
		num += a * m.labelWeights[l]
		den += m.labelWeights[l]
	}
	return divNoNaN(num, den)
}

// labelArea is the area for label column l.
func (m *AUC) labelArea(l int) float64 {
	L, T := m.c.labels, m.numThresholds
	tp := func(i int) float64 { return m.c.tp[i*L+l] }
	fp := func(i int) float64 { return m.c.fp[i*L+l] }
	tn := func(i int) float64 { return m.c.tn[i*L+l] }
	fn := func(i int) float64 { return m.c.fn[i*L+l] }
	area := 0.0
	if m.curve == "PR" && m.summation == "interpolation" {
		for i := 0; i < T-1; i++ {
			dtp := tp(i) - tp(i+1)
			p0, p1 := tp(i)+fp(i), tp(i+1)+fp(i+1)
			dp := p0 - p1
			slope := divNoNaN(dtp, math.Max(dp, 0))
			intercept := tp(i+1) - slope*p1
			ratio := 1.0
			if p0 > 0 && p1 > 0 {
				ratio = divNoNaN(p0, math.Max(p1, 0))
			}
			area += divNoNaN(slope*(dtp+intercept*math.Log(ratio)), math.Max(tp(i+1)+fn(i+1), 0))
		}
		return area
	}
	xy := func(i int) (float64, float64) {
		recall := divNoNaN(tp(i), tp(i)+fn(i))
		switch m.curve {
		case "ROC":
			return divNoNaN(fp(i), fp(i)+tn(i)), recall
		case "PR":
			return recall, divNoNaN(tp(i), tp(i)+fp(i))
		}
		scale := divNoNaN(tp(i)+fn(i), tn(i)+fp(i))
		rg := 1 - scale*divNoNaN(fn(i), tp(i))
		pg := 1 - scale*divNoNaN(fp(i), tp(i))
		if tp(i) == 0 {
			rg, pg = 0, 1
		}
		return math.Max(rg, 0), pg
	}
	x0, y0 := xy(0)
	for i := 0; i < T-1; i++ {
		x1, y1 := xy(i + 1)
		var h float64
		switch m.summation {
		case "interpolation":
			h = (y0 + y1) / 2
		case "minoring":
			h = math.Min(y0, y1)
		default:
			h = math.Max(y0, y1)
		}
		area += (x0 - x1) * h
		x0, y0 = x1, y1
	}
	return area
}

// GetConfig returns Keras's AUC config keys.
func (m *AUC) GetConfig() map[string]any {
	c := m.baseConfig()
	c["num_thresholds"] = m.numThresholds
	c["curve"] = m.curve
	c["summation_method"] = m.summation
	c["multi_label"] = m.multiLabel
	c["num_labels"] = intOrNil(m.numLabels)
	if m.labelWeights != nil {
		c["label_weights"] = append([]float64(nil), m.labelWeights...)
	} else {
		c["label_weights"] = nil
	}
	c["from_logits"] = m.fromLogits
	if m.initThr != nil {
		c["thresholds"] = append([]float64(nil), m.initThr...)
	}
	return c
}
