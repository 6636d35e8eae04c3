package utils

import (
	"fmt"
	"math"

	"github.com/gokeras/keras/tensor"
)

// Normalize divides x by its order-norm along axis (keras.utils.normalize,
// default axis -1 and order 2 in Keras). It follows Keras's numpy path: the
// norm is numpy.linalg.norm's vector norm (order 0 counts non-zeros, other
// orders are (Σ|x|^order)^(1/order)), and a zero norm is replaced by 1 so
// all-zero slices stay zero. The result is a new float32 tensor.
func Normalize(x *tensor.Tensor, axis, order int) (*tensor.Tensor, error) {
	if x == nil {
		return nil, fmt.Errorf("normalize: x is nil")
	}
	if x.DType() == tensor.Bool {
		return nil, fmt.Errorf("normalize: x must be numeric; got dtype bool")
	}
	shape := x.Shape()
	ax, err := tensor.NormAxis(axis, len(shape))
	if err != nil {
		return nil, fmt.Errorf("normalize: x of shape %v: %w", x.Shape(), err)
	}
	out, err := tensor.New(tensor.Float32, x.Shape()...)
	if err != nil {
		return nil, fmt.Errorf("normalize: %w", err)
	}
	dst := out.Float32s()
	inner := 1
	for _, d := range shape[ax+1:] {
		inner *= d
	}
	dim := shape[ax]
	outer := 1
	for _, d := range shape[:ax] {
		outer *= d
	}
	p := float64(order)
	for o := range outer {
		for in := range inner {
			base := o*dim*inner + in
			var acc float64
			for k := range dim {
				v := math.Abs(x.At(base + k*inner))
				switch order {
				case 0:
					if v != 0 {
						acc++
					}
				case 1:
					acc += v
				case 2:
					acc += v * v
				default:
					acc += math.Pow(v, p)
				}
			}
			norm := acc
			switch order {
			case 0, 1:
			case 2:
				norm = math.Sqrt(acc)
			default:
				norm = math.Pow(acc, 1/p)
			}
			if norm == 0 {
				norm = 1
			}
			for k := range dim {
				i := base + k*inner
				dst[i] = float32(x.At(i) / norm)
			}
		}
	}
	return out, nil
}
