package keras

import (
	"fmt"
	"slices"

	"github.com/gokeras/keras/layers"
	"github.com/gokeras/keras/tensor"
)

// Model is keras.Model: a graph of layers from symbolic inputs to outputs,
// built with the functional API. It is itself a layer and can be used inside
// another model.
type Model struct {
	layers.BaseLayer
	inputs  []*layers.KerasTensor
	outputs []*layers.KerasTensor
	nodes   []*layers.Node // every layer application, in execution order
	ls      []layers.Layer // distinct layers in order of first use
	trainer
}

// Input is keras.Input: a symbolic tensor for samples of the given shape
// (without the batch dimension).
func Input(shape []int, opts ...layers.Option) *layers.KerasTensor {
	return layers.Input(shape, opts...)
}

// NewModel is keras.Model(inputs, outputs): it collects the layers between
// inputs and outputs. Errors made while applying layers are reported here.
func NewModel(inputs, outputs []*layers.KerasTensor, opts ...layers.Option) (*Model, error) {
	m := &Model{}
	cfg := layers.Options(opts, nil)
	m.BaseLayer.Init(m, "Functional", cfg)
	m.BaseLayer.Finish(cfg)
	if err := m.BaseLayer.Err(); err != nil {
		return nil, err
	}
	if err := m.setGraph(inputs, outputs); err != nil {
		return nil, err
	}
	m.trainer.model = m
	return m, nil
}

func (m *Model) setGraph(inputs, outputs []*layers.KerasTensor) error {
	if len(inputs) == 0 || len(outputs) == 0 {
		return fmt.Errorf("model %q: a model needs at least one input and one output", m.Name())
	}
	for _, t := range append(slices.Clone(inputs), outputs...) {
		if t == nil {
			return fmt.Errorf("model %q: nil tensor among inputs/outputs", m.Name())
		}
		if t.Err() != nil {
			return fmt.Errorf("model %q: %w", m.Name(), t.Err())
		}
	}
	for i, in := range inputs {
		n, _ := in.Node()
		if n == nil {
			return fmt.Errorf("model %q: input %d is not a keras.Input tensor", m.Name(), i)
		}
		if _, ok := n.Layer.(*layers.InputLayer); !ok {
			return fmt.Errorf("model %q: input %d was produced by layer %q; model inputs must come from keras.Input", m.Name(), i, n.Layer.Base().Name())
		}
	}
	// Depth-first walk from the outputs gives a topological order of nodes.
	var order []*layers.Node
	state := map[*layers.Node]int{} // 1 visiting, 2 done
	index := map[layers.Layer]int{} // first-visit (pre-order) index, as Keras's operation_indices
	isInput := map[*layers.KerasTensor]bool{}
	for _, in := range inputs {
		isInput[in] = true
	}
	var visit func(t *layers.KerasTensor) error
	visit = func(t *layers.KerasTensor) error {
		n, _ := t.Node()
		if n == nil {
			return fmt.Errorf("model %q: tensor %v has no history", m.Name(), t)
		}
		switch state[n] {
		case 2:
			return nil
		case 1:
			return fmt.Errorf("model %q: the layer graph has a cycle at layer %q", m.Name(), n.Layer.Base().Name())
		}
		state[n] = 1
		if _, ok := index[n.Layer]; !ok {
			index[n.Layer] = len(index)
		}
		if _, ok := n.Layer.(*layers.InputLayer); ok {
			if !isInput[t] {
				return fmt.Errorf("model %q: graph disconnected: cannot obtain a value for tensor %v at layer %q; the following inputs were accessed without being passed to the model", m.Name(), t, n.Layer.Base().Name())
			}
		}
		for _, in := range n.Inputs {
			if err := visit(in); err != nil {
				return err
			}
		}
		state[n] = 2
		order = append(order, n)
		return nil
	}
	for _, o := range outputs {
		if err := visit(o); err != nil {
			return err
		}
	}
	// Inputs not reached from the outputs still belong to the model.
	var inNodes []*layers.Node
	for _, in := range inputs {
		n, _ := in.Node()
		if state[n] != 2 {
			inNodes = append(inNodes, n)
		}
	}
	m.inputs, m.outputs, m.nodes = inputs, outputs, append(inNodes, order...)
	for _, n := range inNodes {
		index[n.Layer] = -1
	}
	m.ls = layerOrder(order, inNodes, index)
	names := map[string]bool{}
	for _, l := range m.ls {
		if names[l.Base().Name()] {
			return fmt.Errorf("model %q: the name %q is used by two layers; all layer names should be unique", m.Name(), l.Base().Name())
		}
		names[l.Base().Name()] = true
	}
	shapes := make([]tensor.Shape, len(inputs))
	for i, in := range inputs {
		shapes[i] = in.Shape()
	}
	m.SetBuilt(shapes)
	return nil
}

// layerOrder orders the layers as Keras's map_graph does (model.layers, and
// so the order of legacy weight files and of Summary): by depth from the
// outputs, farthest first, ties broken by first-visit order of the
// depth-first walk from the outputs. order is the walk's post-order;
// unconnected holds the nodes of inputs that no output uses (depth 0).
func layerOrder(order, unconnected []*layers.Node, index map[layers.Layer]int) []layers.Layer {
	inGraph := map[*layers.Node]bool{}
	for _, n := range order {
		inGraph[n] = true
	}
	nodeDepth := map[*layers.Node]int{}
	opDepth := map[layers.Layer]int{}
	for i := len(order) - 1; i >= 0; i-- {
		n := order[i]
		d := max(nodeDepth[n], opDepth[n.Layer])
		opDepth[n.Layer], nodeDepth[n] = d, d
		for _, in := range n.Inputs {
			if p, _ := in.Node(); p != nil && inGraph[p] {
				nodeDepth[p] = max(nodeDepth[p], d+1)
			}
		}
	}
	for _, n := range unconnected {
		opDepth[n.Layer] = 0
	}
	out := make([]layers.Layer, 0, len(opDepth))
	for l := range opDepth {
		out = append(out, l)
	}
	slices.SortFunc(out, func(a, b layers.Layer) int {
		if da, db := opDepth[a], opDepth[b]; da != db {
			return db - da
		}
		return index[a] - index[b]
	})
	return out
}

// Inputs returns the model's symbolic inputs.
func (m *Model) Inputs() []*layers.KerasTensor { return m.inputs }

// Outputs returns the model's symbolic outputs.
func (m *Model) Outputs() []*layers.KerasTensor { return m.outputs }

// Layers returns the model's layers in Keras's order (inputs first).
func (m *Model) Layers() []layers.Layer { return m.ls }

// SubLayers is the same as Layers, minus input layers; it lets weights,
// trainability and regularizers reach nested layers.
func (m *Model) SubLayers() []layers.Layer {
	var out []layers.Layer
	for _, l := range m.ls {
		if _, ok := l.(*layers.InputLayer); !ok {
			out = append(out, l)
		}
	}
	return out
}

// GetLayer returns the layer with the given name (model.get_layer).
func (m *Model) GetLayer(name string) (layers.Layer, error) {
	for _, l := range m.ls {
		if l.Base().Name() == name {
			return l, nil
		}
	}
	names := make([]string, len(m.ls))
	for i, l := range m.ls {
		names[i] = l.Base().Name()
	}
	return nil, fmt.Errorf("no such layer: %s. Existing layers are: %v", name, names)
}

// Build does nothing: a functional model is built by its graph.
func (m *Model) Build([]tensor.Shape) error { return nil }

// ComputeOutputShape returns the outputs' symbolic shapes.
func (m *Model) ComputeOutputShape([]tensor.Shape) ([]tensor.Shape, error) {
	out := make([]tensor.Shape, len(m.outputs))
	for i, o := range m.outputs {
		out[i] = o.Shape()
	}
	return out, nil
}

// Call runs the graph on concrete inputs (one per model input, in order).
func (m *Model) Call(ctx *layers.Context, inputs []*tensor.Tensor) ([]*tensor.Tensor, error) {
	if len(inputs) != len(m.inputs) {
		return nil, fmt.Errorf("model %q expects %d input(s), but it received %d input tensors", m.Name(), len(m.inputs), len(inputs))
	}
	vals := make(map[*layers.KerasTensor]*tensor.Tensor, len(m.nodes)+len(inputs))
	for i, in := range inputs {
		if err := checkInput(m.inputs[i], in); err != nil {
			return nil, fmt.Errorf("model %q: %w", m.Name(), err)
		}
		vals[m.inputs[i]] = in
	}
	args := []*tensor.Tensor{}
	for _, n := range m.nodes {
		if _, ok := n.Layer.(*layers.InputLayer); ok {
			continue
		}
		args = args[:0]
		for _, in := range n.Inputs {
			v, ok := vals[in]
			if !ok {
				return nil, fmt.Errorf("model %q: no value for an input of layer %q", m.Name(), n.Layer.Base().Name())
			}
			args = append(args, v)
		}
		outs, err := layers.CallLayer(ctx, n.Layer, slices.Clone(args))
		if err != nil {
			return nil, err
		}
		if len(outs) != len(n.Outputs) {
			return nil, fmt.Errorf("layer %q returned %d outputs, expected %d", n.Layer.Base().Name(), len(outs), len(n.Outputs))
		}
		for i, o := range n.Outputs {
			vals[o] = outs[i]
		}
	}
	res := make([]*tensor.Tensor, len(m.outputs))
	for i, o := range m.outputs {
		res[i] = vals[o]
	}
	return res, nil
}

// checkInput compares a concrete input with the model input's declared
// shape, as Keras's input_spec check does.
func checkInput(kt *layers.KerasTensor, t *tensor.Tensor) error {
	want, got := kt.Shape(), t.Shape()
	if len(want) != len(got) {
		return fmt.Errorf("input has incompatible shape: expected shape=%v, found shape=%v", want, got)
	}
	for i := range want {
		if want[i] >= 0 && want[i] != got[i] {
			return fmt.Errorf("input has incompatible shape: expected shape=%v, found shape=%v", want, got)
		}
	}
	return nil
}

// GetConfig returns the functional model's Keras config (name, layers with
// their inbound nodes, input_layers, output_layers).
func (m *Model) GetConfig() map[string]any { return functionalConfig(m) }
