package ops

import "github.com/gokeras/keras/tensor"

// Logits returns the input of a last-axis softmax, so that a cross-entropy
// on its output can be computed from logits, as Keras's TensorFlow backend
// does with output._keras_logits (see package losses). It returns nil for
// log-softmax and for softmax over another axis.
func (op *softmaxOp) Logits(in []*tensor.Tensor) *tensor.Tensor {
	if op.log || op.l.inner != 1 {
		return nil
	}
	return in[0]
}

// Logits returns the input of a sigmoid, for binary cross-entropy from
// logits. Other element-wise functions have no logits.
func (op unaryOp) Logits(in []*tensor.Tensor) *tensor.Tensor {
	if op.u != uSigmoid {
		return nil
	}
	return in[0]
}
