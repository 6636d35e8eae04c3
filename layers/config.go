package layers

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
)

// Config is a layer's Keras config being read: a map from Keras argument
// names to values, as in config.json. Getters record which keys were read and
// the first bad value, so that a constructor can report unknown arguments and
// type errors together, as Keras does.
type Config struct {
	m    map[string]any
	used map[string]bool
	errs []error
}

// NewConfig wraps a config map (not copied).
func NewConfig(m map[string]any) Config {
	if m == nil {
		m = map[string]any{}
	}
	return Config{m: m, used: map[string]bool{}}
}

// Option sets one Keras argument of a layer under construction.
type Option func(m map[string]any)

// Options collects options into a config; defaults are applied by the
// layer's getters.
func Options(opts []Option, required map[string]any) Config {
	m := map[string]any{}
	for k, v := range required {
		m[k] = v
	}
	for _, o := range opts {
		if o != nil {
			o(m)
		}
	}
	return NewConfig(m)
}

// Fail records a bad argument value; Err reports it (custom layers use it
// like the built-in ones, so their errors read the same).
func (c *Config) Fail(err error) { c.errs = append(c.errs, err) }

// Has reports whether key is present (and marks it read).
func (c *Config) Has(key string) bool {
	c.used[key] = true
	_, ok := c.m[key]
	return ok
}

// Any returns the raw value of key, or nil.
func (c *Config) Any(key string) any {
	c.used[key] = true
	return c.m[key]
}

// Map returns the underlying map.
func (c *Config) Map() map[string]any { return c.m }

// String reads a string argument.
func (c *Config) String(key, def string) string {
	v, ok := c.m[key]
	c.used[key] = true
	if !ok || v == nil {
		return def
	}
	s, ok := v.(string)
	if !ok {
		c.Fail(fmt.Errorf("argument %s must be a string, got %T (%v)", key, v, v))
		return def
	}
	return s
}

// Bool reads a boolean argument.
func (c *Config) Bool(key string, def bool) bool {
	v, ok := c.m[key]
	c.used[key] = true
	if !ok || v == nil {
		return def
	}
	b, ok := v.(bool)
	if !ok {
		c.Fail(fmt.Errorf("argument %s must be a bool, got %T (%v)", key, v, v))
		return def
	}
	return b
}

// Float reads a numeric argument.
func (c *Config) Float(key string, def float64) float64 {
	v, ok := c.m[key]
	c.used[key] = true
	if !ok || v == nil {
		return def
	}
	f, ok := toFloat(v)
	if !ok {
		c.Fail(fmt.Errorf("argument %s must be a number, got %T (%v)", key, v, v))
		return def
	}
	return f
}

// Int reads an integer argument.
func (c *Config) Int(key string, def int) int {
	v, ok := c.m[key]
	c.used[key] = true
	if !ok || v == nil {
		return def
	}
	f, ok := toFloat(v)
	if !ok || f != float64(int(f)) {
		c.Fail(fmt.Errorf("argument %s must be an integer, got %T (%v)", key, v, v))
		return def
	}
	return int(f)
}

// Ints reads a list (or tuple) of integers; a single integer is accepted as a
// one-element list, None entries become -1.
func (c *Config) Ints(key string, def []int) []int {
	v, ok := c.m[key]
	c.used[key] = true
	if !ok || v == nil {
		return def
	}
	out, err := toInts(v)
	if err != nil {
		c.Fail(fmt.Errorf("argument %s: %w", key, err))
		return def
	}
	return out
}

func toFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case float32:
		return float64(x), true
	case int:
		return float64(x), true
	case int32:
		return float64(x), true
	case int64:
		return float64(x), true
	case json.Number:
		f, err := x.Float64()
		return f, err == nil
	}
	return 0, false
}

func toInts(v any) ([]int, error) {
	switch x := v.(type) {
	case []int:
		return slices.Clone(x), nil
	case []any:
		out := make([]int, len(x))
		for i, e := range x {
			if e == nil {
				out[i] = -1
				continue
			}
			f, ok := toFloat(e)
			if !ok || f != float64(int(f)) {
				return nil, fmt.Errorf("element %d must be an integer, got %T (%v)", i, e, e)
			}
			out[i] = int(f)
		}
		return out, nil
	default:
		if f, ok := toFloat(v); ok && f == float64(int(f)) {
			return []int{int(f)}, nil
		}
	}
	return nil, fmt.Errorf("must be a list of integers, got %T (%v)", v, v)
}

// Err reports the first bad value, or the keys no getter read, in Keras's
// words.
func (c *Config) Err(className string) error {
	if len(c.errs) > 0 {
		return fmt.Errorf("%s: %w", className, c.errs[0])
	}
	var unknown []string
	for k := range c.m {
		if !c.used[k] && !ignoredKeys[k] {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) == 0 {
		return nil
	}
	sort.Strings(unknown)
	return fmt.Errorf("unrecognized keyword arguments passed to %s: %s", className, strings.Join(unknown, ", "))
}

// ignoredKeys are config keys Keras writes that carry no layer argument here.
var ignoredKeys = map[string]bool{"autocast": true}

// With sets any Keras argument by name, for arguments without a typed
// option: layers.With("momentum", 0.9).
func With(key string, value any) Option { return func(m map[string]any) { m[key] = value } }

// WithName sets the layer's name.
func WithName(name string) Option { return With("name", name) }

// WithDType sets the dtype: for an InputLayer / keras.Input, the dtype of
// the data it takes ("int32" for token ids); for other layers only
// "float32" is supported.
func WithDType(dtype string) Option { return With("dtype", dtype) }

// WithTrainable sets whether the layer's weights are trained.
func WithTrainable(on bool) Option { return With("trainable", on) }

// WithActivation sets the activation: a Keras name ("relu") or an
// activations.Activation.
func WithActivation(a any) Option { return With("activation", a) }

// WithUseBias sets use_bias.
func WithUseBias(on bool) Option { return With("use_bias", on) }

// WithKernelInitializer sets kernel_initializer (a name, config map or
// initializers.Initializer).
func WithKernelInitializer(i any) Option { return With("kernel_initializer", i) }

// WithBiasInitializer sets bias_initializer.
func WithBiasInitializer(i any) Option { return With("bias_initializer", i) }

// WithKernelRegularizer sets kernel_regularizer.
func WithKernelRegularizer(r any) Option { return With("kernel_regularizer", r) }

// WithBiasRegularizer sets bias_regularizer.
func WithBiasRegularizer(r any) Option { return With("bias_regularizer", r) }

// WithActivityRegularizer sets activity_regularizer.
func WithActivityRegularizer(r any) Option { return With("activity_regularizer", r) }

// WithKernelConstraint sets kernel_constraint.
func WithKernelConstraint(c any) Option { return With("kernel_constraint", c) }

// WithBiasConstraint sets bias_constraint.
func WithBiasConstraint(c any) Option { return With("bias_constraint", c) }

// WithInputShape gives the input shape (without the batch dimension) on the
// first layer of a Sequential model, like Keras's input_shape argument.
func WithInputShape(shape ...int) Option {
	s := make([]any, len(shape))
	for i, d := range shape {
		s[i] = d
	}
	return With("input_shape", s)
}
