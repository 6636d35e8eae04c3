package keras

import (
	"fmt"

	"github.com/gokeras/keras/layers"
	"github.com/gokeras/keras/tensor"
)

// Weights returns the model's variables in Keras's order (trainable first).
func (m *Model) Weights() []*tensor.Variable { return layers.Weights(m) }

// TrainableWeights returns the variables training updates.
func (m *Model) TrainableWeights() []*tensor.Variable { return layers.TrainableWeights(m) }

// NonTrainableWeights returns the frozen variables.
func (m *Model) NonTrainableWeights() []*tensor.Variable { return layers.NonTrainableWeights(m) }

// CountParams returns the number of scalars in the model's weights.
func (m *Model) CountParams() int { return layers.CountParams(m) }

// GetWeights returns copies of the weight values (model.get_weights).
func (m *Model) GetWeights() []*tensor.Tensor {
	vs := m.Weights()
	out := make([]*tensor.Tensor, len(vs))
	for i, v := range vs {
		out[i] = v.Value().Clone()
	}
	return out
}

// SetWeights assigns weight values in GetWeights order (model.set_weights).
func (m *Model) SetWeights(ws []*tensor.Tensor) error {
	vs := m.Weights()
	if len(ws) != len(vs) {
		return fmt.Errorf("model %q: you called SetWeights with a list of length %d, but the model expects %d weights", m.Name(), len(ws), len(vs))
	}
	for i, v := range vs {
		if ws[i] == nil || !ws[i].Shape().Equal(v.Shape()) {
			var got any = "nil"
			if ws[i] != nil {
				got = ws[i].Shape()
			}
			return fmt.Errorf("model %q: weight %d (%s) has shape %v, but the value given has shape %v", m.Name(), i, v.Path(), v.Shape(), got)
		}
	}
	for i, v := range vs {
		if err := v.Assign(ws[i]); err != nil {
			return err
		}
	}
	return nil
}

// SetTrainable freezes or unfreezes every layer of the model. Compiled
// steps are re-traced so that training honours the change.
func (m *Model) SetTrainable(on bool) {
	m.BaseLayer.SetTrainable(on)
	m.trainer.steps = nil
}

// ClearSession resets Keras's global state: the layer name counters
// (keras.backend.clear_session).
func ClearSession() { layers.ResetNames() }

// ResetStates clears the states of every stateful layer (stateful RNNs), as
// Keras's model.reset_states() does.
func (m *Model) ResetStates() {
	var walk func(ls []layers.Layer)
	walk = func(ls []layers.Layer) {
		for _, l := range ls {
			if r, ok := l.(interface{ ResetStates() }); ok {
				r.ResetStates()
			}
			if c, ok := l.(layers.Container); ok {
				walk(c.SubLayers())
			}
		}
	}
	walk(m.SubLayers())
}
