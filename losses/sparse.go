package losses

import (
	"fmt"
	"math"

	"github.com/gokeras/keras/internal/vmath"
	"github.com/gokeras/keras/tensor"
)

// sparseCEOp is the fused sparse categorical cross-entropy: inputs (labels,
// y_pred), one loss per label. From logits it is lse(z) - z[label]; from
// probabilities it follows TF's backend: log(sum(c)) - log(c[label]) with
// c = clip(p, eps, 1-eps). The per-row log-sum-exp (or sum of c) is kept for
// Backward, and the validity mask (ignore_class) is shared with the
// reduction op.
type sparseCEOp struct {
	name    string
	logits  bool
	ignore  *int
	grp     grouping
	classes int
	cache   []float32 // per row: lse (logits) or sum(clip(p)) (probabilities)
	labels  []int     // per row label (-1: ignored or invalid)
	mask    []float32 // per row 1 (counted) or 0 (ignored); nil without ignore_class
	err     error
	soft    []float32 // logits on the last axis: softmax rows, kept for Backward
}

func (op *sparseCEOp) Name() string { return "sparse_categorical_crossentropy" }

// Err reports the first out-of-range label met by the latest Forward.
func (op *sparseCEOp) Err() error { return op.err }

// readLabels validates and decodes the labels; it returns the first error.
func (op *sparseCEOp) readLabels(y *tensor.Tensor) error {
	op.err = nil
	for g := range op.labels {
		v := y.At(g)
		if op.ignore != nil && v == float64(*op.ignore) {
			op.labels[g] = -1
			op.mask[g] = 0
			continue
		}
		if op.mask != nil {
			op.mask[g] = 1
		}
		l := int64(v) // truncation, as Keras's cast to int64
		if math.IsNaN(v) || l < 0 || l >= int64(op.classes) {
			op.labels[g] = -2
			if op.err == nil {
				op.err = fmt.Errorf("loss %q (SparseCategoricalCrossentropy): Received a label value of %v which is outside the valid range of [0, %d) (y_pred has %d classes)", op.name, v, op.classes, op.classes)
			}
			continue
		}
		op.labels[g] = int(l)
	}
	return op.err
}

func (op *sparseCEOp) Forward(out *tensor.Tensor, in []*tensor.Tensor) {
	op.readLabels(in[0])
	p, o := in[1].Float32s(), out.Float32s()
	k, inner := op.grp.k, op.grp.inner
	if op.logits && inner == 1 {
		op.forwardRows(p, o)
		return
	}
	for g := range o {
		l := op.labels[g]
		if l == -1 {
			o[g] = 0
			continue
		}
		if l == -2 {
			o[g] = float32(math.NaN())
			continue
		}
		b := op.grp.base(g)
		if op.logits {
			m := math.Inf(-1)
			for j := 0; j < k; j++ {
				m = math.Max(m, float64(p[b+j*inner]))
			}
			s := 0.0
			for j := 0; j < k; j++ {
				s += math.Exp(float64(p[b+j*inner]) - m)
			}
			lse := m + math.Log(s)
			op.cache[g] = float32(lse)
			o[g] = float32(lse - float64(p[b+l*inner]))
			continue
		}
		s := 0.0
		for j := 0; j < k; j++ {
			c, _ := clip(float64(p[b+j*inner]), Epsilon, 1-Epsilon)
			s += c
		}
		op.cache[g] = float32(s)
		cy, _ := clip(float64(p[b+l*inner]), Epsilon, 1-Epsilon)
		o[g] = float32(math.Log(s) - math.Log(cy))
	}
}

func (op *sparseCEOp) Backward(gout, out *tensor.Tensor, in []*tensor.Tensor, gin []*tensor.Tensor) {
	if gin[1] == nil {
		return
	}
	p, gp, gv := in[1].Float32s(), gin[1].Float32s(), gout.Float32s()
	k, inner := op.grp.k, op.grp.inner
	if op.logits && inner == 1 {
		op.backwardRows(gp, gv)
		return
	}
	for g, gr := range gv {
		l := op.labels[g]
		if l < 0 || gr == 0 {
			continue
		}
		b := op.grp.base(g)
		c := float64(gr)
		if op.logits {
			lse := float64(op.cache[g])
			for j := 0; j < k; j++ {
				e := b + j*inner
				gp[e] += float32(c * math.Exp(float64(p[e])-lse))
			}
			gp[b+l*inner] -= gr
			continue
		}
		inv := 1 / float64(op.cache[g])
		for j := 0; j < k; j++ {
			e := b + j*inner
			x, pass := clip(float64(p[e]), Epsilon, 1-Epsilon)
			d := inv
			if j == l {
				d -= 1 / x
			}
			gp[e] += float32(c * pass * d)
		}
	}
}

// forwardRows is Forward from logits over the last axis: one vectorised
// log-softmax pass over the whole batch (the training hot path of
// softmax classifiers), keeping the softmax rows for Backward.
func (op *sparseCEOp) forwardRows(p, o []float32) {
	k := op.grp.k
	rows := len(o)
	if op.soft == nil {
		op.soft = make([]float32, rows*k)
	}
	vmath.LogSoftmaxRows(op.soft, p[:rows*k], rows, k)
	for g := range o {
		switch l := op.labels[g]; l {
		case -1:
			o[g] = 0
		case -2:
			o[g] = float32(math.NaN())
		default:
			o[g] = -op.soft[g*k+l]
		}
	}
	vmath.Exp(op.soft, op.soft)
}

// backwardRows adds gout * (softmax - onehot) for each counted row.
func (op *sparseCEOp) backwardRows(gp, gv []float32) {
	k := op.grp.k
	for g, gr := range gv {
		l := op.labels[g]
		if l < 0 || gr == 0 {
			continue
		}
		vmath.Axpy(gr, op.soft[g*k:(g+1)*k], gp[g*k:(g+1)*k])
		gp[g*k+l] -= gr
	}
}
