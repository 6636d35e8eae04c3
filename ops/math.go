package ops

import (
	"math"

	"github.com/gokeras/keras/tensor"
)

func f32(f func(float64) float64) func(float32) float32 {
	return func(x float32) float32 { return float32(f(float64(x))) }
}

var (
	uNeg    = Map("negative", func(x float32) float32 { return -x }, func(x, y float32) float32 { return -1 })
	uExp    = Map("exp", f32(math.Exp), func(x, y float32) float32 { return y })
	uLog    = Map("log", f32(math.Log), func(x, y float32) float32 { return 1 / x })
	uLog1p  = Map("log1p", f32(math.Log1p), func(x, y float32) float32 { return 1 / (1 + x) })
	uExpm1  = Map("expm1", f32(math.Expm1), func(x, y float32) float32 { return y + 1 })
	uSqrt   = Map("sqrt", f32(math.Sqrt), func(x, y float32) float32 { return 0.5 / y })
	uRsqrt  = Map("rsqrt", func(x float32) float32 { return float32(1 / math.Sqrt(float64(x))) }, func(x, y float32) float32 { return -0.5 * y * y * y })
	uSquare = Map("square", func(x float32) float32 { return x * x }, func(x, y float32) float32 { return 2 * x })
	uAbs    = Map("abs", func(x float32) float32 { return float32(math.Abs(float64(x))) }, func(x, y float32) float32 { return sign(x) })
	uSign   = Map("sign", sign, nil)
	uTanh   = Map("tanh", f32(math.Tanh), func(x, y float32) float32 { return 1 - y*y })
	uSin    = Map("sin", f32(math.Sin), func(x, y float32) float32 { return float32(math.Cos(float64(x))) })
	uCos    = Map("cos", f32(math.Cos), func(x, y float32) float32 { return -float32(math.Sin(float64(x))) })
	uFloor  = Map("floor", f32(math.Floor), nil)
	uCeil   = Map("ceil", f32(math.Ceil), nil)
	uRound  = Map("round", f32(math.RoundToEven), nil)
	uRecip  = Map("reciprocal", func(x float32) float32 { return 1 / x }, func(x, y float32) float32 { return -y * y })
)

func sign(x float32) float32 {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	}
	return 0
}

// Negative returns -x.
func Negative(x *tensor.Tensor) (*tensor.Tensor, error) { return ApplyUnary(uNeg, x) }

// Exp returns e^x.
func Exp(x *tensor.Tensor) (*tensor.Tensor, error) { return ApplyUnary(uExp, x) }

// Log returns the natural logarithm.
func Log(x *tensor.Tensor) (*tensor.Tensor, error) { return ApplyUnary(uLog, x) }

// Log1p returns log(1+x).
func Log1p(x *tensor.Tensor) (*tensor.Tensor, error) { return ApplyUnary(uLog1p, x) }

// Expm1 returns e^x - 1.
func Expm1(x *tensor.Tensor) (*tensor.Tensor, error) { return ApplyUnary(uExpm1, x) }

// Sqrt returns the square root.
func Sqrt(x *tensor.Tensor) (*tensor.Tensor, error) { return ApplyUnary(uSqrt, x) }

// Rsqrt returns 1/sqrt(x).
func Rsqrt(x *tensor.Tensor) (*tensor.Tensor, error) { return ApplyUnary(uRsqrt, x) }

// Square returns x*x.
func Square(x *tensor.Tensor) (*tensor.Tensor, error) { return ApplyUnary(uSquare, x) }

// Abs returns |x|.
func Abs(x *tensor.Tensor) (*tensor.Tensor, error) { return ApplyUnary(uAbs, x) }

// Sign returns -1, 0 or 1.
func Sign(x *tensor.Tensor) (*tensor.Tensor, error) { return ApplyUnary(uSign, x) }

// Tanh returns the hyperbolic tangent.
func Tanh(x *tensor.Tensor) (*tensor.Tensor, error) { return ApplyUnary(uTanh, x) }

// Sin returns the sine.
func Sin(x *tensor.Tensor) (*tensor.Tensor, error) { return ApplyUnary(uSin, x) }

// Cos returns the cosine.
func Cos(x *tensor.Tensor) (*tensor.Tensor, error) { return ApplyUnary(uCos, x) }

// Floor rounds down.
func Floor(x *tensor.Tensor) (*tensor.Tensor, error) { return ApplyUnary(uFloor, x) }

// Ceil rounds up.
func Ceil(x *tensor.Tensor) (*tensor.Tensor, error) { return ApplyUnary(uCeil, x) }

// Round rounds half to even, as numpy does.
func Round(x *tensor.Tensor) (*tensor.Tensor, error) { return ApplyUnary(uRound, x) }

// Reciprocal returns 1/x.
func Reciprocal(x *tensor.Tensor) (*tensor.Tensor, error) { return ApplyUnary(uRecip, x) }
