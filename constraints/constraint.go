package constraints

import (
	"fmt"
	"maps"
	"math"
	"slices"

	"github.com/gokeras/keras/internal/identifier"
	"github.com/gokeras/keras/tensor"
)

// epsilon is Keras's backend.epsilon().
const epsilon = 1e-7

// Constraint is keras.constraints.Constraint: a tensor.Constraint with a
// Keras class name and config, that can also validate shapes and report
// errors.
type Constraint interface {
	tensor.Constraint
	// Apply constrains w in place, or returns an error (leaving w
	// unchanged) when w does not fit the constraint.
	Apply(w *tensor.Tensor) error
	// Check reports whether weights of this shape can be constrained.
	Check(shape tensor.Shape) error
	ClassName() string
	GetConfig() map[string]any
}

type factory func(cfg map[string]any) (Constraint, error)

var classes = map[string]factory{
	"MaxNorm":    maxNormFromConfig,
	"MinMaxNorm": minMaxNormFromConfig,
	"NonNeg": func(cfg map[string]any) (Constraint, error) {
		if len(cfg) != 0 {
			return nil, fmt.Errorf("NonNeg takes no config, got %v", cfg)
		}
		return NonNeg{}, nil
	},
	"UnitNorm": unitNormFromConfig,
}

// names is Keras's ALL_OBJECTS_DICT (class names and snake_case names).
var names = map[string]string{
	"MaxNorm": "MaxNorm", "max_norm": "MaxNorm",
	"MinMaxNorm": "MinMaxNorm", "min_max_norm": "MinMaxNorm",
	"NonNeg": "NonNeg", "non_neg": "NonNeg",
	"UnitNorm": "UnitNorm", "unit_norm": "UnitNorm",
}

// Names returns every string Get accepts, sorted.
func Names() []string { return resolver.AllNames() }

var resolver = identifier.Resolver[Constraint]{
	Func: "constraints.Get", Kind: "constraint", Names: names,
	New: func(class string, cfg map[string]any) (Constraint, error) { return classes[class](cfg) },
}

// Get is keras.constraints.get: nil gives (nil, nil) as Keras returns None;
// a name ("max_norm", "NonNeg", ...) gives the constraint with Keras's
// defaults; a config dict {"class_name": ..., "config": {...}} is
// deserialized; a Constraint is returned as is.
func Get(identifier any) (Constraint, error) {
	switch id := identifier.(type) {
	case nil:
		return nil, nil
	case Constraint:
		return id, nil
	}
	return resolver.Resolve(identifier)
}

// Serialize is keras.constraints.serialize: Keras 3's
// {"module": "keras.constraints", "class_name": ..., "config": ...,
// "registered_name": nil}.
func Serialize(c Constraint) map[string]any {
	if c == nil {
		return nil
	}
	return map[string]any{
		"module":          "keras.constraints",
		"class_name":      c.ClassName(),
		"config":          c.GetConfig(),
		"registered_name": nil,
	}
}

// NonNeg is keras.constraints.NonNeg: w = max(w, 0).
type NonNeg struct{}

// Constrain sets negative elements to zero.
func (NonNeg) Constrain(w *tensor.Tensor) { _ = NonNeg{}.Apply(w) }

// Apply sets negative elements to zero; w must be float32.
func (NonNeg) Apply(w *tensor.Tensor) error {
	if w == nil || w.DType() != tensor.Float32 {
		return fmt.Errorf("constraint NonNeg: need a float32 tensor, got %v", w)
	}
	d := w.Float32s()
	for i, v := range d {
		d[i] = max(v, 0)
	}
	return nil
}

// Check accepts every shape.
func (NonNeg) Check(tensor.Shape) error { return nil }

// ClassName is "NonNeg".
func (NonNeg) ClassName() string { return "NonNeg" }

// GetConfig is empty.
func (NonNeg) GetConfig() map[string]any { return map[string]any{} }

// config helpers

func toFloat(key string, v any) (float64, error) {
	switch n := v.(type) {
	case float64:
		return n, nil
	case float32:
		return float64(n), nil
	case int:
		return float64(n), nil
	case int64:
		return float64(n), nil
	}
	return 0, fmt.Errorf("config key %q must be a number, got %v (%T)", key, v, v)
}

// axisArg reads "axis": an integer or a list of integers.
func axisArg(v any) ([]int, error) {
	switch a := v.(type) {
	case []int:
		return slices.Clone(a), nil
	case []any:
		out := make([]int, 0, len(a))
		for _, e := range a {
			f, err := toFloat("axis", e)
			if err != nil || f != math.Trunc(f) {
				return nil, fmt.Errorf("config key \"axis\" must hold integers, got %v", v)
			}
			out = append(out, int(f))
		}
		return out, nil
	}
	f, err := toFloat("axis", v)
	if err != nil || f != math.Trunc(f) {
		return nil, fmt.Errorf("config key \"axis\" must be an integer or a list of integers, got %v", v)
	}
	return []int{int(f)}, nil
}

// axisConfig is the config form of axes: an int for one, a list otherwise.
func axisConfig(axes []int) any {
	if len(axes) == 1 {
		return axes[0]
	}
	return slices.Clone(axes)
}

// readConfig reads numeric keys (with defaults) and "axis" (default [0]),
// rejecting other keys.
func readConfig(cfg map[string]any, defs map[string]float64) (map[string]float64, []int, error) {
	out := maps.Clone(defs)
	axes := []int{0}
	for k, v := range cfg {
		if k == "axis" {
			a, err := axisArg(v)
			if err != nil {
				return nil, nil, err
			}
			axes = a
			continue
		}
		if _, ok := defs[k]; !ok {
			return nil, nil, fmt.Errorf("unexpected config key %q", k)
		}
		f, err := toFloat(k, v)
		if err != nil {
			return nil, nil, err
		}
		out[k] = f
	}
	return out, axes, nil
}
