package activations

import (
	"fmt"
	"math"

	"github.com/gokeras/keras/tensor"
)

func unexpected(name, key string, v any) error {
	return fmt.Errorf("activation %s: unexpected argument %s=%v", name, key, v)
}

// toFloat reads a number from a decoded config (JSON numbers are float64).
func toFloat(name, key string, v any) (float64, error) {
	switch n := v.(type) {
	case float64:
		return n, nil
	case float32:
		return float64(n), nil
	case int:
		return float64(n), nil
	case int64:
		return float64(n), nil
	case int32:
		return float64(n), nil
	}
	return 0, fmt.Errorf("activation %s: argument %s must be a number, got %v (%T)", name, key, v, v)
}

func toInt(name, key string, v any) (int, error) {
	f, err := toFloat(name, key, v)
	if err != nil {
		return 0, err
	}
	if f != math.Trunc(f) {
		return 0, fmt.Errorf("activation %s: argument %s must be an integer, got %v", name, key, v)
	}
	return int(f), nil
}

func floatArg(key string, def float64, mk func(float64) Activation) func(map[string]any) (Activation, error) {
	return func(cfg map[string]any) (Activation, error) {
		v := def
		for k, raw := range cfg {
			if k != key {
				return nil, unexpected(mk(def).Name(), k, raw)
			}
			var err error
			if v, err = toFloat(mk(def).Name(), k, raw); err != nil {
				return nil, err
			}
		}
		return mk(v), nil
	}
}

func intArg(key string, def int, mk func(int) Activation) func(map[string]any) (Activation, error) {
	return func(cfg map[string]any) (Activation, error) {
		v := def
		for k, raw := range cfg {
			if k != key {
				return nil, unexpected(mk(def).Name(), k, raw)
			}
			var err error
			if v, err = toInt(mk(def).Name(), k, raw); err != nil {
				return nil, err
			}
		}
		return mk(v), nil
	}
}

// thresholdNoArgs is keras.activations.threshold looked up by name alone:
// Keras accepts the name but calling it without its two arguments fails.
var thresholdNoArgs = newFunc("threshold", nil, func(x *tensor.Tensor) (*tensor.Tensor, error) {
	return nil, fmt.Errorf("threshold requires the arguments threshold and default_value; use activations.Threshold(threshold, defaultValue)")
})

func thresholdFromConfig(cfg map[string]any) (Activation, error) {
	if len(cfg) == 0 {
		return thresholdNoArgs, nil
	}
	var thr, def float64
	seen := 0
	for k, v := range cfg {
		var err error
		switch k {
		case "threshold":
			thr, err = toFloat("threshold", k, v)
		case "default_value":
			def, err = toFloat("threshold", k, v)
		default:
			err = unexpected("threshold", k, v)
		}
		if err != nil {
			return nil, err
		}
		seen++
	}
	if seen != 2 {
		return nil, fmt.Errorf("activation threshold: needs both threshold and default_value, got %v", cfg)
	}
	return Threshold(thr, def), nil
}
