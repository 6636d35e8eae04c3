package keras

import (
	"github.com/gokeras/keras/layers"
)

// serializeLayer is Keras 3's serialized form of a layer in a model config.
func serializeLayer(l layers.Layer) map[string]any {
	module := "keras.layers"
	switch l.(type) {
	case *Model, *Sequential:
		module = "keras"
	}
	return map[string]any{
		"module":          module,
		"class_name":      l.Base().ClassName(),
		"config":          l.GetConfig(),
		"registered_name": nil,
	}
}

func sequentialConfig(s *Sequential) map[string]any {
	var ls []any
	if s.input != nil {
		ls = append(ls, serializeLayer(s.input))
	}
	for _, l := range s.stack {
		ls = append(ls, serializeLayer(l))
	}
	cfg := map[string]any{"name": s.Name(), "trainable": s.Trainable(), "layers": ls}
	return cfg
}

func functionalConfig(m *Model) map[string]any {
	history := func(kt *layers.KerasTensor) []any {
		n, idx := kt.Node()
		return []any{n.Layer.Base().Name(), nodeIndex(m, n), idx}
	}
	var ls []any
	for _, l := range m.ls {
		e := serializeLayer(l)
		e["name"] = l.Base().Name()
		var inbound []any
		for _, n := range m.nodes {
			if n.Layer != l || len(n.Inputs) == 0 {
				continue
			}
			var args []any
			for _, in := range n.Inputs {
				args = append(args, map[string]any{
					"class_name": "__keras_tensor__",
					"config": map[string]any{
						"shape": shapeList(in.Shape()), "dtype": in.DType().String(),
						"keras_history": history(in),
					},
				})
			}
			var callArgs any = args
			if len(args) == 1 {
				callArgs = []any{args[0]}
			} else {
				callArgs = []any{args}
			}
			inbound = append(inbound, map[string]any{"args": callArgs, "kwargs": map[string]any{}})
		}
		if inbound == nil {
			inbound = []any{}
		}
		e["inbound_nodes"] = inbound
		ls = append(ls, e)
	}
	var ins, outs []any
	for _, in := range m.inputs {
		ins = append(ins, history(in))
	}
	for _, o := range m.outputs {
		outs = append(outs, history(o))
	}
	var inputLayers, outputLayers any = ins, outs
	if len(ins) == 1 {
		inputLayers = ins[0]
	}
	if len(outs) == 1 {
		outputLayers = outs[0]
	}
	return map[string]any{"name": m.Name(), "trainable": m.Trainable(), "layers": ls, "input_layers": inputLayers, "output_layers": outputLayers}
}

func shapeList(s []int) []any {
	out := make([]any, len(s))
	for i, d := range s {
		if d < 0 {
			out[i] = nil
		} else {
			out[i] = d
		}
	}
	return out
}
