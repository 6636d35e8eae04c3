package saving

import (
	"fmt"

	"github.com/gokeras/keras/layers"
	"github.com/gokeras/keras/losses"
	"github.com/gokeras/keras/metrics"
	"github.com/gokeras/keras/optimizers"
)

// compileConfig is model.get_compile_config(), or nil for a model that was
// not compiled.
func compileConfig(m layers.Layer) map[string]any {
	if c, ok := m.(interface{ CompileConfig() map[string]any }); ok {
		return c.CompileConfig()
	}
	return nil
}

// applyCompileConfig is model.compile_from_config: optimizer, loss, metrics
// and loss_weights are deserialized and the model compiled with them.
func applyCompileConfig(m Model, cc map[string]any) error {
	optID := cc["optimizer"]
	if optID == nil {
		optID = "rmsprop" // Keras's compile default
	}
	opt, err := optimizers.Get(optID)
	if err != nil {
		return fmt.Errorf("optimizer: %w", err)
	}
	loss, err := resolveLoss(cc["loss"])
	if err != nil {
		return fmt.Errorf("loss: %w", err)
	}
	var ms []any
	switch v := cc["metrics"].(type) {
	case nil:
	case []any:
		perOutput := false
		for _, e := range v {
			if _, isList := e.([]any); isList || e == nil {
				perOutput = true
			}
		}
		if perOutput { // one list of metrics per output
			r, err := resolveMetric(v)
			if err != nil {
				return fmt.Errorf("metrics: %w", err)
			}
			ms = append(ms, r)
			break
		}
		for _, e := range v {
			r, err := resolveMetric(e)
			if err != nil {
				return fmt.Errorf("metrics: %w", err)
			}
			ms = append(ms, r)
		}
	case map[string]any:
		r, err := resolveMetric(v)
		if err != nil {
			return fmt.Errorf("metrics: %w", err)
		}
		ms = append(ms, r)
	default:
		ms = append(ms, v)
	}
	if err := m.Compile(opt, loss, ms...); err != nil {
		return err
	}
	if lw, ok := cc["loss_weights"].([]any); ok {
		ws := make([]float64, len(lw))
		for i, w := range lw {
			f, ok := w.(float64)
			if !ok {
				return fmt.Errorf("loss_weights: entry %d is %s, not a number", i, jsonKind(w))
			}
			ws[i] = f
		}
		if s, ok := m.(interface{ SetLossWeights(...float64) error }); ok {
			if err := s.SetLossWeights(ws...); err != nil {
				return err
			}
		}
	}
	return nil
}

// resolveLoss turns serialized loss objects into losses.Loss so that a
// config map is not mistaken for a per-output dictionary.
func resolveLoss(v any) (any, error) {
	switch x := v.(type) {
	case map[string]any:
		if fn, ok := functionRef(x); ok {
			return fn, nil
		}
		if _, ok := x["class_name"]; ok {
			return losses.Get(x)
		}
		out := map[string]any{}
		for k, e := range x {
			r, err := resolveLoss(e)
			if err != nil {
				return nil, fmt.Errorf("output %q: %w", k, err)
			}
			out[k] = r
		}
		return out, nil
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			r, err := resolveLoss(e)
			if err != nil {
				return nil, fmt.Errorf("output %d: %w", i, err)
			}
			out[i] = r
		}
		return out, nil
	}
	return v, nil
}

// resolveMetric does the same for metrics; lists and dictionaries (one
// entry per output) are kept, with their entries resolved.
func resolveMetric(v any) (any, error) {
	switch x := v.(type) {
	case map[string]any:
		if fn, ok := functionRef(x); ok {
			return fn, nil
		}
		if _, ok := x["class_name"]; ok {
			return metrics.Get(x)
		}
		out := map[string]any{}
		for k, e := range x {
			r, err := resolveMetric(e)
			if err != nil {
				return nil, err
			}
			out[k] = r
		}
		return out, nil
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			r, err := resolveMetric(e)
			if err != nil {
				return nil, err
			}
			out[i] = r
		}
		return out, nil
	}
	return v, nil
}

// functionRef reads Keras 3's serialized plain function,
// {"module": "builtins", "class_name": "function", "config": "name"}, as
// its name.
func functionRef(m map[string]any) (string, bool) {
	if m["class_name"] != "function" {
		return "", false
	}
	name, ok := m["config"].(string)
	return name, ok
}
