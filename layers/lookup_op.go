package layers

import (
	"fmt"
	"math"

	"github.com/gokeras/keras/tensor"
)

// preprocOp runs a preprocessing layer's computation as a graph node. The
// layers are not differentiable, so Backward does nothing; Forward recomputes
// the output from the current inputs (and the layer's current vocabulary or
// boundaries) each time a compiled step replays it. A failure met while
// replaying (an OOV token without OOV buckets, a text longer than the traced
// width) is kept and reported through Err, which compiled steps check.
type preprocOp struct {
	name string
	fn   func(out *tensor.Tensor, in []*tensor.Tensor) error
	err  error
}

func (op *preprocOp) Name() string { return op.name }

func (op *preprocOp) Forward(out *tensor.Tensor, in []*tensor.Tensor) { op.err = op.fn(out, in) }

func (op *preprocOp) Backward(_, _ *tensor.Tensor, _ []*tensor.Tensor, _ []*tensor.Tensor) {}

// Err reports the failure of the last Forward, naming the op.
func (op *preprocOp) Err() error {
	if op.err == nil {
		return nil
	}
	return fmt.Errorf("%s: %w", op.name, op.err)
}

// applyPreproc applies fn as a preprocOp to x and returns the output, or the
// error of its first run.
func applyPreproc(name string, dtype tensor.DType, shape tensor.Shape, fn func(out *tensor.Tensor, in []*tensor.Tensor) error, x *tensor.Tensor) (*tensor.Tensor, error) {
	op := &preprocOp{name: name, fn: fn}
	y, err := tensor.Apply(op, dtype, shape, x)
	if err != nil {
		return nil, err
	}
	if op.err != nil {
		return nil, op.err
	}
	return y, nil
}

// intValues reads an integer-valued tensor as int64 into buf (grown as
// needed): int32, int64 and uint8 as they are, float32 truncated toward zero
// as a cast to int64 does.
func intValues(x *tensor.Tensor, buf []int64) ([]int64, error) {
	n := x.Size()
	if cap(buf) < n {
		buf = make([]int64, n)
	}
	buf = buf[:n]
	switch x.DType() {
	case tensor.Int64:
		copy(buf, x.Int64s())
	case tensor.Int32:
		for i, v := range x.Int32s() {
			buf[i] = int64(v)
		}
	case tensor.Uint8:
		for i, v := range x.Uint8s() {
			buf[i] = int64(v)
		}
	case tensor.Float32:
		for i, v := range x.Float32s() {
			f := math.Trunc(float64(v))
			if f != f || f >= math.MaxInt64 || f < math.MinInt64 {
				return nil, fmt.Errorf("cannot convert %v to an integer", v)
			}
			buf[i] = int64(f)
		}
	default:
		return nil, fmt.Errorf("expected integer inputs, got dtype %v", x.DType())
	}
	return buf, nil
}
