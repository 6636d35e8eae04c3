package metrics

import (
	"fmt"
	"math"

	"github.com/gokeras/keras/tensor"
)

// negInf is metrics_utils.NEG_INF, the score given to entries outside top_k.
const negInf = -1e10

// confusion accumulates Keras's confusion-matrix variables
// (metrics_utils.update_confusion_matrix_variables) at a list of thresholds.
type confusion struct {
	thresholds []float64 // as given (float64)
	thr32      []float32 // as Keras stores them (float32)
	even       bool      // thresholds_distributed_evenly: bucket algorithm
	withEps    bool      // thresholds start below 0 or end above 1
	topK       int       // 0: none
	classID    int       // -1: none
	multiLabel bool
	labels     int       // columns per threshold (multi_label), else 1
	labelW     []float64 // label_weights applied per element (not multi_label)
	fromLogits bool

	needTP, needFP, needTN, needFN bool
	tp, fp, tn, fn                 []float64

	// scratch
	bTrue, bFalse []float64 // per-bucket weighted true/false labels
	totT, totF    []float64 // per-label weighted true/false totals
	keep          []bool    // top_k mask of one row
	pred          []float64 // y_pred after top_k filtering
}

func newConfusion(thresholds []float64, even bool, need string) *confusion {
	c := &confusion{thresholds: thresholds, even: even, classID: -1, labels: 1}
	c.thr32 = make([]float32, len(thresholds))
	for i, t := range thresholds {
		c.thr32[i] = float32(t)
	}
	if even {
		c.withEps = thresholds[0] < 0 || thresholds[len(thresholds)-1] > 1
	}
	for _, ch := range need {
		switch ch {
		case 'p':
			c.needTP = true
		case 'f':
			c.needFP = true
		case 't':
			c.needTN = true
		case 'n':
			c.needFN = true
		}
	}
	c.alloc()
	return c
}

func (c *confusion) alloc() {
	n := len(c.thresholds) * c.labels
	mk := func(need bool) []float64 {
		if need {
			return make([]float64, n)
		}
		return nil
	}
	c.tp, c.fp, c.tn, c.fn = mk(c.needTP), mk(c.needFP), mk(c.needTN), mk(c.needFN)
}

func (c *confusion) reset() {
	clear(c.tp)
	clear(c.fp)
	clear(c.tn)
	clear(c.fn)
}

// isEvenlyDistributed is metrics_utils.is_evenly_distributed_thresholds.
func isEvenlyDistributed(t []float64) bool {
	n := len(t)
	if n < 3 {
		return false
	}
	for i, v := range t {
		e := float64(float32(i) / float32(n-1))
		if math.Abs(v-e) > epsilon+1e-5*math.Abs(e) {
			return false
		}
	}
	return true
}

// update accumulates one batch.
func (c *confusion) update(m Metric, yTrue, yPred, sw *tensor.Tensor) error {
	if err := nilErr(m, yTrue, yPred); err != nil {
		return err
	}
	ts, err1 := dimsOf(yTrue.Shape())
	ps, err2 := dimsOf(yPred.Shape())
	if err1 != nil || err2 != nil {
		return shapeErr(m, fmt.Sprintf("inputs above rank %d are not supported", maxRank), yTrue, yPred)
	}
	ps, ts = squeezeOrExpand(ps, ts, true)
	if !ts.equal(ps) {
		return shapeErr(m, "y_true and y_pred must have the same shape", yTrue, yPred)
	}
	var wb bcast
	if sw != nil {
		ws, err := dimsOf(sw.Shape())
		if err != nil {
			return fmt.Errorf("metrics: %s (%s): sample_weight: %w", m.Name(), m.ClassName(), err)
		}
		ws = ws.expandLast()
		_, ws = squeezeOrExpand(ts, ws, false)
		if wb, err = newBcast(ws, ps); err != nil {
			return fmt.Errorf("metrics: %s (%s): sample_weight of shape %v does not match y_pred of shape %v: %w",
				m.Name(), m.ClassName(), sw.Shape(), yPred.Shape(), err)
		}
	}
	n := ps.size()
	width := 1
	if ps.n > 0 {
		width = ps.last()
	}
	if c.classID >= 0 {
		if ps.n < 2 {
			return shapeErr(m, "when class_id is provided, y_pred must be a 2D array with shape (num_samples, num_classes)", yTrue, yPred)
		}
		if c.classID >= width {
			return shapeErr(m, "class_id "+itoa(c.classID)+" is out of range for "+itoa(width)+" classes", yTrue, yPred)
		}
	}
	if c.multiLabel {
		if ps.n != 2 {
			return shapeErr(m, "y_pred must have rank 2 when multi_label=True", yTrue, yPred)
		}
		if width != c.labels {
			return shapeErr(m, "y_pred must have num_labels="+itoa(c.labels)+" columns", yTrue, yPred)
		}
	}
	if len(c.labelW) > 0 && len(c.labelW) != width {
		return shapeErr(m, "label_weights has "+itoa(len(c.labelW))+" entries for "+itoa(width)+" labels", yTrue, yPred)
	}
	c.pred = grow(c.pred, n)
	pf := yPred.Float32s()
	for i := range c.pred {
		var p float64
		if pf != nil {
			p = float64(pf[i])
		} else {
			p = yPred.At(i)
		}
		if c.fromLogits {
			p = float64(float32(1 / (1 + math.Exp(-p))))
		}
		c.pred[i] = p
	}
	if c.topK > 0 {
		c.filterTopK(width)
	}
	T := len(c.thresholds)
	if c.even {
		nb := T * c.labels
		c.bTrue = grow(c.bTrue, nb)
		c.bFalse = grow(c.bFalse, nb)
		clear(c.bTrue)
		clear(c.bFalse)
		c.totT = grow(c.totT, c.labels)
		c.totF = grow(c.totF, c.labels)
		clear(c.totT)
		clear(c.totF)
	}
	for i := 0; i < n; i++ {
		col := i % width
		if c.classID >= 0 && col != c.classID {
			continue
		}
		w := 1.0
		if sw != nil {
			w = sw.At(wb.index(i))
		}
		if len(c.labelW) > 0 {
			w *= c.labelW[col]
		}
		label := yTrue.At(i) != 0
		p := c.pred[i]
		lab := 0
		if c.multiLabel {
			lab = col
		}
		if c.even {
			p32 := float32(math.Min(math.Max(p, 0), 1))
			b := int(float32(math.Ceil(float64(p32*float32(T-1))))) - 1
			if c.withEps && b < 0 {
				b = 0
			}
			if label {
				c.totT[lab] += w
				if b >= 0 {
					c.bTrue[b*c.labels+lab] += w
				}
			} else {
				c.totF[lab] += w
				if b >= 0 {
					c.bFalse[b*c.labels+lab] += w
				}
			}
			continue
		}
		p32 := float32(p)
		for t := 0; t < T; t++ {
			k := t*c.labels + lab
			pos := p32 > c.thr32[t]
			switch {
			case label && pos:
				addTo(c.tp, k, w)
			case label && !pos:
				addTo(c.fn, k, w)
			case !label && pos:
				addTo(c.fp, k, w)
			default:
				addTo(c.tn, k, w)
			}
		}
	}
	if c.even {
		c.foldBuckets(T)
	}
	return nil
}

func addTo(v []float64, k int, w float64) {
	if v != nil {
		v[k] += w
	}
}

// foldBuckets turns per-bucket counts into per-threshold counts: a
// prediction in bucket b is above thresholds 0..b (reverse cumulative sum).
func (c *confusion) foldBuckets(T int) {
	L := c.labels
	for lab := 0; lab < L; lab++ {
		st, sf := 0.0, 0.0
		for b := T - 1; b >= 0; b-- {
			k := b*L + lab
			st += c.bTrue[k]
			sf += c.bFalse[k]
			addTo(c.tp, k, st)
			addTo(c.fp, k, sf)
			addTo(c.tn, k, c.totF[lab]-sf)
			addTo(c.fn, k, c.totT[lab]-st)
		}
	}
}

// filterTopK is metrics_utils._filter_top_k: entries outside each row's k
// largest (ties broken by lower index, like ops.top_k) become NEG_INF.
func (c *confusion) filterTopK(width int) {
	rows := len(c.pred) / width
	if cap(c.keep) < width {
		c.keep = make([]bool, width)
	}
	keep := c.keep[:width]
	for r := 0; r < rows; r++ {
		row := c.pred[r*width : (r+1)*width]
		for j, v := range row {
			rank := 0
			for i, u := range row {
				if u > v || (u == v && i < j) {
					rank++
				}
			}
			keep[j] = rank < c.topK
		}
		for j := range row {
			if !keep[j] {
				row[j] = negInf
			}
		}
	}
}
