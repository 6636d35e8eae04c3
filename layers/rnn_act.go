package layers

import (
	"fmt"

	"github.com/gokeras/keras/activations"
	"github.com/gokeras/keras/internal/vmath"
)

// rnnAct is an element-wise activation the fused recurrent kernels can apply
// to a slice and differentiate from its output alone.
type rnnAct uint8

const (
	actTanh rnnAct = iota
	actSigmoid
	actRelu
	actLinear
	actHardSigmoid
)

// rnnActOf maps a Keras activation to a fused kernel activation. Only
// activations whose derivative is a function of their output are supported.
func rnnActOf(a activations.Activation) (rnnAct, error) {
	name, _ := activations.Serialize(a).(string)
	switch name {
	case "tanh":
		return actTanh, nil
	case "sigmoid":
		return actSigmoid, nil
	case "relu":
		return actRelu, nil
	case "linear":
		return actLinear, nil
	case "hard_sigmoid":
		return actHardSigmoid, nil
	}
	return 0, fmt.Errorf("activation %v is not supported by the recurrent layers (supported: tanh, sigmoid, relu, linear, hard_sigmoid)", activations.Serialize(a))
}

// apply writes act(x) into dst.
func (a rnnAct) apply(dst, x []float32) {
	switch a {
	case actTanh:
		vmath.Tanh(dst, x)
	case actSigmoid:
		vmath.Sigmoid(dst, x)
	case actRelu:
		vmath.Relu(dst, x)
	case actLinear:
		copy(dst, x)
	case actHardSigmoid:
		for i, v := range x {
			y := (v + 3) / 6
			if y < 0 {
				y = 0
			} else if y > 1 {
				y = 1
			}
			dst[i] = y
		}
	}
}

// grad is act'(x) given y = act(x).
func (a rnnAct) grad(y float32) float32 {
	switch a {
	case actTanh:
		return 1 - y*y
	case actSigmoid:
		return y * (1 - y)
	case actRelu:
		if y > 0 {
			return 1
		}
		return 0
	case actHardSigmoid:
		if y > 0 && y < 1 {
			return 1.0 / 6
		}
		return 0
	}
	return 1
}
