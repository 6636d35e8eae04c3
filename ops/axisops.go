package ops

import (
	"math"

	"github.com/gokeras/keras/internal/gemm"
	"github.com/gokeras/keras/internal/vmath"
	"github.com/gokeras/keras/tensor"
)

// lines views a tensor as outer*inner lines of n elements along one axis;
// line (o, i) starts at o*n*inner + i with stride inner.
type lines struct{ outer, n, inner int }

func (l lines) start(o, i int) int { return o*l.n*l.inner + i }

// gather copies a strided line into buf (or returns the contiguous slice).
func (l lines) gather(buf, x []float32, s int) []float32 {
	if l.inner == 1 {
		return x[s : s+l.n]
	}
	for j := range buf {
		buf[j] = x[s+j*l.inner]
	}
	return buf
}

// scatter writes buf back to a strided line (a no-op when contiguous).
func (l lines) scatter(x, buf []float32, s int) {
	if l.inner == 1 {
		return
	}
	for j, v := range buf {
		x[s+j*l.inner] = v
	}
}

// softmaxOp is softmax or log-softmax along one axis.
type softmaxOp struct {
	log    bool
	l      lines
	xb, ob []float32 // scratch for strided lines

	// Contiguous lines are split over the gemm worker pool: the running
	// pass's operands and the row functions (kept so calls do not allocate).
	x, y, g, gx []float32
	overwrite   bool
	fwd, bwd    func(lo, hi int)
}

// parallelRows runs fn over the op's l.outer contiguous lines on the gemm
// worker pool, in chunks of at least 16K values. Each line is computed by
// one worker with the same arithmetic, so results do not depend on the
// thread count.
func (op *softmaxOp) parallelRows(fn func(lo, hi int)) {
	gemm.ParallelFor(op.l.outer, max(1, (1<<14)/max(op.l.n, 1)), fn)
}

func (op *softmaxOp) forwardRows(lo, hi int) {
	n := op.l.n
	op.rows(op.y[lo*n:hi*n], op.x[lo*n:hi*n], hi-lo)
}

func (op *softmaxOp) backwardRows(lo, hi int) {
	n := op.l.n
	for r := lo * n; r < hi*n; r += n {
		gr, yr := op.g[r:r+n], op.y[r:r+n]
		vmath.SoftmaxGrad(op.gx[r:r+n], gr, yr, vmath.Dot(gr, yr), !op.overwrite)
	}
}

func (op *softmaxOp) Name() string {
	if op.log {
		return "log_softmax"
	}
	return "softmax"
}

func (op *softmaxOp) rows(dst, x []float32, rows int) {
	if op.log {
		vmath.LogSoftmaxRows(dst, x, rows, op.l.n)
	} else {
		vmath.SoftmaxRows(dst, x, rows, op.l.n)
	}
}

func (op *softmaxOp) Forward(out *tensor.Tensor, in []*tensor.Tensor) {
	o, x, l := out.Float32s(), in[0].Float32s(), op.l
	if l.n == 0 {
		return
	}
	if l.inner == 1 {
		if op.fwd == nil {
			op.fwd = op.forwardRows
		}
		op.y, op.x = o, x
		op.parallelRows(op.fwd)
		op.y, op.x = nil, nil
		return
	}
	for a := 0; a < l.outer; a++ {
		for i := 0; i < l.inner; i++ {
			s := l.start(a, i)
			op.rows(op.ob, l.gather(op.xb, x, s), 1)
			l.scatter(o, op.ob, s)
		}
	}
}

func (op *softmaxOp) Backward(gout, out *tensor.Tensor, in []*tensor.Tensor, gin []*tensor.Tensor) {
	op.backward(gout, out, gin, false)
}

// BackwardOverwrite writes, rather than adds, a first-written gradient.
func (op *softmaxOp) BackwardOverwrite(gout, out *tensor.Tensor, in []*tensor.Tensor, gin []*tensor.Tensor, first []bool) {
	op.backward(gout, out, gin, first[0])
}

// backward computes dx = y*(g - sum(g*y)) for softmax and
// dx = g - exp(y)*sum(g) for log-softmax, line by line, adding it to gin[0]
// or (overwrite) writing it.
func (op *softmaxOp) backward(gout, out *tensor.Tensor, gin []*tensor.Tensor, overwrite bool) {
	if gin[0] == nil {
		return
	}
	g, y, gx, l := gout.Float32s(), out.Float32s(), gin[0].Float32s(), op.l
	if !op.log && l.inner == 1 {
		if op.bwd == nil {
			op.bwd = op.backwardRows
		}
		op.g, op.y, op.gx, op.overwrite = g, y, gx, overwrite
		op.parallelRows(op.bwd)
		op.g, op.y, op.gx = nil, nil, nil
		return
	}
	st := l.inner
	for a := 0; a < l.outer; a++ {
		for i := 0; i < l.inner; i++ {
			s0 := l.start(a, i)
			var s float32
			for j := 0; j < l.n; j++ {
				k := s0 + j*st
				if op.log {
					s += g[k]
				} else {
					s += g[k] * y[k]
				}
			}
			for j := 0; j < l.n; j++ {
				k := s0 + j*st
				var d float32
				if op.log {
					d = g[k] - float32(float32(math.Exp(float64(y[k])))*s)
				} else {
					d = float32(y[k] * (g[k] - s)) // rounded: no FMA
				}
				if overwrite {
					gx[k] = d
				} else {
					gx[k] += d
				}
			}
		}
	}
}

func softmax(log bool, x *tensor.Tensor, axis int) (*tensor.Tensor, error) {
	op := &softmaxOp{log: log}
	name := op.Name()
	if err := nilCheck(name, x); err != nil {
		return nil, err
	}
	x, err := toFloat(name, x)
	if err != nil {
		return nil, err
	}
	shape := x.Shape()
	if len(shape) == 0 {
		shape = tensor.Shape{1}
	}
	ax, err := axisOf(name, axis, len(shape))
	if err != nil {
		return nil, err
	}
	o, n, i := splitAxis(shape, ax)
	op.l = lines{o, n, i}
	if i > 1 {
		op.xb, op.ob = make([]float32, n), make([]float32, n)
	}
	return tensor.Apply(op, tensor.Float32, x.Shape(), x)
}

// Softmax normalises exp(x) to sum to 1 along axis, numerically stably
// (keras.ops.softmax).
func Softmax(x *tensor.Tensor, axis int) (*tensor.Tensor, error) { return softmax(false, x, axis) }

// LogSoftmax returns log(softmax(x)) along axis, computed as
// x - max - log(sum(exp(x - max))) (keras.ops.log_softmax).
func LogSoftmax(x *tensor.Tensor, axis int) (*tensor.Tensor, error) { return softmax(true, x, axis) }

// cumsumOp accumulates along an axis.
type cumsumOp struct{ l lines }

func (op *cumsumOp) Name() string { return "cumsum" }

func (op *cumsumOp) Forward(out *tensor.Tensor, in []*tensor.Tensor) {
	l := op.l
	f := out.DType() == tensor.Float32
	var o, x []float32
	if f {
		o, x = out.Float32s(), in[0].Float32s()
	}
	for a := 0; a < l.outer; a++ {
		for i := 0; i < l.inner; i++ {
			s0 := l.start(a, i)
			var sf float32
			var si float64
			for j := 0; j < l.n; j++ {
				k := s0 + j*l.inner
				if f {
					sf += x[k]
					o[k] = sf
				} else {
					si += in[0].At(k)
					setAt(out, k, si)
				}
			}
		}
	}
}

func (op *cumsumOp) Backward(gout, out *tensor.Tensor, in []*tensor.Tensor, gin []*tensor.Tensor) {
	if gin[0] == nil {
		return
	}
	l, g, gx := op.l, gout.Float32s(), gin[0].Float32s()
	for a := 0; a < l.outer; a++ {
		for i := 0; i < l.inner; i++ {
			s0 := l.start(a, i)
			var s float32
			for j := l.n - 1; j >= 0; j-- {
				k := s0 + j*l.inner
				s += g[k]
				gx[k] += s
			}
		}
	}
}

// Cumsum returns the cumulative sum along axis (keras.ops.cumsum). Integer
// inputs keep their dtype (bool becomes int32).
func Cumsum(x *tensor.Tensor, axis int) (*tensor.Tensor, error) {
	if err := nilCheck("cumsum", x); err != nil {
		return nil, err
	}
	if x.DType() == tensor.Bool {
		var err error
		if x, err = Cast(x, tensor.Int32); err != nil {
			return nil, err
		}
	}
	shape := x.Shape()
	if len(shape) == 0 {
		shape = tensor.Shape{1}
	}
	ax, err := axisOf("cumsum", axis, len(shape))
	if err != nil {
		return nil, err
	}
	o, n, i := splitAxis(shape, ax)
	return tensor.Apply(&cumsumOp{l: lines{o, n, i}}, x.DType(), x.Shape(), x)
}
