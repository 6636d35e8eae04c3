package ops

import (
	"fmt"
	"math"

	"github.com/gokeras/keras/tensor"
)

// lseFn is log(sum(exp(x))), computed as max + log(sum(exp(x - max))).
type lseFn struct{}

func (lseFn) forward(x []float32) float32 {
	m := math.Inf(-1)
	for _, v := range x {
		m = max(m, float64(v))
	}
	if math.IsInf(m, 0) || math.IsNaN(m) {
		return float32(m)
	}
	s := 0.0
	for _, v := range x {
		s += math.Exp(float64(v) - m)
	}
	return float32(m + math.Log(s))
}

func (lseFn) backward(dx, x []float32, y, g float32) {
	for i, v := range x {
		dx[i] += g * float32(math.Exp(float64(v-y)))
	}
}

// LogSumExp returns log(sum(exp(x))) over axes (nil: all), computed stably
// (keras.ops.logsumexp).
func LogSumExp(x *tensor.Tensor, axes []int, keepdims bool) (*tensor.Tensor, error) {
	return applyGroups("logsumexp", lseFn{}, x, axes, keepdims)
}

// varFn is the population variance (ddof 0), or its square root.
type varFn struct{ std bool }

func meanOf(x []float32) float64 {
	s := 0.0
	for _, v := range x {
		s += float64(v)
	}
	return s / float64(len(x))
}

func (f varFn) forward(x []float32) float32 {
	if len(x) == 0 {
		return float32(math.NaN())
	}
	m, s := meanOf(x), 0.0
	for _, v := range x {
		d := float64(v) - m
		s += d * d
	}
	v := s / float64(len(x))
	if f.std {
		v = math.Sqrt(v)
	}
	return float32(v)
}

func (f varFn) backward(dx, x []float32, y, g float32) {
	if len(x) == 0 {
		return
	}
	m, n := meanOf(x), float64(len(x))
	scale := 2 * float64(g) / n
	if f.std {
		if y == 0 {
			return
		}
		scale = float64(g) / (n * float64(y))
	}
	for i, v := range x {
		dx[i] += float32(scale * (float64(v) - m))
	}
}

// Var returns the variance over axes (nil: all), normalised by N as
// keras.ops.var does.
func Var(x *tensor.Tensor, axes []int, keepdims bool) (*tensor.Tensor, error) {
	return applyGroups("var", varFn{}, x, axes, keepdims)
}

// Std returns the standard deviation over axes (nil: all), keras.ops.std.
// Its gradient at a zero standard deviation is taken as 0.
func Std(x *tensor.Tensor, axes []int, keepdims bool) (*tensor.Tensor, error) {
	return applyGroups("std", varFn{std: true}, x, axes, keepdims)
}

// normFn is a vector p-norm.
type normFn struct{ ord float64 }

func (f normFn) forward(x []float32) float32 {
	p := f.ord
	switch {
	case math.IsInf(p, 1), math.IsInf(p, -1):
		r := 0.0
		if p < 0 {
			r = math.Inf(1)
		}
		for _, v := range x {
			a := math.Abs(float64(v))
			if p > 0 {
				r = max(r, a)
			} else {
				r = min(r, a)
			}
		}
		return float32(r)
	case p == 0:
		c := 0
		for _, v := range x {
			if v != 0 {
				c++
			}
		}
		return float32(c)
	case p == 1:
		s := 0.0
		for _, v := range x {
			s += math.Abs(float64(v))
		}
		return float32(s)
	case p == 2:
		s := 0.0
		for _, v := range x {
			s += float64(v) * float64(v)
		}
		return float32(math.Sqrt(s))
	}
	s := 0.0
	for _, v := range x {
		s += math.Pow(math.Abs(float64(v)), p)
	}
	return float32(math.Pow(s, 1/p))
}

func (f normFn) backward(dx, x []float32, y, g float32) {
	p := f.ord
	switch {
	case p == 0:
	case math.IsInf(p, 0):
		for i, v := range x {
			if float32(math.Abs(float64(v))) == y {
				dx[i] += g * sign(v)
			}
		}
	case p == 1:
		for i, v := range x {
			dx[i] += g * sign(v)
		}
	case y == 0:
	case p == 2:
		for i, v := range x {
			dx[i] += g * v / y
		}
	default:
		c := float64(g) * math.Pow(float64(y), 1-p)
		for i, v := range x {
			a := math.Abs(float64(v))
			dx[i] += float32(c * math.Pow(a, p-1) * float64(sign(v)))
		}
	}
}

// Norm returns the ord-norm of x over axes (keras.ops.norm). nil axes
// means all axes, flattened. Over one axis (or a flattened vector) ord may
// be any vector order: 2 (Euclidean), 1, +-Inf, 0 (non-zero count) or another
// p. Over several axes only ord 2 is supported and gives the Frobenius norm
// (Keras's ord=None); spectral and nuclear matrix norms are not implemented.
// The gradient at a zero norm is taken as 0.
func Norm(x *tensor.Tensor, ord float64, axes []int, keepdims bool) (*tensor.Tensor, error) {
	if err := nilCheck("norm", x); err != nil {
		return nil, err
	}
	n := len(axes)
	if axes == nil {
		n = x.Rank()
	}
	if n > 1 && ord != 2 {
		return nil, fmt.Errorf("ops.norm: ord %g over axes %v of a tensor of shape %v is a matrix norm, which is not supported (only ord 2, the Frobenius norm)", ord, axes, x.Shape())
	}
	if math.IsNaN(ord) {
		return nil, fmt.Errorf("ops.norm: invalid ord %g", ord)
	}
	return applyGroups("norm", normFn{ord: ord}, x, axes, keepdims)
}

// prodFn multiplies a group; its gradient handles zeros exactly.
type prodFn struct{}

func (prodFn) forward(x []float32) float32 {
	p := 1.0
	for _, v := range x {
		p *= float64(v)
	}
	return float32(p)
}

func (prodFn) backward(dx, x []float32, y, g float32) {
	zeros, zi, p := 0, -1, 1.0
	for i, v := range x {
		if v == 0 {
			zeros++
			zi = i
			continue
		}
		p *= float64(v)
	}
	switch zeros {
	case 0:
		for i, v := range x {
			dx[i] += float32(float64(g) * p / float64(v))
		}
	case 1:
		dx[zi] += float32(float64(g) * p)
	}
}

// Prod multiplies the elements over axes (nil: all) as keras.ops.prod.
func Prod(x *tensor.Tensor, axes []int, keepdims bool) (*tensor.Tensor, error) {
	return applyGroups("prod", prodFn{}, x, axes, keepdims)
}
