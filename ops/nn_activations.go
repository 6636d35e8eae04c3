package ops

import (
	"math"

	"github.com/gokeras/keras/internal/vmath"
	"github.com/gokeras/keras/tensor"
)

// This file holds the element-wise activation functions of keras.ops.nn
// (keras/src/ops/nn.py). Each is a Unary: a vectorised forward over the whole
// slice and a gradient that accumulates into gin. Transcendental functions are
// evaluated in float64 and rounded once, so results match Keras's float32
// outputs to within an ulp or two.

// SELU constants, as in keras/src/backend/*/nn.py selu.
const (
	seluAlpha = 1.6732632423543772848170429916717
	seluScale = 1.0507009873554804934193349852946
)

// sqrt(2/pi) and the cubic coefficient of the tanh approximation of GELU.
const (
	geluSqrt2OverPi = 0.7978845608028654
	geluCubic       = 0.044715
)

// scalar forms shared by forward and backward.

func sigmoid64(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	e := math.Exp(x)
	return e / (1 + e)
}

// softplus64 is log(1+e^x) computed as numpy.logaddexp(x, 0).
func softplus64(x float64) float64 {
	return math.Max(x, 0) + math.Log1p(math.Exp(-math.Abs(x)))
}

// mapFn builds the forward of a scalar float64 function.
func mapFn(f func(x float64) float64) func(dst, x []float32) {
	return func(dst, x []float32) {
		x = x[:len(dst)]
		for i, v := range x {
			dst[i] = float32(f(float64(v)))
		}
	}
}

// mapGrad builds a gradient from df(x, y) = f'(x).
func mapGrad(df func(x, y float64) float64) func(gin, gout, x, y []float32) {
	return func(gin, gout, x, y []float32) {
		x, y = x[:len(gout)], y[:len(gout)]
		for i, g := range gout {
			gin[i] += g * float32(df(float64(x[i]), float64(y[i])))
		}
	}
}

func unary(name string, f func(x float64) float64, df func(x, y float64) float64) *Unary {
	return &Unary{Name: name, Fn: mapFn(f), Grad: mapGrad(df)}
}

func step(cond bool, a, b float64) float64 {
	if cond {
		return a
	}
	return b
}

var (
	uRelu = &Unary{
		Name: "relu",
		Fn:   vmath.Relu,
		Grad: func(gin, gout, x, y []float32) {
			y = y[:len(gout)]
			for i, g := range gout {
				if y[i] > 0 {
					gin[i] += g
				}
			}
		},
		SetGrad: func(gin, gout, x, y []float32) { vmath.ReluGrad(gin, gout, y[:len(gout)]) },
	}
	uSigmoid = &Unary{
		Name: "sigmoid",
		Fn:   vmath.Sigmoid,
		Grad: func(gin, gout, x, y []float32) {
			y = y[:len(gout)]
			for i, g := range gout {
				gin[i] += g * y[i] * (1 - y[i])
			}
		},
		SetGrad: func(gin, gout, x, y []float32) {
			y = y[:len(gout)]
			for i, g := range gout {
				gin[i] = g * y[i] * (1 - y[i])
			}
		},
	}
	uRelu6 = unary("relu6",
		func(x float64) float64 { return math.Min(math.Max(x, 0), 6) },
		func(x, y float64) float64 { return step(x > 0 && x < 6, 1, 0) })
	uSparseSigmoid = unary("sparse_sigmoid",
		func(x float64) float64 {
			switch {
			case x <= -1:
				return 0
			case x >= 1:
				return 1
			}
			return 0.5 * (x + 1)
		},
		func(x, y float64) float64 { return step(x > -1 && x < 1, 0.5, 0) })
	uSoftplus = unary("softplus", softplus64,
		func(x, y float64) float64 { return sigmoid64(x) })
	uSoftsign = unary("softsign",
		func(x float64) float64 { return x / (1 + math.Abs(x)) },
		func(x, y float64) float64 { d := 1 + math.Abs(x); return 1 / (d * d) })
	uSparsePlus = unary("sparse_plus",
		func(x float64) float64 {
			switch {
			case x <= -1:
				return 0
			case x < 1:
				return 0.25 * (x + 1) * (x + 1)
			}
			return x
		},
		func(x, y float64) float64 {
			switch {
			case x <= -1:
				return 0
			case x < 1:
				return 0.5 * (x + 1)
			}
			return 1
		})
	uSilu = unary("silu",
		func(x float64) float64 { return x * sigmoid64(x) },
		func(x, y float64) float64 { s := sigmoid64(x); return s * (1 + x*(1-s)) })
	uLogSigmoid = unary("log_sigmoid",
		func(x float64) float64 { return -softplus64(-x) },
		func(x, y float64) float64 { return sigmoid64(-x) })
	uHardSigmoid = unary("hard_sigmoid", hardSigmoid64,
		func(x, y float64) float64 { return step(x > -3 && x < 3, 1.0/6, 0) })
	uHardSilu = unary("hard_silu",
		func(x float64) float64 { return x * hardSigmoid64(x) },
		func(x, y float64) float64 { return hardSigmoid64(x) + x*step(x > -3 && x < 3, 1.0/6, 0) })
	uSelu = unary("selu",
		func(x float64) float64 { return seluScale * elu64(x, seluAlpha) },
		func(x, y float64) float64 { return seluScale * step(x > 0, 1, seluAlpha*math.Exp(x)) })
	uGeluExact = unary("gelu",
		func(x float64) float64 { return 0.5 * x * (1 + math.Erf(x/math.Sqrt2)) },
		func(x, y float64) float64 {
			return 0.5*(1+math.Erf(x/math.Sqrt2)) + x*math.Exp(-0.5*x*x)/math.Sqrt(2*math.Pi)
		})
	uGeluTanh = unary("gelu",
		func(x float64) float64 {
			return 0.5 * x * (1 + math.Tanh(geluSqrt2OverPi*(x+geluCubic*x*x*x)))
		},
		func(x, y float64) float64 {
			t := math.Tanh(geluSqrt2OverPi * (x + geluCubic*x*x*x))
			return 0.5*(1+t) + 0.5*x*(1-t*t)*geluSqrt2OverPi*(1+3*geluCubic*x*x)
		})
	uTanhShrink = unary("tanh_shrink",
		func(x float64) float64 { return x - math.Tanh(x) },
		func(x, y float64) float64 { t := math.Tanh(x); return t * t })
	uHardTanh = unary("hard_tanh",
		func(x float64) float64 { return math.Min(math.Max(x, -1), 1) },
		func(x, y float64) float64 { return step(x > -1 && x < 1, 1, 0) })
	uMish = unary("mish",
		func(x float64) float64 { return x * math.Tanh(softplus64(x)) },
		func(x, y float64) float64 {
			t := math.Tanh(softplus64(x))
			return t + x*(1-t*t)*sigmoid64(x)
		})
)

func hardSigmoid64(x float64) float64 { return math.Min(math.Max(x/6+0.5, 0), 1) }

func elu64(x, alpha float64) float64 {
	if x >= 0 {
		return x
	}
	return alpha * math.Expm1(x)
}

// Relu returns max(x, 0) (keras.ops.relu).
func Relu(x *tensor.Tensor) (*tensor.Tensor, error) { return ApplyUnary(uRelu, x) }

// Relu6 returns min(max(x, 0), 6) (keras.ops.relu6).
func Relu6(x *tensor.Tensor) (*tensor.Tensor, error) { return ApplyUnary(uRelu6, x) }

// Sigmoid returns 1/(1+e^-x) (keras.ops.sigmoid).
func Sigmoid(x *tensor.Tensor) (*tensor.Tensor, error) { return ApplyUnary(uSigmoid, x) }

// SparseSigmoid returns 0 for x <= -1, 1 for x >= 1 and (x+1)/2 between
// (keras.ops.sparse_sigmoid).
func SparseSigmoid(x *tensor.Tensor) (*tensor.Tensor, error) {
	return ApplyUnary(uSparseSigmoid, x)
}

// Softplus returns log(1+e^x), computed stably as logaddexp(x, 0)
// (keras.ops.softplus).
func Softplus(x *tensor.Tensor) (*tensor.Tensor, error) { return ApplyUnary(uSoftplus, x) }

// Softsign returns x/(1+|x|) (keras.ops.softsign).
func Softsign(x *tensor.Tensor) (*tensor.Tensor, error) { return ApplyUnary(uSoftsign, x) }

// SparsePlus returns 0 for x <= -1, (x+1)²/4 for -1 < x < 1 and x for x >= 1
// (keras.ops.sparse_plus).
func SparsePlus(x *tensor.Tensor) (*tensor.Tensor, error) { return ApplyUnary(uSparsePlus, x) }

// Silu returns x*sigmoid(x) (keras.ops.silu, also keras.ops.swish).
func Silu(x *tensor.Tensor) (*tensor.Tensor, error) { return ApplyUnary(uSilu, x) }

// Swish is Silu (keras.ops.swish).
func Swish(x *tensor.Tensor) (*tensor.Tensor, error) { return Silu(x) }

// LogSigmoid returns log(sigmoid(x)) = -softplus(-x) (keras.ops.log_sigmoid).
func LogSigmoid(x *tensor.Tensor) (*tensor.Tensor, error) { return ApplyUnary(uLogSigmoid, x) }

// HardSigmoid returns clip(x/6 + 0.5, 0, 1), i.e. relu6(x+3)/6
// (keras.ops.hard_sigmoid, Keras 3 semantics; Keras 2's 0.2x+0.5 form lives in
// package activations as a legacy function).
func HardSigmoid(x *tensor.Tensor) (*tensor.Tensor, error) { return ApplyUnary(uHardSigmoid, x) }

// HardSilu returns x*hard_sigmoid(x) (keras.ops.hard_silu, also
// keras.ops.hard_swish).
func HardSilu(x *tensor.Tensor) (*tensor.Tensor, error) { return ApplyUnary(uHardSilu, x) }

// HardSwish is HardSilu (keras.ops.hard_swish).
func HardSwish(x *tensor.Tensor) (*tensor.Tensor, error) { return HardSilu(x) }

// Selu returns scale*elu(x, alpha) with Keras's constants alpha≈1.67326324
// and scale≈1.05070098 (keras.ops.selu).
func Selu(x *tensor.Tensor) (*tensor.Tensor, error) { return ApplyUnary(uSelu, x) }

// Gelu returns the Gaussian error linear unit (keras.ops.gelu). With
// approximate it uses the tanh form 0.5x(1+tanh(sqrt(2/pi)(x+0.044715x³))),
// otherwise the exact 0.5x(1+erf(x/sqrt(2))). Note keras.ops.gelu defaults to
// approximate=True while keras.activations.gelu defaults to False.
func Gelu(x *tensor.Tensor, approximate bool) (*tensor.Tensor, error) {
	if approximate {
		return ApplyUnary(uGeluTanh, x)
	}
	return ApplyUnary(uGeluExact, x)
}

// TanhShrink returns x - tanh(x) (keras.ops.tanh_shrink).
func TanhShrink(x *tensor.Tensor) (*tensor.Tensor, error) { return ApplyUnary(uTanhShrink, x) }

// HardTanh returns clip(x, -1, 1) (keras.ops.hard_tanh).
func HardTanh(x *tensor.Tensor) (*tensor.Tensor, error) { return ApplyUnary(uHardTanh, x) }

// Mish returns x*tanh(softplus(x)) (keras.activations.mish).
func Mish(x *tensor.Tensor) (*tensor.Tensor, error) { return ApplyUnary(uMish, x) }

// Elu returns x for x >= 0 and alpha*(e^x - 1) otherwise (keras.ops.elu;
// Keras's default alpha is 1.0).
func Elu(x *tensor.Tensor, alpha float64) (*tensor.Tensor, error) {
	return ApplyUnary(unary("elu",
		func(v float64) float64 { return elu64(v, alpha) },
		func(v, y float64) float64 { return step(v > 0, 1, alpha*math.Exp(v)) }), x)
}

// LeakyRelu returns max(x, negativeSlope*x) (keras.ops.leaky_relu; Keras's
// default negative_slope is 0.2).
func LeakyRelu(x *tensor.Tensor, negativeSlope float64) (*tensor.Tensor, error) {
	a := float32(negativeSlope)
	return ApplyUnary(&Unary{
		Name: "leaky_relu",
		Fn: func(dst, x []float32) {
			x = x[:len(dst)]
			for i, v := range x {
				dst[i] = max(v, a*v)
			}
		},
		Grad: func(gin, gout, x, y []float32) {
			x = x[:len(gout)]
			for i, g := range gout {
				if x[i] > a*x[i] {
					gin[i] += g
				} else {
					gin[i] += g * a
				}
			}
		},
	}, x)
}

// Celu returns max(x, 0) + alpha*(e^(min(x, 0)/alpha) - 1) (keras.ops.celu;
// Keras's default alpha is 1.0).
func Celu(x *tensor.Tensor, alpha float64) (*tensor.Tensor, error) {
	return ApplyUnary(unary("celu",
		func(v float64) float64 { return math.Max(v, 0) + alpha*math.Expm1(math.Min(v, 0)/alpha) },
		func(v, y float64) float64 { return step(v > 0, 1, math.Exp(v/alpha)) }), x)
}

// SoftShrink returns x - threshold for x > threshold, x + threshold for
// x < -threshold and 0 otherwise (keras.ops.soft_shrink; default 0.5).
func SoftShrink(x *tensor.Tensor, threshold float64) (*tensor.Tensor, error) {
	return ApplyUnary(unary("soft_shrink",
		func(v float64) float64 {
			switch {
			case v > threshold:
				return v - threshold
			case v < -threshold:
				return v + threshold
			}
			return 0
		},
		func(v, y float64) float64 { return step(v > threshold || v < -threshold, 1, 0) }), x)
}

// HardShrink returns x where |x| > threshold and 0 elsewhere
// (keras.ops.hard_shrink; default 0.5).
func HardShrink(x *tensor.Tensor, threshold float64) (*tensor.Tensor, error) {
	return ApplyUnary(unary("hard_shrink",
		func(v float64) float64 { return step(math.Abs(v) > threshold, v, 0) },
		func(v, y float64) float64 { return step(math.Abs(v) > threshold, 1, 0) }), x)
}

// Squareplus returns (x + sqrt(x² + b))/2 (keras.ops.squareplus; default b=4).
func Squareplus(x *tensor.Tensor, b float64) (*tensor.Tensor, error) {
	return ApplyUnary(unary("squareplus",
		func(v float64) float64 { return (v + math.Sqrt(v*v+b)) / 2 },
		func(v, y float64) float64 { return 0.5 * (1 + v/math.Sqrt(v*v+b)) }), x)
}

// Threshold returns x where x > threshold and defaultValue elsewhere
// (keras.ops.threshold).
func Threshold(x *tensor.Tensor, threshold, defaultValue float64) (*tensor.Tensor, error) {
	return ApplyUnary(unary("threshold",
		func(v float64) float64 { return step(v > threshold, v, defaultValue) },
		func(v, y float64) float64 { return step(v > threshold, 1, 0) }), x)
}
