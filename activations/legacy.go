package activations

import (
	"github.com/gokeras/keras/ops"
	"github.com/gokeras/keras/tensor"
)

var uHardSigmoidKeras2 = ops.Map("hard_sigmoid_keras2",
	func(x float32) float32 { return min(max(0.2*x+0.5, 0), 1) },
	func(x, _ float32) float32 {
		if x > -2.5 && x < 2.5 {
			return 0.2
		}
		return 0
	})

// HardSigmoidKeras2 is the hard_sigmoid of Keras 1 and 2 (tf.keras):
// clip(0.2x + 0.5, 0, 1). Keras 3 changed hard_sigmoid to relu6(x+3)/6; this
// one is for models saved by older Keras (see Legacy). Its Name is the Go-only
// "hard_sigmoid_keras2", which Get accepts.
var HardSigmoidKeras2 Activation = newFunc("hard_sigmoid_keras2", nil, func(x *tensor.Tensor) (*tensor.Tensor, error) {
	return ops.ApplyUnary(uHardSigmoidKeras2, x)
})

// Legacy is Get for identifiers read from Keras 1/2 model files (HDF5 and
// legacy JSON configs): the same as Get except that "hard_sigmoid" means
// Keras 2's clip(0.2x+0.5, 0, 1) (HardSigmoidKeras2).
func Legacy(identifier any) (Activation, error) {
	if identifier == "hard_sigmoid" {
		return HardSigmoidKeras2, nil
	}
	if d, ok := identifier.(map[string]any); ok {
		if d["config"] == "hard_sigmoid" || (d["class_name"] == "hard_sigmoid" && d["config"] == nil) {
			return HardSigmoidKeras2, nil
		}
	}
	return Get(identifier)
}
