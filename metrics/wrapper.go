package metrics

import (
	"fmt"
	"math"

	"github.com/gokeras/keras/tensor"
)

// wkind selects the per-sample function of a MeanMetricWrapper metric.
type wkind int

const (
	kAccuracy wkind = iota
	kBinaryAccuracy
	kCategoricalAccuracy
	kSparseCategoricalAccuracy
	kTopK
	kSparseTopK
	kMSE
	kMAE
	kMAPE
	kMSLE
	kRMSE
	kCosine
	kLogCosh
	kHinge
	kSquaredHinge
	kCategoricalHinge
	kKLD
	kPoisson
	kBCE
	kCCE
	kSCCE
)

// wrapper is keras.metrics.MeanMetricWrapper: a per-sample function of
// (y_true, y_pred) averaged with Mean's weighted reduction.
type wrapper struct {
	base
	meanState
	kind           wkind
	threshold      float64
	k              int
	fromSortedIDs  bool
	fromLogits     bool
	labelSmoothing float64
	axis           int
	ignoreClass    *int
	sqrtResult     bool

	self   Metric    // the exported metric, for error messages
	mask   []float64 // ignore_class mask (SparseCategoricalCrossentropy)
	wbuf   []float32 // masked sample weights
	wt     *tensor.Tensor
	wshape dims
}

// UpdateState computes the batch's per-sample values and accumulates their
// weighted mean.
func (m *wrapper) UpdateState(yTrue, yPred, sampleWeight *tensor.Tensor) error {
	if err := nilErr(m.self, yTrue, yPred); err != nil {
		return err
	}
	ts, err1 := dimsOf(yTrue.Shape())
	ps, err2 := dimsOf(yPred.Shape())
	if err1 != nil || err2 != nil {
		return shapeErr(m.self, fmt.Sprintf("inputs above rank %d are not supported", maxRank), yTrue, yPred)
	}
	vs, err := m.values(yTrue, yPred, ts, ps)
	if err != nil {
		return err
	}
	if m.ignoreClass != nil && sampleWeight != nil {
		if sampleWeight, err = m.maskWeights(vs, sampleWeight); err != nil {
			return fmt.Errorf("metrics: %s (%s): %w", m.name, m.class, err)
		}
	}
	if err := m.add(m.buf, vs, sampleWeight); err != nil {
		return fmt.Errorf("metrics: %s (%s): %w", m.name, m.class, err)
	}
	return nil
}

// Result returns the weighted mean (its square root for RootMeanSquaredError).
func (m *wrapper) Result() float64 {
	if m.sqrtResult {
		return math.Sqrt(m.mean())
	}
	return m.mean()
}

// ResetState zeroes total and count.
func (m *wrapper) ResetState() { m.reset() }

// maskWeights multiplies the sample weights by the ignore_class mask, as
// Keras's apply_mask(reduction="sum") does with the loss's keras_mask.
func (m *wrapper) maskWeights(vs dims, sw *tensor.Tensor) (*tensor.Tensor, error) {
	ws, err := dimsOf(sw.Shape())
	if err != nil {
		return nil, err
	}
	ms, ws := squeezeOrExpand(vs, ws, true)
	b, err := newBcast(ws, ms)
	if err != nil {
		return nil, fmt.Errorf("sample_weight of shape %v does not match values of shape %v: %w", sw.Shape(), vs, err)
	}
	n := ms.size()
	if cap(m.wbuf) < n {
		m.wbuf = make([]float32, n)
	}
	m.wbuf = m.wbuf[:n]
	for j := range m.wbuf {
		m.wbuf[j] = float32(sw.At(b.index(j)) * m.mask[j])
	}
	if m.wt == nil || !m.wshape.equal(ms) {
		m.wt, err = tensor.FromFloat32(m.wbuf, ms.d[:ms.n]...)
		if err != nil {
			return nil, err
		}
		m.wshape = ms
	}
	return m.wt, nil
}

// castTo converts v to the value it has once cast to dtype (Keras casts
// y_true to y_pred's dtype before comparing).
func castTo(v float64, dt tensor.DType) float64 {
	switch dt {
	case tensor.Float32:
		return float64(float32(v))
	case tensor.Bool:
		if v != 0 {
			return 1
		}
		return 0
	default:
		return math.Trunc(v)
	}
}

// argmaxRow returns the index of the first maximum of row r (width c) of t.
func argmaxRow(t *tensor.Tensor, r, c int) int {
	off := r * c
	best, bi := math.Inf(-1), 0
	if f := t.Float32s(); f != nil {
		for j, v := range f[off : off+c] {
			if float64(v) > best || (j == 0) {
				best, bi = float64(v), j
			}
		}
		return bi
	}
	for j := 0; j < c; j++ {
		if v := t.At(off + j); v > best || j == 0 {
			best, bi = v, j
		}
	}
	return bi
}

// inTopK is ops.in_top_k for one row: whether the target's score is among
// the k largest (ties at the boundary count as in).
func inTopK(t *tensor.Tensor, r, c, target, k int) bool {
	if target < 0 || target >= c {
		return false
	}
	off := r * c
	tv := t.At(off + target)
	if math.IsNaN(tv) {
		return false
	}
	greater := 0
	for j := 0; j < c; j++ {
		if t.At(off+j) > tv {
			greater++
		}
	}
	return greater < k
}

func (m *wrapper) sameShape(yTrue, yPred *tensor.Tensor, ts, ps dims) error {
	if !ts.equal(ps) {
		return shapeErr(m.self, "y_true and y_pred must have the same shape", yTrue, yPred)
	}
	return nil
}

// rows returns (rows, width) of a shape reduced over its last axis.
func rowsOf(s dims) (int, int) {
	if s.n == 0 {
		return 1, 1
	}
	return s.prod(0, s.n-1), s.last()
}

func lastReduced(s dims) dims {
	if s.n == 0 {
		return s
	}
	return s.squeezeLast()
}
