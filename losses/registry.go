package losses

import (
	"fmt"
	"math"
	"slices"
	"sort"
)

// aliases maps Keras's short names (ALL_OBJECTS_DICT) to function names.
var aliases = map[string]string{
	"bce": "binary_crossentropy", "BCE": "binary_crossentropy",
	"kld": "kl_divergence", "KLD": "kl_divergence",
	"mae": "mean_absolute_error", "MAE": "mean_absolute_error",
	"mse": "mean_squared_error", "MSE": "mean_squared_error",
	"mape": "mean_absolute_percentage_error", "MAPE": "mean_absolute_percentage_error",
	"msle": "mean_squared_logarithmic_error", "MSLE": "mean_squared_logarithmic_error",
}

// Get is keras.losses.get. identifier may be:
//   - a Keras class name ("SparseCategoricalCrossentropy"): the class with
//     its defaults;
//   - a Keras function name or alias ("sparse_categorical_crossentropy",
//     "mse", "huber"): the class with its defaults, named after the function
//     as Keras's compile names a wrapped loss function;
//   - a config map {"class_name": ..., "config": {...}};
//   - a Loss, returned as is;
//   - nil, which returns (nil, nil) like keras.losses.get(None).
func Get(identifier any) (Loss, error) {
	switch id := identifier.(type) {
	case nil:
		return nil, nil
	case Loss:
		return id, nil
	case string:
		if _, ok := specs[id]; ok {
			return FromConfig(id, nil)
		}
		fn := id
		if a, ok := aliases[id]; ok {
			fn = a
		}
		for class, sp := range specs {
			if sp.fnName == fn {
				return constructors[class](Name(fn))
			}
		}
		return nil, fmt.Errorf("losses.Get: Could not interpret loss identifier: %q (known: %v)", id, knownNames())
	case map[string]any:
		cn, ok := id["class_name"].(string)
		if !ok {
			return nil, fmt.Errorf("losses.Get: Could not interpret loss identifier: %v (a config map needs a string \"class_name\")", id)
		}
		var cfg map[string]any
		if c, ok := id["config"]; ok && c != nil {
			if cfg, ok = c.(map[string]any); !ok {
				return nil, fmt.Errorf("losses.Get: Could not interpret loss identifier: %v (\"config\" must be a map)", id)
			}
		}
		return FromConfig(cn, cfg)
	}
	return nil, fmt.Errorf("losses.Get: Could not interpret loss identifier: %v (type %T)", identifier, identifier)
}

func knownNames() []string {
	var names []string
	for c, sp := range specs {
		names = append(names, c, sp.fnName)
	}
	for a := range aliases {
		names = append(names, a)
	}
	sort.Strings(names)
	return slices.Compact(names)
}

// FromConfig is Loss.from_config for the Keras class className: cfg holds
// the keys GetConfig writes (numbers may be float64, as decoded JSON).
func FromConfig(className string, cfg map[string]any) (Loss, error) {
	ctor, ok := constructors[className]
	if !ok {
		return nil, fmt.Errorf("losses.FromConfig: unknown loss class %q", className)
	}
	keys := make([]string, 0, len(cfg))
	for k := range cfg {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var opts []Option
	for _, k := range keys {
		o, err := optionFromConfig(className, k, cfg[k])
		if err != nil {
			return nil, err
		}
		if o != nil {
			opts = append(opts, o)
		}
	}
	return ctor(opts...)
}

func optionFromConfig(class, key string, v any) (Option, error) {
	bad := func(want string) error {
		return fmt.Errorf("losses.FromConfig(%s): config key %q must be %s, got %v (%T)", class, key, want, v, v)
	}
	switch key {
	case "name":
		s, ok := v.(string)
		if !ok {
			return nil, bad("a string")
		}
		return Name(s), nil
	case "reduction":
		if v == nil {
			return Reduction("none"), nil
		}
		s, ok := v.(string)
		if !ok {
			return nil, bad("a string or null")
		}
		return Reduction(s), nil
	case "dtype":
		if v == nil {
			return nil, nil
		}
		if m, ok := v.(map[string]any); ok { // a serialized DTypePolicy
			if c, ok := m["config"].(map[string]any); ok {
				v = c["name"]
			}
		}
		s, ok := v.(string)
		if !ok {
			return nil, bad("a dtype name")
		}
		return DType(s), nil
	case "from_logits", "apply_class_balancing":
		b, ok := v.(bool)
		if !ok {
			return nil, bad("a bool")
		}
		if key == "from_logits" {
			return FromLogits(b), nil
		}
		return ApplyClassBalancing(b), nil
	case "label_smoothing", "delta", "alpha", "beta", "gamma":
		f, ok := toFloat(v)
		if !ok {
			return nil, bad("a number")
		}
		return map[string]func(float64) Option{"label_smoothing": LabelSmoothing, "delta": Delta,
			"alpha": Alpha, "beta": Beta, "gamma": Gamma}[key](f), nil
	case "ignore_class":
		if v == nil {
			return nil, nil
		}
		i, ok := toInt(v)
		if !ok {
			return nil, bad("an integer or null")
		}
		return IgnoreClass(i), nil
	case "axis":
		if v == nil {
			return Axes(), nil
		}
		if i, ok := toInt(v); ok {
			return Axis(i), nil
		}
		var axes []int
		switch l := v.(type) {
		case []int:
			axes = l
		case []any:
			for _, e := range l {
				i, ok := toInt(e)
				if !ok {
					return nil, bad("an integer, a list of integers or null")
				}
				axes = append(axes, i)
			}
		default:
			return nil, bad("an integer, a list of integers or null")
		}
		return Axes(axes...), nil
	}
	// Unknown keys reach the constructor, which names them.
	return func(s *settings) { s.mark(key) }, nil
}

func toFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case float32:
		return float64(x), true
	case int:
		return float64(x), true
	case int64:
		return float64(x), true
	case int32:
		return float64(x), true
	}
	return 0, false
}

func toInt(v any) (int, bool) {
	f, ok := toFloat(v)
	if !ok || f != math.Trunc(f) {
		return 0, false
	}
	return int(f), true
}
