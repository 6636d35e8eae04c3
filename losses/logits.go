package losses

import "github.com/gokeras/keras/tensor"

// LogitsProvider is implemented by graph ops whose output is an activation
// of logits that cross-entropy losses can use directly, the Go form of
// TensorFlow Keras's `output._keras_logits`. An op named "softmax" must
// return the logits only when it normalises over the last axis; an op named
// "sigmoid" returns its input. Logits receives the node's inputs and returns
// nil when it cannot vouch for the contract.
type LogitsProvider interface {
	Logits(in []*tensor.Tensor) *tensor.Tensor
}

// Logits returns the logits that produced t through a last-axis softmax
// (t.Node().Op named "softmax" implementing LogitsProvider), or nil.
// CategoricalCrossentropy and SparseCategoricalCrossentropy with
// from_logits=false use them, as Keras's TensorFlow backend does.
func Logits(t *tensor.Tensor) *tensor.Tensor { return activationLogits(t, "softmax") }

// activationLogits is Logits for an activation op of the given name.
func activationLogits(t *tensor.Tensor, opName string) *tensor.Tensor {
	if t == nil {
		return nil
	}
	n := t.Node()
	if n == nil || n.Op == nil || n.Op.Name() != opName {
		return nil
	}
	lp, ok := n.Op.(LogitsProvider)
	if !ok {
		return nil
	}
	z := lp.Logits(n.Inputs)
	if z == nil || z.DType() != tensor.Float32 || !z.Shape().Equal(t.Shape()) {
		return nil
	}
	return z
}
