package initializers

import (
	"fmt"
	"math"
)

// onlyKeys rejects config keys other than allowed.
func onlyKeys(cfg map[string]any, allowed ...string) error {
	for k := range cfg {
		ok := false
		for _, a := range allowed {
			ok = ok || k == a
		}
		if !ok {
			return fmt.Errorf("unexpected config key %q (accepted: %v)", k, allowed)
		}
	}
	return nil
}

// num reads a number from a decoded config, def when absent or nil.
func num(cfg map[string]any, key string, def float64) (float64, error) {
	v, ok := cfg[key]
	if !ok || v == nil {
		return def, nil
	}
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
	return 0, fmt.Errorf("config key %q must be a number, got %v (%T)", key, v, v)
}

// seedArg reads an optional integer seed.
func seedArg(cfg map[string]any) ([]int64, error) {
	v, ok := cfg["seed"]
	if !ok || v == nil {
		return nil, nil
	}
	f, err := num(cfg, "seed", 0)
	if err != nil {
		return nil, fmt.Errorf("seed must be an integer or null (SeedGenerator seeds are not supported): %w", err)
	}
	if f != math.Trunc(f) {
		return nil, fmt.Errorf("seed must be an integer, got %v", v)
	}
	return []int64{int64(f)}, nil
}

func str(cfg map[string]any, key, def string) (string, error) {
	v, ok := cfg[key]
	if !ok || v == nil {
		return def, nil
	}
	s, ok := v.(string)
	if !ok {
		return "", fmt.Errorf("config key %q must be a string, got %v (%T)", key, v, v)
	}
	return s, nil
}

// axes reads an optional list of ints (nil when absent or null).
func axes(cfg map[string]any, key string) ([]int, error) {
	v, ok := cfg[key]
	if !ok || v == nil {
		return nil, nil
	}
	var out []int
	switch l := v.(type) {
	case []int:
		return append([]int(nil), l...), nil
	case []any:
		for _, e := range l {
			f, err := num(map[string]any{key: e}, key, 0)
			if err != nil {
				return nil, err
			}
			out = append(out, int(f))
		}
		return out, nil
	}
	return nil, fmt.Errorf("config key %q must be a list of integers or null, got %v (%T)", key, v, v)
}

// axesConfig is the config form of optional axes (nil for None).
func axesConfig(a []int) any {
	if a == nil {
		return nil
	}
	return append([]int(nil), a...)
}
