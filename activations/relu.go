package activations

import (
	"math"

	"github.com/gokeras/keras/ops"
	"github.com/gokeras/keras/tensor"
)

// Relu is keras.activations.relu(x, negative_slope, max_value, threshold):
// x above threshold (else 0), capped at maxValue, minus
// negativeSlope*relu(threshold - x). Pass math.Inf(1) as maxValue for Keras's
// max_value=None; Relu(0, math.Inf(1), 0) is plain max(x, 0), the same as
// Get("relu"). The branches follow Keras's ReLU.static_call, including its
// use of leaky_relu when only negativeSlope is set.
func Relu(negativeSlope, maxValue, threshold float64) Activation {
	p := map[string]any{}
	if negativeSlope != 0 {
		p["negative_slope"] = negativeSlope
	}
	if !math.IsInf(maxValue, 1) {
		p["max_value"] = maxValue
	}
	if threshold != 0 {
		p["threshold"] = threshold
	}
	switch {
	case negativeSlope == 0 && math.IsInf(maxValue, 1) && threshold == 0:
		return newFunc("relu", nil, ops.Relu)
	case negativeSlope != 0 && math.IsInf(maxValue, 1) && threshold == 0:
		return newFunc("relu", p, func(x *tensor.Tensor) (*tensor.Tensor, error) {
			return ops.LeakyRelu(x, negativeSlope)
		})
	case negativeSlope == 0 && maxValue == 6 && threshold == 0:
		return newFunc("relu", p, ops.Relu6)
	}
	u := reluUnary(negativeSlope, maxValue, threshold)
	return newFunc("relu", p, func(x *tensor.Tensor) (*tensor.Tensor, error) {
		return ops.ApplyUnary(u, x)
	})
}

// reluUnary is the general case of Keras's ReLU.static_call.
func reluUnary(slope, maxValue, thr float64) *ops.Unary {
	clip := !math.IsInf(maxValue, 1)
	f := func(v float64) (y, dy float64) {
		// positive part: x > threshold ? x : 0 (relu(x) when threshold is 0)
		if v > thr {
			y, dy = v, 1
		}
		if clip {
			switch {
			case y <= 0:
				y, dy = 0, 0
			case y >= maxValue:
				y, dy = maxValue, 0
			}
		}
		// negative part: negative_slope * relu(threshold - x)
		if slope != 0 && thr-v > 0 {
			y -= slope * (thr - v)
			dy += slope
		}
		return y, dy
	}
	return ops.Map("relu",
		func(x float32) float32 { y, _ := f(float64(x)); return float32(y) },
		func(x, _ float32) float32 { _, d := f(float64(x)); return float32(d) })
}

func reluFromConfig(cfg map[string]any) (Activation, error) {
	slope, maxValue, thr := 0.0, math.Inf(1), 0.0
	for k, v := range cfg {
		var err error
		switch k {
		case "negative_slope":
			slope, err = toFloat("relu", k, v)
		case "threshold":
			thr, err = toFloat("relu", k, v)
		case "max_value":
			if v != nil {
				maxValue, err = toFloat("relu", k, v)
			}
		default:
			err = unexpected("relu", k, v)
		}
		if err != nil {
			return nil, err
		}
	}
	return Relu(slope, maxValue, thr), nil
}
