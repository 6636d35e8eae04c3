package ops

import (
	"fmt"

	"github.com/gokeras/keras/internal/vmath"
	"github.com/gokeras/keras/tensor"
)

// reshapeOp shares its input's storage under another shape.
type reshapeOp struct{}

func (reshapeOp) Name() string                                    { return "reshape" }
func (reshapeOp) AliasesInput() bool                              { return true }
func (reshapeOp) GradPassesThrough() bool                         { return true }
func (reshapeOp) Forward(out *tensor.Tensor, in []*tensor.Tensor) { out.SetStorage(in[0]) }
func (reshapeOp) Backward(gout, out *tensor.Tensor, in []*tensor.Tensor, gin []*tensor.Tensor) {
	if gin[0] == nil {
		return
	}
	g := gin[0].Float32s()
	vmath.Add(g, g, gout.Float32s())
}

// BackwardOverwrite copies gout into a first-written gin[0] (a plan shares the
// two buffers' storage where it can, and then never calls it).
func (op reshapeOp) BackwardOverwrite(gout, out *tensor.Tensor, in []*tensor.Tensor, gin []*tensor.Tensor, first []bool) {
	if gin[0] != nil && first[0] {
		copy(gin[0].Float32s(), gout.Float32s())
		return
	}
	op.Backward(gout, out, in, gin)
}

// Reshape gives x a new shape with the same number of elements; one
// dimension may be -1 and is inferred (keras.ops.reshape). The result shares
// x's storage.
func Reshape(x *tensor.Tensor, shape ...int) (*tensor.Tensor, error) {
	if x == nil {
		return nil, fmt.Errorf("ops.reshape: nil tensor argument")
	}
	s, err := InferShape(x.Shape(), shape)
	if err != nil {
		return nil, fmt.Errorf("ops.reshape: %w", err)
	}
	return tensor.Apply(reshapeOp{}, x.DType(), s, x)
}

// InferShape resolves one -1 in target against the size of from.
func InferShape(from tensor.Shape, target []int) (tensor.Shape, error) {
	s := tensor.Shape(target).Clone()
	unknown, known := -1, 1
	for i, d := range s {
		switch {
		case d == -1 && unknown < 0:
			unknown = i
		case d < 0:
			return nil, fmt.Errorf("invalid target shape %v", tensor.Shape(target))
		default:
			known *= d
		}
	}
	size := from.Size()
	if unknown >= 0 {
		if known == 0 || size%known != 0 {
			return nil, fmt.Errorf("cannot reshape a tensor of shape %v (%d elements) to %v", from, size, tensor.Shape(target))
		}
		s[unknown] = size / known
	}
	if s.Size() != size {
		return nil, fmt.Errorf("cannot reshape a tensor of shape %v (%d elements) to %v (%d elements)", from, size, tensor.Shape(target), s.Size())
	}
	return s, nil
}
