package ops

import (
	"fmt"

	"github.com/gokeras/keras/tensor"
)

type castOp struct{}

func (castOp) Name() string { return "cast" }

func (castOp) Forward(out *tensor.Tensor, in []*tensor.Tensor) {
	x := in[0]
	if out.DType() == tensor.Float32 {
		o := out.Float32s()
		switch x.DType() {
		case tensor.Float32:
			copy(o, x.Float32s())
		case tensor.Uint8:
			for i, v := range x.Uint8s() {
				o[i] = float32(v)
			}
		case tensor.Int32:
			for i, v := range x.Int32s() {
				o[i] = float32(v)
			}
		default:
			for i := range o {
				o[i] = float32(x.At(i))
			}
		}
		return
	}
	n := out.Size()
	for i := 0; i < n; i++ {
		setAt(out, i, x.At(i))
	}
}

func (castOp) Backward(gout, out *tensor.Tensor, in []*tensor.Tensor, gin []*tensor.Tensor) {
	if gin[0] == nil || out.DType() != tensor.Float32 {
		return
	}
	g := gin[0].Float32s()
	for i, v := range gout.Float32s() {
		g[i] += v
	}
}

// Cast converts x to dtype (keras.ops.cast). Float to int truncates toward
// zero as numpy does.
func Cast(x *tensor.Tensor, dtype tensor.DType) (*tensor.Tensor, error) {
	if x == nil {
		return nil, fmt.Errorf("ops.cast: nil tensor argument")
	}
	return tensor.Apply(castOp{}, dtype, x.Shape(), x)
}

// Const returns a float32 scalar tensor (a Python number in keras.ops calls).
func Const(v float32) *tensor.Tensor { return tensor.Scalar(v) }
