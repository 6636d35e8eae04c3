package schedules

import (
	"fmt"
	"sort"
	"strings"

	"github.com/gokeras/keras/optimizers/internal/config"
)

// LearningRateSchedule is keras.optimizers.schedules.LearningRateSchedule:
// a learning rate as a function of the optimizer step.
type LearningRateSchedule interface {
	// Call returns the learning rate at step (Keras's __call__).
	Call(step int64) float64
	// GetConfig returns Keras's get_config() dictionary.
	GetConfig() map[string]any
	// ClassName is the Keras class name, e.g. "ExponentialDecay".
	ClassName() string
}

// Option sets an optional constructor argument by its Keras name.
type Option func(map[string]any)

// Name sets the schedule's name (Keras's name argument).
func Name(name string) Option { return func(m map[string]any) { m["name"] = name } }

// Staircase makes ExponentialDecay and InverseTimeDecay decay at discrete
// intervals (Keras's staircase).
func Staircase(on bool) Option { return func(m map[string]any) { m["staircase"] = on } }

// EndLearningRate sets PolynomialDecay's end_learning_rate (default 0.0001).
func EndLearningRate(lr float64) Option {
	return func(m map[string]any) { m["end_learning_rate"] = lr }
}

// Power sets PolynomialDecay's power (default 1.0).
func Power(p float64) Option { return func(m map[string]any) { m["power"] = p } }

// Cycle makes PolynomialDecay cycle beyond decay_steps (Keras's cycle).
func Cycle(on bool) Option { return func(m map[string]any) { m["cycle"] = on } }

// Alpha sets the minimum learning rate of CosineDecay and
// CosineDecayRestarts as a fraction of the initial one (Keras's alpha).
func Alpha(a float64) Option { return func(m map[string]any) { m["alpha"] = a } }

// Warmup gives CosineDecay a linear warmup from initial_learning_rate to
// target over steps steps (Keras's warmup_target and warmup_steps).
func Warmup(target float64, steps int64) Option {
	return func(m map[string]any) { m["warmup_target"] = target; m["warmup_steps"] = steps }
}

// TMul sets CosineDecayRestarts's t_mul (default 2.0).
func TMul(t float64) Option { return func(m map[string]any) { m["t_mul"] = t } }

// MMul sets CosineDecayRestarts's m_mul (default 1.0).
func MMul(m float64) Option { return func(c map[string]any) { c["m_mul"] = m } }

type constructor func(*config.Args) (LearningRateSchedule, error)

var registry = map[string]constructor{
	"ExponentialDecay":       exponentialFromArgs,
	"PiecewiseConstantDecay": piecewiseFromArgs,
	"PolynomialDecay":        polynomialFromArgs,
	"InverseTimeDecay":       inverseTimeFromArgs,
	"CosineDecay":            cosineFromArgs,
	"CosineDecayRestarts":    restartsFromArgs,
}

// Names lists the schedule class names FromConfig accepts, sorted.
func Names() []string {
	out := make([]string, 0, len(registry))
	for k := range registry {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// FromConfig builds a schedule from its class name and get_config()
// dictionary (Keras's from_config). The class name match is exact first,
// then case-insensitive.
func FromConfig(className string, cfg map[string]any) (LearningRateSchedule, error) {
	ctor, ok := registry[className]
	if !ok {
		for k, c := range registry {
			if strings.EqualFold(k, className) {
				ctor, ok, className = c, true, k
				break
			}
		}
	}
	if !ok {
		return nil, fmt.Errorf("schedules: unknown learning rate schedule %q; valid names: %s",
			className, strings.Join(Names(), ", "))
	}
	if cfg == nil {
		cfg = map[string]any{}
	}
	a := config.New(className, cfg)
	s, err := ctor(a)
	if err != nil {
		return nil, err
	}
	if err := a.Unused(); err != nil {
		return nil, err
	}
	return s, nil
}

// Serialize returns Keras's serialized form of s
// (keras.optimizers.schedules.serialize): module, class_name, config and
// registered_name.
func Serialize(s LearningRateSchedule) map[string]any {
	return map[string]any{
		"module":          "keras.optimizers.schedules",
		"class_name":      s.ClassName(),
		"config":          s.GetConfig(),
		"registered_name": nil,
	}
}

// Get resolves a schedule identifier like keras.optimizers.schedules.deserialize:
// a LearningRateSchedule (returned as is) or a serialized map with
// "class_name" and "config".
func Get(identifier any) (LearningRateSchedule, error) {
	switch x := identifier.(type) {
	case LearningRateSchedule:
		return x, nil
	case map[string]any:
		name, ok := x["class_name"].(string)
		if !ok {
			return nil, fmt.Errorf("schedules: could not interpret serialized schedule %v: missing string `class_name`", x)
		}
		var cfg map[string]any
		if c, ok := x["config"]; ok && c != nil {
			cfg, ok = c.(map[string]any)
			if !ok {
				return nil, fmt.Errorf("schedules: `config` of %s must be a map, got %T", name, c)
			}
		}
		return FromConfig(name, copyMap(cfg))
	}
	return nil, fmt.Errorf("schedules: could not interpret learning rate schedule identifier: %v (%T)", identifier, identifier)
}

func copyMap(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func build(className string, required map[string]any, opts []Option) (LearningRateSchedule, error) {
	for _, o := range opts {
		if o != nil {
			o(required)
		}
	}
	return FromConfig(className, required)
}

func checkPositive(owner, key string, v float64) error {
	if !(v > 0) {
		return fmt.Errorf("%s: Argument `%s` must be > 0. Received: %s=%v", owner, key, key, v)
	}
	return nil
}
