package losses

import (
	"github.com/gokeras/keras/tensor"
)

// kernel computes one loss value per group of k elements (a row along the
// reduced axes) from y_true values t and y_pred values p.
type kernel interface {
	// forward returns the loss of group g.
	forward(g int, t, p []float32) float32
	// backward adds gout * d(loss of group g)/dp into gp.
	backward(g int, t, p []float32, gout float32, gp []float32)
}

// preparer is implemented by kernels that look at the whole y_true before
// the groups (Hinge's binary-label conversion).
type preparer interface {
	prepare(t []float32)
}

// rowOp is the fused per-sample op shared by every loss except sparse
// cross-entropy: inputs (y_true, y_pred) broadcast to one shape, reduced
// over a run of axes by a kernel.
type rowOp struct {
	name       string
	kern       kernel
	grp        grouping
	tIdx, pIdx []int32   // broadcast offsets (nil: operand has the full shape)
	tConv      []float32 // y_true converted to float32 when it is not
	tRow, pRow []float32 // gathered group (length k)
	gRow       []float32 // gradient scratch (length k)
	direct     bool      // groups are contiguous slices of both operands
}

func newRowOp(name string, kern kernel, tShape, pShape, full tensor.Shape, a0, a1 int, yTrue *tensor.Tensor) *rowOp {
	op := &rowOp{name: name, kern: kern, grp: newGrouping(full, a0, a1)}
	op.tIdx = bcastIndex(tShape, full)
	op.pIdx = bcastIndex(pShape, full)
	if yTrue.DType() != tensor.Float32 {
		op.tConv = make([]float32, yTrue.Size())
	}
	op.direct = op.grp.inner == 1 && op.tIdx == nil && op.pIdx == nil
	if !op.direct {
		k := op.grp.k
		op.tRow, op.pRow, op.gRow = make([]float32, k), make([]float32, k), make([]float32, k)
	}
	return op
}

func (op *rowOp) Name() string { return op.name }

// floats returns t's data as float32, converting into buf when needed.
func floats(t *tensor.Tensor, buf []float32) []float32 {
	if t.DType() == tensor.Float32 {
		return t.Float32s()
	}
	switch t.DType() {
	case tensor.Int32:
		for i, v := range t.Int32s() {
			buf[i] = float32(v)
		}
	case tensor.Int64:
		for i, v := range t.Int64s() {
			buf[i] = float32(v)
		}
	default:
		for i := range buf {
			buf[i] = float32(t.At(i))
		}
	}
	return buf
}

// rows returns the y_true and y_pred values of group gi, gathering them
// into scratch when they are not contiguous.
func (op *rowOp) rows(gi int, t, p []float32) ([]float32, []float32, int) {
	k, inner := op.grp.k, op.grp.inner
	b := op.grp.base(gi)
	if op.direct {
		return t[b : b+k], p[b : b+k], b
	}
	for j := 0; j < k; j++ {
		e := b + j*inner
		te, pe := e, e
		if op.tIdx != nil {
			te = int(op.tIdx[e])
		}
		if op.pIdx != nil {
			pe = int(op.pIdx[e])
		}
		op.tRow[j], op.pRow[j] = t[te], p[pe]
	}
	return op.tRow, op.pRow, b
}

func (op *rowOp) Forward(out *tensor.Tensor, in []*tensor.Tensor) {
	t := floats(in[0], op.tConv)
	p := in[1].Float32s()
	if pr, ok := op.kern.(preparer); ok {
		pr.prepare(t)
	}
	o := out.Float32s()
	for gi := range o {
		tr, pr, _ := op.rows(gi, t, p)
		o[gi] = op.kern.forward(gi, tr, pr)
	}
}

func (op *rowOp) Backward(gout, out *tensor.Tensor, in []*tensor.Tensor, gin []*tensor.Tensor) {
	if gin[1] == nil {
		return
	}
	t := floats(in[0], op.tConv)
	p := in[1].Float32s()
	gp := gin[1].Float32s()
	g := gout.Float32s()
	k, inner := op.grp.k, op.grp.inner
	for gi, gv := range g {
		tr, pr, b := op.rows(gi, t, p)
		if op.direct {
			op.kern.backward(gi, tr, pr, gv, gp[b:b+k])
			continue
		}
		clear(op.gRow)
		op.kern.backward(gi, tr, pr, gv, op.gRow)
		for j, v := range op.gRow {
			e := b + j*inner
			if op.pIdx != nil {
				e = int(op.pIdx[e])
			}
			gp[e] += v
		}
	}
}
