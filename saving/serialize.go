package saving

import (
	"encoding/json"
	"fmt"

	"github.com/gokeras/keras"
	"github.com/gokeras/keras/layers"
	"github.com/gokeras/keras/tensor"
)

// ModelToJSON is Keras's model.to_json(): the model serialized as
// {"module", "class_name", "config", "registered_name", "build_config",
// "compile_config"} in Keras 3's format.
func ModelToJSON(m Model) (string, error) {
	obj, err := serializeModel(m, true)
	if err != nil {
		return "", err
	}
	b, err := json.Marshal(obj)
	if err != nil {
		return "", fmt.Errorf("model %q: encoding config JSON: %w", m.Base().Name(), err)
	}
	return string(b), nil
}

// serializeModel is serialize_keras_object(model). Nested models are
// serialized the same way (with their build config but no compile config).
func serializeModel(m layers.Layer, withCompile bool) (map[string]any, error) {
	var obj map[string]any
	switch mm := m.(type) {
	case *keras.Sequential:
		cfg := mm.GetConfig()
		cfg["dtype"] = dtypePolicy()
		entries, _ := cfg["layers"].([]any)
		stack := mm.Layers()
		off := len(entries) - len(stack)
		for i, l := range stack {
			if e, err := serializeEntry(l, entries[off+i]); err != nil {
				return nil, err
			} else {
				entries[off+i] = e
			}
		}
		if ins := mm.Inputs(); len(ins) == 1 {
			cfg["build_input_shape"] = shapeJSON(ins[0].Shape())
		}
		obj = map[string]any{"module": "keras", "class_name": "Sequential", "config": cfg, "registered_name": nil}
	case *keras.Model:
		cfg := mm.GetConfig()
		entries, _ := cfg["layers"].([]any)
		for i, l := range mm.Layers() {
			if i >= len(entries) {
				break
			}
			e, err := serializeEntry(l, entries[i])
			if err != nil {
				return nil, err
			}
			entries[i] = e
		}
		obj = map[string]any{"module": "keras.src.models.functional", "class_name": "Functional", "config": cfg, "registered_name": "Functional"}
	default:
		return nil, fmt.Errorf("saving: %T is not a keras.Sequential or keras.Model", m)
	}
	if bc := buildConfig(m); bc != nil {
		obj["build_config"] = bc
	}
	if withCompile {
		if cc := compileConfig(m); cc != nil {
			obj["compile_config"] = cc
		}
	}
	return obj, nil
}

// serializeEntry completes a layer entry of a model config: nested models
// get their full serialization, built layers a build_config.
func serializeEntry(l layers.Layer, entry any) (any, error) {
	e, ok := entry.(map[string]any)
	if !ok {
		return entry, nil
	}
	if _, isInput := l.(*layers.InputLayer); isInput {
		return e, nil
	}
	switch l.(type) {
	case *keras.Sequential, *keras.Model:
		sub, err := serializeModel(l, false)
		if err != nil {
			return nil, err
		}
		for _, k := range []string{"name", "inbound_nodes"} {
			if v, ok := e[k]; ok {
				sub[k] = v
			}
		}
		return sub, nil
	}
	if bc := buildConfig(l); bc != nil {
		e["build_config"] = bc
	}
	if rn, ok := registeredName(l.Base().ClassName()); ok {
		e["module"], e["registered_name"] = nil, rn
	}
	return e, nil
}

// buildConfig is Keras's get_build_config(): {"input_shape": shape} of a
// built layer (a list of shapes for several inputs).
func buildConfig(l layers.Layer) map[string]any {
	b := l.Base()
	if !b.Built() {
		return nil
	}
	shapes := b.BuildShapes()
	switch len(shapes) {
	case 0:
		return nil
	case 1:
		return map[string]any{"input_shape": shapeJSON(shapes[0])}
	}
	out := make([]any, len(shapes))
	for i, s := range shapes {
		out[i] = shapeJSON(s)
	}
	return map[string]any{"input_shape": out}
}

// shapeJSON writes a shape with null for unknown dimensions.
func shapeJSON(s tensor.Shape) []any {
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

func dtypePolicy() map[string]any {
	return map[string]any{"module": "keras", "class_name": "DTypePolicy", "config": map[string]any{"name": "float32"}, "registered_name": nil}
}
