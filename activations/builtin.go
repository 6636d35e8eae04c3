package activations

import (
	"github.com/gokeras/keras/ops"
	"github.com/gokeras/keras/tensor"
)

// The activations without arguments, by their Keras names.
var (
	// Linear is keras.activations.linear: the identity (returns x itself).
	Linear Activation = newFunc("linear", nil, func(x *tensor.Tensor) (*tensor.Tensor, error) { return x, nil })
	// Relu6 is keras.activations.relu6: min(max(x, 0), 6).
	Relu6 Activation = newFunc("relu6", nil, ops.Relu6)
	// Sigmoid is keras.activations.sigmoid: 1/(1+e^-x).
	Sigmoid Activation = newFunc("sigmoid", nil, ops.Sigmoid)
	// Tanh is keras.activations.tanh.
	Tanh Activation = newFunc("tanh", nil, ops.Tanh)
	// Selu is keras.activations.selu: 1.0507*elu(x, 1.6733).
	Selu Activation = newFunc("selu", nil, ops.Selu)
	// Silu is keras.activations.silu (alias swish): x*sigmoid(x).
	Silu Activation = newFunc("silu", nil, ops.Silu)
	// Softplus is keras.activations.softplus: log(1+e^x).
	Softplus Activation = newFunc("softplus", nil, ops.Softplus)
	// Softsign is keras.activations.softsign: x/(1+|x|).
	Softsign Activation = newFunc("softsign", nil, ops.Softsign)
	// Exponential is keras.activations.exponential: e^x.
	Exponential Activation = newFunc("exponential", nil, ops.Exp)
	// HardSigmoid is keras.activations.hard_sigmoid in Keras 3 semantics:
	// relu6(x+3)/6. See HardSigmoidKeras2 for Keras 1/2's form.
	HardSigmoid Activation = newFunc("hard_sigmoid", nil, ops.HardSigmoid)
	// HardSilu is keras.activations.hard_silu (alias hard_swish):
	// x*hard_sigmoid(x).
	HardSilu Activation = newFunc("hard_silu", nil, ops.HardSilu)
	// HardTanh is keras.activations.hard_tanh: clip(x, -1, 1).
	HardTanh Activation = newFunc("hard_tanh", nil, ops.HardTanh)
	// LogSigmoid is keras.activations.log_sigmoid: log(sigmoid(x)).
	LogSigmoid Activation = newFunc("log_sigmoid", nil, ops.LogSigmoid)
	// Mish is keras.activations.mish: x*tanh(softplus(x)).
	Mish Activation = newFunc("mish", nil, ops.Mish)
	// SparsePlus is keras.activations.sparse_plus.
	SparsePlus Activation = newFunc("sparse_plus", nil, ops.SparsePlus)
	// SparseSigmoid is keras.activations.sparse_sigmoid.
	SparseSigmoid Activation = newFunc("sparse_sigmoid", nil, ops.SparseSigmoid)
	// TanhShrink is keras.activations.tanh_shrink: x - tanh(x).
	TanhShrink Activation = newFunc("tanh_shrink", nil, ops.TanhShrink)
)

// params returns {key: v} when v differs from Keras's default def.
func params[T comparable](key string, v, def T) map[string]any {
	if v == def {
		return nil
	}
	return map[string]any{key: v}
}

// LeakyRelu is keras.activations.leaky_relu: max(x, negativeSlope*x)
// (Keras's default negative_slope is 0.2).
func LeakyRelu(negativeSlope float64) Activation {
	return newFunc("leaky_relu", params("negative_slope", negativeSlope, 0.2), func(x *tensor.Tensor) (*tensor.Tensor, error) {
		return ops.LeakyRelu(x, negativeSlope)
	})
}

// Elu is keras.activations.elu with alpha (Keras's default 1.0).
func Elu(alpha float64) Activation {
	return newFunc("elu", params("alpha", alpha, 1.0), func(x *tensor.Tensor) (*tensor.Tensor, error) {
		return ops.Elu(x, alpha)
	})
}

// Celu is keras.activations.celu with alpha (Keras's default 1.0).
func Celu(alpha float64) Activation {
	return newFunc("celu", params("alpha", alpha, 1.0), func(x *tensor.Tensor) (*tensor.Tensor, error) {
		return ops.Celu(x, alpha)
	})
}

// Gelu is keras.activations.gelu; approximate selects the tanh form (Keras's
// activation default is false, the exact erf form).
func Gelu(approximate bool) Activation {
	return newFunc("gelu", params("approximate", approximate, false), func(x *tensor.Tensor) (*tensor.Tensor, error) {
		return ops.Gelu(x, approximate)
	})
}

// SoftShrink is keras.activations.soft_shrink (Keras's default threshold 0.5).
func SoftShrink(threshold float64) Activation {
	return newFunc("soft_shrink", params("threshold", threshold, 0.5), func(x *tensor.Tensor) (*tensor.Tensor, error) {
		return ops.SoftShrink(x, threshold)
	})
}

// HardShrink is keras.activations.hard_shrink (Keras's default threshold 0.5).
func HardShrink(threshold float64) Activation {
	return newFunc("hard_shrink", params("threshold", threshold, 0.5), func(x *tensor.Tensor) (*tensor.Tensor, error) {
		return ops.HardShrink(x, threshold)
	})
}

// Squareplus is keras.activations.squareplus: (x + sqrt(x²+b))/2 (Keras's
// default b is 4).
func Squareplus(b float64) Activation {
	return newFunc("squareplus", params("b", b, 4.0), func(x *tensor.Tensor) (*tensor.Tensor, error) {
		return ops.Squareplus(x, b)
	})
}

// Threshold is keras.activations.threshold: x where x > threshold, else
// defaultValue. Keras gives these arguments no defaults.
func Threshold(threshold, defaultValue float64) Activation {
	return newFunc("threshold", map[string]any{"threshold": threshold, "default_value": defaultValue},
		func(x *tensor.Tensor) (*tensor.Tensor, error) { return ops.Threshold(x, threshold, defaultValue) })
}

// Softmax is keras.activations.softmax along axis (Keras's default -1).
func Softmax(axis int) Activation {
	return newFunc("softmax", params("axis", axis, -1), func(x *tensor.Tensor) (*tensor.Tensor, error) {
		return ops.Softmax(x, axis)
	})
}

// LogSoftmax is keras.activations.log_softmax along axis (Keras's default
// -1).
func LogSoftmax(axis int) Activation {
	return newFunc("log_softmax", params("axis", axis, -1), func(x *tensor.Tensor) (*tensor.Tensor, error) {
		return ops.LogSoftmax(x, axis)
	})
}

// Glu is keras.activations.glu along axis (Keras's default -1).
func Glu(axis int) Activation {
	return newFunc("glu", params("axis", axis, -1), func(x *tensor.Tensor) (*tensor.Tensor, error) {
		return ops.Glu(x, axis)
	})
}

// Sparsemax is keras.activations.sparsemax along axis (Keras's default -1).
func Sparsemax(axis int) Activation {
	return newFunc("sparsemax", params("axis", axis, -1), func(x *tensor.Tensor) (*tensor.Tensor, error) {
		return ops.Sparsemax(x, axis)
	})
}
