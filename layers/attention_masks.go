package layers

import (
	"fmt"

	"github.com/gokeras/keras/ops"
	"github.com/gokeras/keras/tensor"
)

// attentionLargeNegative is the value Keras's Softmax layer gives masked
// scores (keras.src.layers.activations.softmax._large_negative_number), and
// attentionMaxValue the bias Attention subtracts from padded scores.
const (
	attentionLargeNegative = -1e9
	attentionMaxValue      = 1e9
)

// causalMask is Keras's lower-triangular mask of shape (1, tq, tv): position
// i may attend to positions j <= i.
func causalMask(tq, tv int) *tensor.Tensor {
	data := make([]bool, tq*tv)
	for i := 0; i < tq; i++ {
		for j := 0; j < tv && j <= i; j++ {
			data[i*tv+j] = true
		}
	}
	m, _ := tensor.FromBool(data, 1, tq, tv)
	return m
}

// slidingWindowMask is Keras's band |i-j| < w of shape (1, tq, tv).
func slidingWindowMask(tq, tv, w int) *tensor.Tensor {
	data := make([]bool, tq*tv)
	for i := 0; i < tq; i++ {
		for j := 0; j < tv; j++ {
			d := i - j
			if d < 0 {
				d = -d
			}
			data[i*tv+j] = d < w
		}
	}
	m, _ := tensor.FromBool(data, 1, tq, tv)
	return m
}

// boolMask reads a Keras mask (bool, or numbers: non-zero is true) as a
// bool tensor.
func boolMask(m *tensor.Tensor) (*tensor.Tensor, error) {
	if m == nil {
		return nil, nil
	}
	if m.DType() == tensor.Bool {
		return m, nil
	}
	b, err := ops.NotEqual(m, ops.Const(0))
	if err != nil {
		return nil, fmt.Errorf("mask of shape %v: %w", m.Shape(), err)
	}
	return b, nil
}

// andMasks is a & b where either may be nil.
func andMasks(a, b *tensor.Tensor) (*tensor.Tensor, error) {
	switch {
	case a == nil:
		return b, nil
	case b == nil:
		return a, nil
	}
	m, err := ops.LogicalAnd(a, b)
	if err != nil {
		return nil, fmt.Errorf("combining masks of shapes %v and %v: %w", a.Shape(), b.Shape(), err)
	}
	return m, nil
}

// maskedSoftmax is Keras's Softmax layer with a mask over the trailing axes
// of x: masked entries get -1e9 before the softmax and 0 after it, so a row
// masked entirely is zero.
func maskedSoftmax(x, mask *tensor.Tensor, axes int) (*tensor.Tensor, error) {
	var err error
	if mask != nil {
		if x, err = ops.Where(mask, x, ops.Const(attentionLargeNegative)); err != nil {
			return nil, fmt.Errorf("applying a mask of shape %v to attention scores of shape %v: %w", mask.Shape(), x.Shape(), err)
		}
	}
	shape := x.Shape()
	y := x
	if axes > 1 {
		flat := append([]int(nil), shape[:len(shape)-axes]...)
		flat = append(flat, -1)
		if y, err = ops.Reshape(y, flat...); err != nil {
			return nil, err
		}
	}
	if y, err = ops.Softmax(y, -1); err != nil {
		return nil, err
	}
	if axes > 1 {
		if y, err = ops.Reshape(y, shape...); err != nil {
			return nil, err
		}
	}
	if mask != nil {
		if y, err = ops.Where(mask, y, ops.Const(0)); err != nil {
			return nil, err
		}
	}
	return y, nil
}

// zeroMasked is where(mask[..., None], x, 0) for a (batch, T) mask of x's
// leading axes.
func zeroMasked(x, mask *tensor.Tensor) (*tensor.Tensor, error) {
	m, err := ops.ExpandDims(mask, -1)
	if err != nil {
		return nil, err
	}
	y, err := ops.Where(m, x, ops.Const(0))
	if err != nil {
		return nil, fmt.Errorf("applying a query mask of shape %v to an output of shape %v: %w", mask.Shape(), x.Shape(), err)
	}
	return y, nil
}
