package metrics

import (
	"math"

	"github.com/gokeras/keras/tensor"
)

// values fills m.buf with the per-sample values of the metric function for
// this batch and returns their shape.
func (m *wrapper) values(yTrue, yPred *tensor.Tensor, ts, ps dims) (dims, error) {
	switch m.kind {
	case kAccuracy, kBinaryAccuracy, kMSE, kMAE, kMAPE, kMSLE, kRMSE, kCosine, kLogCosh:
		ts, ps = squeezeOrExpand(ts, ps, true)
		if err := m.sameShape(yTrue, yPred, ts, ps); err != nil {
			return ps, err
		}
		return m.elementwise(yTrue, yPred, ps)
	case kHinge, kSquaredHinge, kCategoricalHinge, kKLD, kPoisson, kBCE, kCCE:
		if err := m.sameShape(yTrue, yPred, ts, ps); err != nil {
			return ps, err
		}
		return m.elementwise(yTrue, yPred, ps)
	case kCategoricalAccuracy, kTopK:
		if ts.n == 0 || ps.n == 0 {
			return ps, shapeErr(m.self, "inputs must have rank >= 1", yTrue, yPred)
		}
		tr, tc := rowsOf(ts)
		pr, pc := rowsOf(ps)
		if tr != pr {
			return ps, shapeErr(m.self, "y_true and y_pred must hold the same number of samples", yTrue, yPred)
		}
		m.buf = grow(m.buf, tr)
		for i := 0; i < tr; i++ {
			target := argmaxRow(yTrue, i, tc)
			hit := false
			if m.kind == kCategoricalAccuracy {
				hit = argmaxRow(yPred, i, pc) == target
			} else {
				hit = inTopK(yPred, i, pc, target, m.k)
			}
			m.buf[i] = b2f(hit)
		}
		return lastReduced(ts), nil
	case kSparseCategoricalAccuracy:
		if ps.n == 0 {
			return ps, shapeErr(m.self, "y_pred must have rank >= 1", yTrue, yPred)
		}
		if ts.n == ps.n && ts.n > 0 && ts.last() == 1 {
			ts = ts.squeezeLast()
		}
		pr, pc := rowsOf(ps)
		if ts.size() != pr {
			return ps, shapeErr(m.self, "y_true must hold one label per row of y_pred", yTrue, yPred)
		}
		m.buf = grow(m.buf, pr)
		dt := yPred.DType()
		for i := 0; i < pr; i++ {
			label := castTo(yTrue.At(i), dt)
			m.buf[i] = b2f(label == castTo(float64(argmaxRow(yPred, i, pc)), dt))
		}
		if ts.n > 1 && ts.last() == 1 {
			ts = ts.squeezeLast()
		}
		return ts, nil
	case kSparseTopK:
		if ps.n == 0 {
			return ps, shapeErr(m.self, "y_pred must have rank >= 1", yTrue, yPred)
		}
		pr, pc := rowsOf(ps)
		if ts.size() != pr {
			return ps, shapeErr(m.self, "y_true must hold one label per row of y_pred", yTrue, yPred)
		}
		m.buf = grow(m.buf, pr)
		for i := 0; i < pr; i++ {
			if m.fromSortedIDs {
				label := castTo(yTrue.At(i), yPred.DType())
				hit := false
				for j := 0; j < m.k && j < pc; j++ {
					if yPred.At(i*pc+j) == label {
						hit = true
						break
					}
				}
				m.buf[i] = b2f(hit)
				continue
			}
			m.buf[i] = b2f(inTopK(yPred, i, pc, int(math.Trunc(yTrue.At(i))), m.k))
		}
		return ts, nil
	case kSCCE:
		return m.sparseCrossentropy(yTrue, yPred, ts, ps)
	}
	return ps, shapeErr(m.self, "unknown metric function", yTrue, yPred)
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// elementwise handles metrics whose y_true and y_pred have one shape.
func (m *wrapper) elementwise(yTrue, yPred *tensor.Tensor, s dims) (dims, error) {
	n := s.size()
	rows, c := rowsOf(s)
	pdt := yPred.DType()
	switch m.kind {
	case kAccuracy, kBinaryAccuracy, kRMSE:
		m.buf = grow(m.buf, n)
		thr := float32(m.threshold)
		for i := 0; i < n; i++ {
			t, p := yTrue.At(i), yPred.At(i)
			switch m.kind {
			case kAccuracy:
				m.buf[i] = b2f(castTo(t, pdt) == p)
			case kBinaryAccuracy:
				m.buf[i] = b2f(t == b2f(float32(p) > thr))
			default:
				d := p - castTo(t, pdt)
				m.buf[i] = d * d
			}
		}
		return s, nil
	case kHinge, kSquaredHinge:
		binary := true
		for i := 0; i < n && binary; i++ {
			t := castTo(yTrue.At(i), pdt)
			binary = t == 0 || t == 1
		}
		m.buf = grow(m.buf, n)
		for i := 0; i < n; i++ {
			t := castTo(yTrue.At(i), pdt)
			if binary {
				t = 2*t - 1
			}
			h := math.Max(1-t*yPred.At(i), 0)
			if m.kind == kSquaredHinge {
				h *= h
			}
			m.buf[i] = h
		}
		if s.n == 0 {
			return s, nil
		}
		for r := 0; r < rows; r++ {
			m.buf[r] = reduceRow(m.buf[r*c:(r+1)*c], true)
		}
		return lastReduced(s), nil
	}
	m.buf = grow(m.buf, max(rows, 1))
	if c == 0 {
		return lastReduced(s), nil
	}
	for r := 0; r < rows; r++ {
		m.buf[r] = m.rowValue(yTrue, yPred, r*c, c, pdt)
	}
	return lastReduced(s), nil
}

// rowValue is the per-sample value over the last axis [off, off+c).
func (m *wrapper) rowValue(yTrue, yPred *tensor.Tensor, off, c int, pdt tensor.DType) float64 {
	acc := 0.0
	switch m.kind {
	case kMSE, kMAE, kMAPE, kMSLE, kLogCosh, kPoisson, kBCE:
		ls := m.labelSmoothing
		for j := off; j < off+c; j++ {
			t, p := castTo(yTrue.At(j), pdt), yPred.At(j)
			switch m.kind {
			case kMSE:
				acc += (t - p) * (t - p)
			case kMAE:
				acc += math.Abs(t - p)
			case kMAPE:
				acc += math.Abs((t - p) / math.Max(math.Abs(t), epsilon))
			case kMSLE:
				d := math.Log(math.Max(p, epsilon)+1) - math.Log(math.Max(t, epsilon)+1)
				acc += d * d
			case kLogCosh:
				x := p - t
				acc += x + softplus(-2*x) - math.Ln2
			case kPoisson:
				acc += p - t*math.Log(p+epsilon)
			case kBCE:
				if ls != 0 {
					t = t*(1-ls) + 0.5*ls
				}
				acc += bce(t, p, m.fromLogits)
			}
		}
		acc /= float64(c)
		if m.kind == kMAPE {
			acc *= 100
		}
		return acc
	case kCosine:
		var dot, st, sp float64
		for j := off; j < off+c; j++ {
			t, p := castTo(yTrue.At(j), pdt), yPred.At(j)
			dot += t * p
			st += t * t
			sp += p * p
		}
		e2 := epsilon * epsilon
		return dot / math.Sqrt(math.Max(st, e2)) / math.Sqrt(math.Max(sp, e2))
	case kCategoricalHinge:
		pos, neg := 0.0, math.Inf(-1)
		for j := off; j < off+c; j++ {
			t, p := castTo(yTrue.At(j), pdt), yPred.At(j)
			pos += t * p
			neg = math.Max(neg, (1-t)*p)
		}
		return math.Max(neg-pos+1, 0)
	case kKLD:
		for j := off; j < off+c; j++ {
			t := clip(castTo(yTrue.At(j), pdt), epsilon, 1)
			p := clip(yPred.At(j), epsilon, 1)
			acc += t * math.Log(t/p)
		}
		return acc
	case kCCE:
		ls := m.labelSmoothing
		norm := rowNorm(yPred, off, c, m.fromLogits)
		for j := off; j < off+c; j++ {
			t := castTo(yTrue.At(j), pdt)
			if ls != 0 {
				t = t*(1-ls) + ls/float64(c)
			}
			acc -= t * logProb(yPred.At(j), norm, m.fromLogits)
		}
		return acc
	}
	return 0
}

// sparseCrossentropy computes sparse_categorical_crossentropy per sample,
// with Keras's ignore_class handling (values zeroed, mask kept for weights).
func (m *wrapper) sparseCrossentropy(yTrue, yPred *tensor.Tensor, ts, ps dims) (dims, error) {
	if ps.n == 0 {
		return ps, shapeErr(m.self, "y_pred must have rank >= 1", yTrue, yPred)
	}
	if ts.n == ps.n && ts.last() == 1 {
		ts = ts.squeezeLast()
	}
	if !ts.equal(ps.squeezeLast()) {
		return ps, shapeErr(m.self, "y_true must have the shape of y_pred without its last axis", yTrue, yPred)
	}
	rows, c := rowsOf(ps)
	m.buf = grow(m.buf, rows)
	if m.ignoreClass != nil {
		m.mask = grow(m.mask, rows)
	}
	for r := 0; r < rows; r++ {
		label := yTrue.At(r)
		if m.ignoreClass != nil {
			if label == float64(*m.ignoreClass) {
				m.mask[r] = 0
				m.buf[r] = 0
				continue
			}
			m.mask[r] = 1
		}
		li := int(math.Trunc(label))
		if li < 0 || li >= c {
			return ts, shapeErr(m.self, "label "+itoa(li)+" is out of range [0, "+itoa(c)+")", yTrue, yPred)
		}
		norm := rowNorm(yPred, r*c, c, m.fromLogits)
		m.buf[r] = -logProb(yPred.At(r*c+li), norm, m.fromLogits)
	}
	return ts, nil
}

// rowNorm is the normaliser of the row [off, off+c): its log-sum-exp for
// logits, else its sum.
func rowNorm(t *tensor.Tensor, off, c int, fromLogits bool) float64 {
	if fromLogits {
		mx := math.Inf(-1)
		for i := off; i < off+c; i++ {
			mx = math.Max(mx, t.At(i))
		}
		s := 0.0
		for i := off; i < off+c; i++ {
			s += math.Exp(t.At(i) - mx)
		}
		return mx + math.Log(s)
	}
	s := 0.0
	for i := off; i < off+c; i++ {
		s += t.At(i)
	}
	return s
}

// logProb is the log-probability of value v of a row with normaliser norm:
// v - logsumexp for logits, else log(clip(v/sum, eps, 1-eps)).
func logProb(v, norm float64, fromLogits bool) float64 {
	if fromLogits {
		return v - norm
	}
	return math.Log(clip(v/norm, epsilon, 1-epsilon))
}

// bce is the element-wise binary cross-entropy.
func bce(t, p float64, fromLogits bool) float64 {
	if fromLogits {
		// max(x, 0) - x*z + log(1 + exp(-|x|))
		return math.Max(p, 0) - p*t + math.Log1p(math.Exp(-math.Abs(p)))
	}
	p = clip(p, epsilon, 1-epsilon)
	return -(t*math.Log(p) + (1-t)*math.Log(1-p))
}

func softplus(x float64) float64 {
	if x > 0 {
		return x + math.Log1p(math.Exp(-x))
	}
	return math.Log1p(math.Exp(x))
}

func clip(v, lo, hi float64) float64 { return math.Min(math.Max(v, lo), hi) }

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	neg := i < 0
	if neg {
		i = -i
	}
	var b [20]byte
	k := len(b)
	for i > 0 {
		k--
		b[k] = byte('0' + i%10)
		i /= 10
	}
	if neg {
		k--
		b[k] = '-'
	}
	return string(b[k:])
}
