package utils

import (
	"fmt"
	"math"

	"github.com/gokeras/keras/tensor"
)

// ToCategorical converts a tensor of class indices to a one-hot float32
// matrix (keras.utils.to_categorical). The class axis is appended last; an
// input whose last dimension is 1 (and rank > 1) loses it first, so labels
// of shape (n, 1) give (n, numClasses). numClasses 0 means max(y)+1.
//
// y may be int32, int64, uint8, or float32 holding whole numbers. A label
// that is negative or not below numClasses is an error naming it.
func ToCategorical(y *tensor.Tensor, numClasses int) (*tensor.Tensor, error) {
	if y == nil {
		return nil, fmt.Errorf("to_categorical: y is nil")
	}
	if numClasses < 0 {
		return nil, fmt.Errorf("to_categorical: num_classes must be >= 0 (0 infers max(y)+1). Received: num_classes=%d", numClasses)
	}
	labels, err := classIndices(y)
	if err != nil {
		return nil, err
	}
	if numClasses == 0 {
		if len(labels) == 0 {
			return nil, fmt.Errorf("to_categorical: cannot infer num_classes from an empty y of shape %v; pass num_classes", y.Shape())
		}
		for _, v := range labels {
			numClasses = max(numClasses, int(min(v, math.MaxInt32))+1)
		}
	}
	for i, v := range labels {
		if v >= int64(numClasses) {
			return nil, fmt.Errorf("to_categorical: label %d at flat index %d is out of range for num_classes=%d (y shape %v)", v, i, numClasses, y.Shape())
		}
	}
	outShape := append([]int(nil), y.Shape()...)
	if len(outShape) > 1 && outShape[len(outShape)-1] == 1 {
		outShape = outShape[:len(outShape)-1]
	}
	outShape = append(outShape, numClasses)
	out, err := tensor.New(tensor.Float32, outShape...)
	if err != nil {
		return nil, fmt.Errorf("to_categorical: output shape %v: %w", tensor.Shape(outShape), err)
	}
	data := out.Float32s()
	for i, v := range labels {
		data[i*numClasses+int(v)] = 1
	}
	return out, nil
}

// classIndices returns y's values as int64, checking they are whole and
// non-negative.
func classIndices(y *tensor.Tensor) ([]int64, error) {
	n := y.Size()
	out := make([]int64, n)
	switch y.DType() {
	case tensor.Int32, tensor.Int64, tensor.Uint8:
		for i := range out {
			out[i] = int64(y.At(i))
		}
		if y.DType() == tensor.Int64 {
			copy(out, y.Int64s()) // exact beyond 2^53
		}
	case tensor.Float32:
		for i, v := range y.Float32s() {
			if v != float32(math.Trunc(float64(v))) || math.IsInf(float64(v), 0) {
				return nil, fmt.Errorf("to_categorical: label %v at flat index %d is not a whole number (y shape %v)", v, i, y.Shape())
			}
			if math.Abs(float64(v)) > 1<<62 {
				return nil, fmt.Errorf("to_categorical: label %v at flat index %d is out of range (y shape %v)", v, i, y.Shape())
			}
			out[i] = int64(v)
		}
	default:
		return nil, fmt.Errorf("to_categorical: y must hold integer class indices; got dtype %v", y.DType())
	}
	for i, v := range out {
		if v < 0 {
			return nil, fmt.Errorf("to_categorical: label %d at flat index %d is negative (y shape %v)", v, i, y.Shape())
		}
	}
	return out, nil
}
