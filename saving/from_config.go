package saving

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/gokeras/keras"
	"github.com/gokeras/keras/layers"
	"github.com/gokeras/keras/tensor"
)

// ModelFromJSON is keras.models.model_from_json: it rebuilds a Sequential or
// functional model from the JSON that Keras's model.to_json() (Keras 3, or
// Keras 1/2's legacy form) writes, and compiles it from its compile_config
// when there is one (unless NoCompile is given). Custom layer classes are
// resolved from a Custom option, then RegisterSerializable / layers.Register;
// an unknown class is an error naming it. A TensorFlow.js model.json is
// accepted too (its modelTopology is read).
func ModelFromJSON(js string, opts ...LoadOption) (Model, error) {
	var obj any
	if err := json.Unmarshal([]byte(js), &obj); err != nil {
		return nil, fmt.Errorf("model_from_json: invalid JSON: %w", err)
	}
	return modelFromObject(obj, newLoadConfig(opts), "")
}

// modelFromObject rebuilds a model from a decoded serialized model.
// version is the writer's keras_version when the container records it.
func modelFromObject(obj any, lc *loadConfig, version string) (Model, error) {
	m, ok := obj.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("model config: expected a JSON object, got %s", jsonKind(obj))
	}
	if topo, ok := m["modelTopology"].(map[string]any); ok { // TensorFlow.js model.json
		m = topo
		if version == "" {
			version = "tfjs"
		}
	}
	if v, ok := m["keras_version"].(string); ok && version == "" {
		version = v
	}
	if mc, ok := m["model_config"].(map[string]any); ok {
		m = mc
	}
	if err := checkConfigBounds(m, "", 0); err != nil {
		return nil, err
	}
	stripSharedIDs(m)
	if isLegacy(lc, version, m) {
		legacyActivations(m)
	}
	model, err := modelFromSerialized(m, lc)
	if err != nil {
		return nil, err
	}
	if cc, ok := m["compile_config"].(map[string]any); ok && !lc.noCompile {
		if err := applyCompileConfig(model, cc); err != nil {
			return nil, fmt.Errorf("model %q: compile_config: %w (load with saving.NoCompile() to skip compiling)", model.Base().Name(), err)
		}
	}
	return model, nil
}

// modelFromSerialized builds a model (Sequential, Functional or Keras 2's
// Model) from {"class_name", "config", ...}.
func modelFromSerialized(m map[string]any, lc *loadConfig) (Model, error) {
	cn, _ := m["class_name"].(string)
	switch cn {
	case "Sequential":
		return sequentialFromConfig(m["config"], m["build_config"], lc)
	case "Functional", "Model":
		cfg, ok := m["config"].(map[string]any)
		if !ok {
			return nil, fmt.Errorf("%s config: expected an object, got %s", cn, jsonKind(m["config"]))
		}
		return functionalFromConfig(cfg, lc)
	case "":
		return nil, fmt.Errorf("model config: missing \"class_name\"")
	}
	return nil, fmt.Errorf("model config: class %q is not a model class (Sequential, Functional or Model); subclassed models cannot be rebuilt from a config", cn)
}

// sequentialFromConfig is Sequential.from_config, for Keras 3's
// {"name", "layers", "build_input_shape"} and Keras 1/2's bare list of
// layers.
func sequentialFromConfig(c, buildCfg any, lc *loadConfig) (Model, error) {
	var entries []any
	name := ""
	var buildShape []int
	var trainable any
	switch cfg := c.(type) {
	case []any:
		entries = cfg
	case map[string]any:
		ls, ok := cfg["layers"].([]any)
		if !ok {
			return nil, fmt.Errorf("Sequential config: \"layers\" must be a list, got %s", jsonKind(cfg["layers"]))
		}
		entries = ls
		name, _ = cfg["name"].(string)
		trainable = cfg["trainable"]
		if s, err := intsOrNil(cfg["build_input_shape"]); err == nil && s != nil {
			buildShape = s
		}
	default:
		return nil, fmt.Errorf("Sequential config: expected an object or a list, got %s", jsonKind(c))
	}
	if bc, ok := buildCfg.(map[string]any); ok && buildShape == nil {
		if s, err := intsOrNil(bc["input_shape"]); err == nil && s != nil {
			buildShape = s
		}
	}
	var opts []layers.Option
	if name != "" {
		opts = append(opts, layers.WithName(name))
	}
	s, err := keras.NewSequentialWith(opts)
	if err != nil {
		return nil, err
	}
	for i, e := range entries {
		l, err := layerFromEntry(e, lc)
		if err != nil {
			return nil, fmt.Errorf("Sequential %q: layer %d: %w", s.Name(), i, err)
		}
		if err := s.Add(l); err != nil {
			return nil, fmt.Errorf("Sequential %q: adding layer %q (%s): %w", s.Name(), l.Base().Name(), l.Base().ClassName(), err)
		}
	}
	if len(s.Inputs()) == 0 && buildShape != nil && len(s.Layers()) > 0 {
		if err := s.Build([]tensor.Shape{toShape(buildShape)}); err != nil {
			return nil, fmt.Errorf("Sequential %q: building for input shape %v: %w", s.Name(), shapeJSON(toShape(buildShape)), err)
		}
	}
	if t, ok := trainable.(bool); ok && !t {
		s.SetTrainable(false)
	}
	return s, nil
}

// layerFromEntry builds one layer (or nested model) from its serialized
// entry {"class_name", "config", "module", "registered_name"}.
func layerFromEntry(e any, lc *loadConfig) (layers.Layer, error) {
	m, ok := e.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("expected a serialized layer object, got %s", jsonKind(e))
	}
	cn, _ := m["class_name"].(string)
	if cn == "" {
		return nil, fmt.Errorf("serialized layer has no \"class_name\"")
	}
	if isModelClass(cn) {
		sub, err := modelFromSerialized(m, lc)
		if err != nil {
			return nil, fmt.Errorf("nested model: %w", err)
		}
		return sub, nil
	}
	cfg, ok := m["config"].(map[string]any)
	if !ok {
		if m["config"] != nil {
			return nil, fmt.Errorf("layer class %q: \"config\" must be an object, got %s", cn, jsonKind(m["config"]))
		}
		cfg = map[string]any{}
	}
	cn, cfg = translateLegacy(cn, cfg)
	rn, _ := m["registered_name"].(string)
	l, err := newLayer(cn, rn, cfg, lc.custom)
	if err != nil {
		return nil, err
	}
	if err := l.Base().Err(); err != nil {
		return nil, err
	}
	return l, nil
}

func toShape(s []int) tensor.Shape {
	out := make(tensor.Shape, len(s))
	for i, d := range s {
		if d <= 0 {
			d = -1
		}
		out[i] = d
	}
	return out
}

// intsOrNil reads a JSON list of integers (null entries -> -1).
func intsOrNil(v any) ([]int, error) {
	l, ok := v.([]any)
	if !ok {
		if v == nil {
			return nil, nil
		}
		return nil, fmt.Errorf("expected a list of integers, got %s", jsonKind(v))
	}
	out := make([]int, len(l))
	for i, e := range l {
		switch x := e.(type) {
		case nil:
			out[i] = -1
		case float64:
			if x != float64(int(x)) {
				return nil, fmt.Errorf("element %d is not an integer: %v", i, x)
			}
			out[i] = int(x)
		default:
			return nil, fmt.Errorf("element %d is not an integer: %s", i, jsonKind(e))
		}
	}
	return out, nil
}

func jsonKind(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case map[string]any:
		return "an object"
	case []any:
		return "a list"
	case string:
		return fmt.Sprintf("the string %q", x)
	case float64:
		return fmt.Sprintf("the number %v", x)
	case bool:
		return fmt.Sprintf("the boolean %v", x)
	}
	return fmt.Sprintf("%T", v)
}

// stripSharedIDs removes Keras 3's "shared_object_id" bookkeeping keys,
// which carry no layer argument.
func stripSharedIDs(v any) {
	switch x := v.(type) {
	case map[string]any:
		delete(x, "shared_object_id")
		for _, e := range x {
			stripSharedIDs(e)
		}
	case []any:
		for _, e := range x {
			stripSharedIDs(e)
		}
	}
}

// isLegacy decides whether names mean what Keras 1/2 (and TensorFlow.js)
// meant by them.
func isLegacy(lc *loadConfig, version string, m map[string]any) bool {
	switch lc.legacy {
	case 1:
		return true
	case 2:
		return false
	}
	if version == "tfjs" || strings.HasPrefix(version, "1.") || strings.HasPrefix(version, "2.") {
		return true
	}
	if version != "" {
		return false
	}
	_, hasModule := m["module"]
	return !hasModule
}
