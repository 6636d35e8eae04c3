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
	actHardSigmoidKeras2 // clip(0.2x + 0.5, 0, 1): Keras 1/2 and TF.js files
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
	case "hard_sigmoid_keras2":
		return actHardSigmoidKeras2, nil
	}
	return 0, fmt.Errorf("activation %v is not supported by the recurrent layers (supported: tanh, sigmoid, relu, linear, hard_sigmoid, hard_sigmoid_keras2)", activations.Serialize(a))
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
			dst[i] = min(max((v+3)/6, 0), 1)
		}
	case actHardSigmoidKeras2:
		for i, v := range x {
			dst[i] = min(max(0.2*v+0.5, 0), 1)
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
	case actHardSigmoidKeras2:
		if y > 0 && y < 1 {
			return 0.2
		}
		return 0
	}
	return 1
}
