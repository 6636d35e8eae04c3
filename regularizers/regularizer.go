package regularizers

import (
	"fmt"
	"maps"
	"math"

	"github.com/gokeras/keras/internal/identifier"
	"github.com/gokeras/keras/tensor"
)

// Regularizer is keras.regularizers.Regularizer: Call returns the penalty for
// w as a differentiable float32 scalar; ClassName and GetConfig give the
// Keras serialization.
type Regularizer interface {
	Call(w *tensor.Tensor) (*tensor.Tensor, error)
	ClassName() string
	GetConfig() map[string]any
}

// validateFloatArg is Keras's validate_float_arg: a finite, non-negative
// number.
func validateFloatArg(class, name string, v float64) error {
	if math.IsInf(v, 0) || math.IsNaN(v) || v < 0 {
		return fmt.Errorf("regularizer %s: invalid value for argument %s: expected a non-negative float. Received: %s=%v", class, name, name, v)
	}
	return nil
}

func checkInput(class string, w *tensor.Tensor) error {
	if w == nil {
		return fmt.Errorf("regularizer %s: nil weight tensor", class)
	}
	if w.DType() != tensor.Float32 {
		return fmt.Errorf("regularizer %s: weights must be float32, got %v with shape %v", class, w.DType(), w.Shape())
	}
	return nil
}

type factory func(cfg map[string]any) (Regularizer, error)

var classes = map[string]factory{
	"L1": func(cfg map[string]any) (Regularizer, error) {
		v, err := floatKeys(cfg, map[string]float64{"l1": 0.01})
		if err != nil {
			return nil, err
		}
		return NewL1(v["l1"])
	},
	"L2": func(cfg map[string]any) (Regularizer, error) {
		v, err := floatKeys(cfg, map[string]float64{"l2": 0.01})
		if err != nil {
			return nil, err
		}
		return NewL2(v["l2"])
	},
	"L1L2": func(cfg map[string]any) (Regularizer, error) {
		v, err := floatKeys(cfg, map[string]float64{"l1": 0, "l2": 0})
		if err != nil {
			return nil, err
		}
		return NewL1L2(v["l1"], v["l2"])
	},
	"OrthogonalRegularizer": orthogonalFromConfig,
}

// names is Keras's ALL_OBJECTS_DICT (class names and snake_case names) plus
// "l1_l2".
var names = map[string]string{
	"L1": "L1", "l1": "L1",
	"L2": "L2", "l2": "L2",
	"L1L2": "L1L2", "l1l2": "L1L2", "l1_l2": "L1L2",
	"OrthogonalRegularizer": "OrthogonalRegularizer", "orthogonal_regularizer": "OrthogonalRegularizer",
}

// Names returns every string Get accepts, sorted.
func Names() []string { return resolver.AllNames() }

var resolver = identifier.Resolver[Regularizer]{
	Func: "regularizers.Get", Kind: "regularizer", Names: names,
	New: func(class string, cfg map[string]any) (Regularizer, error) { return classes[class](cfg) },
}

// Get is keras.regularizers.get: nil gives (nil, nil) as Keras returns None;
// a name ("l2", "L1L2", "orthogonal_regularizer", ...) gives the regularizer
// with Keras's defaults; a config dict {"class_name": ..., "config": {...}}
// is deserialized; a Regularizer is returned as is.
func Get(identifier any) (Regularizer, error) {
	switch id := identifier.(type) {
	case nil:
		return nil, nil
	case Regularizer:
		return id, nil
	}
	return resolver.Resolve(identifier)
}

// Serialize is keras.regularizers.serialize: Keras 3's
// {"module": "keras.regularizers", "class_name": ..., "config": ...,
// "registered_name": nil}.
func Serialize(r Regularizer) map[string]any {
	if r == nil {
		return nil
	}
	return map[string]any{
		"module":          "keras.regularizers",
		"class_name":      r.ClassName(),
		"config":          r.GetConfig(),
		"registered_name": nil,
	}
}

// floatKeys reads the numeric config keys in defs (with their defaults),
// rejecting any other key. A null value means the default, as in Keras.
func floatKeys(cfg map[string]any, defs map[string]float64) (map[string]float64, error) {
	out := maps.Clone(defs)
	for k, v := range cfg {
		if _, ok := defs[k]; !ok {
			return nil, fmt.Errorf("unexpected config key %q", k)
		}
		if v == nil {
			continue
		}
		f, err := toFloat(k, v)
		if err != nil {
			return nil, err
		}
		out[k] = f
	}
	return out, nil
}

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
