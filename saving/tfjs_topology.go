package saving

import (
	"fmt"
)

// tfjsActivations are the activation names TensorFlow.js knows, by the
// Keras name to write. hard_sigmoid is Keras 2's (tfjs's) meaning.
var tfjsActivations = map[string]string{
	"elu": "elu", "selu": "selu", "relu": "relu", "relu6": "relu6", "linear": "linear",
	"sigmoid": "sigmoid", "hard_sigmoid_keras2": "hard_sigmoid", "softplus": "softplus",
	"softsign": "softsign", "tanh": "tanh", "softmax": "softmax", "log_softmax": "log_softmax",
	"mish": "mish", "swish": "swish", "silu": "swish",
}

// tfjsTopology converts a model's Keras 3 serialization into the Keras 2
// form that TensorFlow.js reads (tfjs's own model.save() shape): no
// "module" / "registered_name" / "build_config" keys, dtypes as strings,
// InputLayer's batch_input_shape, functional models as class "Model" with
// [[name, node, tensor, kwargs]] inbound nodes, and activations mapped to
// tfjs's names. What tfjs cannot run is an error naming the layer: Keras
// 3's hard_sigmoid (tfjs's is Keras 2's), activations tfjs lacks, and GRU
// with reset_after=True.
func tfjsTopology(m Model) (map[string]any, error) {
	obj, err := serializeModel(m, false)
	if err != nil {
		return nil, err
	}
	top, err := tfjsModel(obj)
	if err != nil {
		return nil, fmt.Errorf("model %q: tfjs topology: %w", m.Base().Name(), err)
	}
	top["keras_version"] = "gokeras " + KerasVersion
	top["backend"] = "tensor_flow.js"
	return top, nil
}

// tfjsModel converts a serialized Sequential or Functional model.
func tfjsModel(obj map[string]any) (map[string]any, error) {
	cn, _ := obj["class_name"].(string)
	cfg, _ := obj["config"].(map[string]any)
	if cfg == nil {
		return nil, fmt.Errorf("%s: no config", cn)
	}
	name := cfg["name"]
	entries, _ := cfg["layers"].([]any)
	switch cn {
	case "Sequential":
		// As tfjs writes Sequential models: no InputLayer entry, the input
		// shape as the first layer's batch_input_shape.
		out := make([]any, 0, len(entries))
		inputShape, inputDType := cfg["build_input_shape"], any(nil)
		for _, e := range entries {
			em, _ := e.(map[string]any)
			if em["class_name"] == "InputLayer" && len(out) == 0 {
				if c, ok := em["config"].(map[string]any); ok {
					if s, ok := c["batch_shape"]; ok {
						inputShape = s
					} else if s, ok := c["batch_input_shape"]; ok {
						inputShape = s
					}
					inputDType = tfjsStrip(c["dtype"])
				}
				continue
			}
			ent, err := tfjsLayerEntry(em, false)
			if err != nil {
				return nil, err
			}
			if c, ok := ent["config"].(map[string]any); ok && len(out) == 0 && inputShape != nil {
				c["batch_input_shape"] = inputShape
				if inputDType != nil {
					c["dtype"] = inputDType
				}
			}
			out = append(out, ent)
		}
		return map[string]any{"class_name": "Sequential", "config": map[string]any{"name": name, "layers": out}}, nil
	case "Functional", "Model":
		out := make([]any, 0, len(entries))
		for _, e := range entries {
			em, _ := e.(map[string]any)
			ent, err := tfjsLayerEntry(em, true)
			if err != nil {
				return nil, err
			}
			out = append(out, ent)
		}
		ins, err := tensorRefList(cfg["input_layers"])
		if err != nil {
			return nil, fmt.Errorf("input_layers: %w", err)
		}
		outs, err := tensorRefList(cfg["output_layers"])
		if err != nil {
			return nil, fmt.Errorf("output_layers: %w", err)
		}
		return map[string]any{"class_name": "Model", "config": map[string]any{
			"name": name, "layers": out, "input_layers": refsAny(ins), "output_layers": refsAny(outs),
		}}, nil
	}
	return nil, fmt.Errorf("class %q is not a model class tfjs can rebuild", cn)
}

func refsAny(rs [][]any) []any {
	out := make([]any, len(rs))
	for i, r := range rs {
		out[i] = r
	}
	return out
}

// tfjsLayerEntry converts one entry of a model's "layers" list.
func tfjsLayerEntry(e map[string]any, functional bool) (map[string]any, error) {
	cn, _ := e["class_name"].(string)
	var ent map[string]any
	if isModelClass(cn) {
		sub, err := tfjsModel(e)
		if err != nil {
			return nil, fmt.Errorf("nested model: %w", err)
		}
		ent = sub
	} else {
		cfg, _ := e["config"].(map[string]any)
		c, err := tfjsLayerConfig(cn, cfg)
		if err != nil {
			return nil, err
		}
		ent = map[string]any{"class_name": cn, "config": c}
	}
	if !functional {
		return ent, nil
	}
	ent["name"] = e["name"]
	if ent["name"] == nil {
		if c, ok := ent["config"].(map[string]any); ok {
			ent["name"] = c["name"]
		}
	}
	nodes, _ := e["inbound_nodes"].([]any)
	legacy := make([]any, 0, len(nodes))
	for _, n := range nodes {
		refs, _, err := nodeRefs(n)
		if err != nil {
			return nil, fmt.Errorf("layer %v: inbound node: %w", ent["name"], err)
		}
		node := make([]any, 0, len(refs))
		for _, r := range refs {
			if len(r) < 3 {
				return nil, fmt.Errorf("layer %v: inbound node reference %v is not [name, node, tensor]", ent["name"], r)
			}
			node = append(node, []any{r[0], r[1], r[2], map[string]any{}})
		}
		legacy = append(legacy, node)
	}
	ent["inbound_nodes"] = legacy
	return ent, nil
}

// tfjsLayerConfig converts a layer config to the keys tfjs reads.
func tfjsLayerConfig(cn string, cfg map[string]any) (map[string]any, error) {
	out := tfjsStrip(cfg).(map[string]any)
	name := out["name"]
	if cn == "InputLayer" {
		if s, ok := out["batch_shape"]; ok {
			out["batch_input_shape"] = s
			delete(out, "batch_shape")
		}
		delete(out, "optional")
		delete(out, "ragged")
	}
	if cn == "GRU" || cn == "GRUCell" {
		if ra, ok := out["reset_after"].(bool); ok && ra {
			return nil, fmt.Errorf("layer %v (%s): TensorFlow.js's GRU does not support reset_after=True; build the layer with reset_after=False", name, cn)
		}
	}
	for _, k := range []string{"activation", "recurrent_activation"} {
		a, ok := out[k].(string)
		if !ok {
			continue
		}
		if a == "hard_sigmoid" {
			return nil, fmt.Errorf("layer %v (%s): %s is Keras 3's hard_sigmoid (relu6(x+3)/6), which TensorFlow.js cannot express (its hard_sigmoid is Keras 2's clip(0.2x+0.5, 0, 1))", name, cn, k)
		}
		t, ok := tfjsActivations[a]
		if !ok {
			return nil, fmt.Errorf("layer %v (%s): %s %q is not a TensorFlow.js activation", name, cn, k, a)
		}
		out[k] = t
	}
	return out, nil
}

// tfjsStrip copies a config value without Keras 3's serialization keys,
// with DTypePolicy objects as dtype strings and L1/L2 regularizers as tfjs's
// L1L2.
func tfjsStrip(v any) any {
	switch x := v.(type) {
	case map[string]any:
		if x["class_name"] == "DTypePolicy" || x["class_name"] == "FloatDTypePolicy" {
			if c, ok := x["config"].(map[string]any); ok {
				return c["name"]
			}
		}
		out := make(map[string]any, len(x))
		for k, e := range x {
			switch k {
			case "module", "registered_name", "build_config", "shared_object_id":
				continue
			}
			out[k] = tfjsStrip(e)
		}
		if cn, ok := out["class_name"].(string); ok {
			c, _ := out["config"].(map[string]any)
			switch cn {
			case "L1":
				out["class_name"], out["config"] = "L1L2", map[string]any{"l1": c["l1"], "l2": 0.0}
			case "L2":
				out["class_name"], out["config"] = "L1L2", map[string]any{"l1": 0.0, "l2": c["l2"]}
			}
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = tfjsStrip(e)
		}
		return out
	}
	return v
}
