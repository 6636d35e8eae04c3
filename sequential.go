package keras

import (
	"fmt"

	"github.com/gokeras/keras/layers"
	"github.com/gokeras/keras/losses"
	"github.com/gokeras/keras/optimizers"
	"github.com/gokeras/keras/tensor"
)

// Sequential is keras.Sequential: a plain stack of layers, each with one
// input and one output. It is a Model once its input shape is known (from
// an InputLayer, the input_shape option of the first layer, or the first
// batch of data).
type Sequential struct {
	Model
	stack   []layers.Layer
	input   *layers.InputLayer
	pending *pendingCompile // Compile called before the input shape was known
}

// NewSequential makes a Sequential model of the given layers
// (keras.Sequential([...])). Layer errors are reported here.
func NewSequential(ls ...layers.Layer) (*Sequential, error) {
	s := &Sequential{}
	cfg := layers.NewConfig(map[string]any{})
	s.Model.BaseLayer.Init(s, "Sequential", cfg)
	s.Model.trainer.model = &s.Model
	for _, l := range ls {
		if err := s.Add(l); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// Add appends a layer (model.add). An InputLayer is only accepted first.
func (s *Sequential) Add(l layers.Layer) error {
	if l == nil {
		return fmt.Errorf("sequential %q: cannot add a nil layer", s.Name())
	}
	if err := l.Base().Err(); err != nil {
		return err
	}
	if in, ok := l.(*layers.InputLayer); ok {
		if s.input != nil || len(s.stack) > 0 {
			return fmt.Errorf("sequential %q: an InputLayer can only be the first layer (layer %q)", s.Name(), l.Base().Name())
		}
		s.input = in
		return nil
	}
	for _, e := range s.stack {
		if e.Base().Name() == l.Base().Name() {
			return fmt.Errorf("sequential %q: all layers added to a Sequential model should have unique names. Name %q is already the name of a layer in this model", s.Name(), l.Base().Name())
		}
	}
	if s.input == nil && len(s.stack) == 0 && l.Base().InputShape() != nil {
		s.input = layers.NewInputLayer(l.Base().InputShape())
	}
	s.stack = append(s.stack, l)
	s.Model.trainer.steps = nil
	if s.input != nil {
		return s.rebuild(s.input.BatchShape())
	}
	return nil
}

// Pop removes the last layer (model.pop).
func (s *Sequential) Pop() error {
	if len(s.stack) == 0 {
		return fmt.Errorf("sequential %q: there are no layers in the model", s.Name())
	}
	s.stack = s.stack[:len(s.stack)-1]
	s.Model.trainer.steps = nil
	if s.input != nil && len(s.stack) > 0 {
		return s.rebuild(s.input.BatchShape())
	}
	return nil
}

// rebuild makes the functional graph input -> layers for the input shape.
func (s *Sequential) rebuild(batchShape tensor.Shape) error {
	if len(s.stack) == 0 {
		return nil
	}
	if s.input == nil {
		s.input = layers.NewInputLayer(batchShape[1:])
	}
	x := layers.InputTensor(s.input)
	in := x
	for _, l := range s.stack {
		x = l.Base().Apply(x)
		if x.Err() != nil {
			return fmt.Errorf("sequential %q: %w", s.Name(), x.Err())
		}
	}
	return s.Model.setGraph([]*layers.KerasTensor{in}, []*layers.KerasTensor{x})
}

// Build builds the model for inputs of the given shape (batch dimension
// included, -1 for unknown): model.build(input_shape).
func (s *Sequential) Build(shapes []tensor.Shape) error {
	if s.Model.Built() && len(s.Model.outputs) > 0 {
		return nil
	}
	if len(shapes) != 1 {
		return fmt.Errorf("sequential %q takes one input, got %d shapes", s.Name(), len(shapes))
	}
	return s.rebuild(shapes[0])
}

// ensureGraph builds a model with no known input shape from the data.
func (s *Sequential) ensureGraph(x any) error {
	if len(s.Model.outputs) > 0 {
		return nil
	}
	if len(s.stack) == 0 {
		return fmt.Errorf("sequential %q has no layers", s.Name())
	}
	var shape tensor.Shape
	switch v := x.(type) {
	case *tensor.Tensor:
		if v != nil {
			shape = v.Shape().Clone()
		}
	case []*tensor.Tensor:
		if len(v) == 1 && v[0] != nil {
			shape = v[0].Shape().Clone()
		}
	case Dataset:
		bx, _, _, err := v.Batch(0)
		if err != nil {
			return err
		}
		if len(bx) == 1 {
			shape = bx[0].Shape().Clone()
		}
	}
	if shape == nil || len(shape) == 0 {
		return fmt.Errorf("sequential %q: the input shape is unknown; add an InputLayer or pass data with one input", s.Name())
	}
	shape[0] = -1
	return s.rebuild(shape)
}

// Layers returns the model's layers (without the implicit input layer, as
// Keras's Sequential.layers).
func (s *Sequential) Layers() []layers.Layer { return s.stack }

// SubLayers lets weights and trainability reach the stacked layers.
func (s *Sequential) SubLayers() []layers.Layer { return s.stack }

// GetLayer returns the layer with the given name.
func (s *Sequential) GetLayer(name string) (layers.Layer, error) {
	for _, l := range s.stack {
		if l.Base().Name() == name {
			return l, nil
		}
	}
	return nil, fmt.Errorf("no such layer: %s", name)
}

// Compile is model.compile (see Model.Compile). A model whose input shape is
// not known yet is compiled when it is built.
func (s *Sequential) Compile(optimizer, loss any, metrics ...any) error {
	if len(s.Model.outputs) == 0 {
		// Resolve what can be resolved now so that bad identifiers are
		// reported by Compile, as Keras does.
		opt, err := optimizers.Get(optimizer)
		if err != nil {
			return fmt.Errorf("compile: optimizer: %w", err)
		}
		if _, multi := loss.([]any); !multi {
			if _, multi := loss.(map[string]any); !multi {
				if _, err := losses.Get(loss); err != nil {
					return fmt.Errorf("compile: loss: %w", err)
				}
			}
		}
		s.pending = &pendingCompile{opt, loss, metrics}
		return nil
	}
	return s.Model.Compile(optimizer, loss, metrics...)
}

type pendingCompile struct {
	optimizer, loss any
	metrics         []any
}

// Fit builds the model from the data if needed, then trains (Model.Fit).
func (s *Sequential) Fit(x, y any, opts ...RunOption) (*History, error) {
	if err := s.prepare(x); err != nil {
		return nil, err
	}
	return s.Model.Fit(x, y, opts...)
}

// Evaluate builds the model from the data if needed, then evaluates.
func (s *Sequential) Evaluate(x, y any, opts ...RunOption) ([]float64, error) {
	if err := s.prepare(x); err != nil {
		return nil, err
	}
	return s.Model.Evaluate(x, y, opts...)
}

// Predict builds the model from the data if needed, then predicts.
func (s *Sequential) Predict(x any, opts ...RunOption) ([]*tensor.Tensor, error) {
	if err := s.prepare(x); err != nil {
		return nil, err
	}
	return s.Model.Predict(x, opts...)
}

// TrainOnBatch builds the model from the data if needed, then trains on it.
func (s *Sequential) TrainOnBatch(x, y any) ([]float64, error) {
	if err := s.prepare(x); err != nil {
		return nil, err
	}
	return s.Model.TrainOnBatch(x, y)
}

// TestOnBatch builds the model from the data if needed, then tests on it.
func (s *Sequential) TestOnBatch(x, y any) ([]float64, error) {
	if err := s.prepare(x); err != nil {
		return nil, err
	}
	return s.Model.TestOnBatch(x, y)
}

// PredictOnBatch builds the model from the data if needed, then predicts.
func (s *Sequential) PredictOnBatch(x any) ([]*tensor.Tensor, error) {
	if err := s.prepare(x); err != nil {
		return nil, err
	}
	return s.Model.PredictOnBatch(x)
}

func (s *Sequential) prepare(x any) error {
	if err := s.ensureGraph(x); err != nil {
		return err
	}
	if s.pending != nil {
		p := s.pending
		s.pending = nil
		return s.Model.Compile(p.optimizer, p.loss, p.metrics...)
	}
	return nil
}

// GetConfig returns Keras's Sequential config: name and the list of layers.
func (s *Sequential) GetConfig() map[string]any { return sequentialConfig(s) }
