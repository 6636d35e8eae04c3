package activations

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/gokeras/keras/tensor"
)

// Activation is an activation function: keras.activations.<name> applied to
// a tensor. Name is its Keras name ("relu").
type Activation interface {
	Name() string
	Call(x *tensor.Tensor) (*tensor.Tensor, error)
}

// Configurable is implemented by activations with arguments; GetConfig
// returns the arguments that differ from Keras's defaults (empty for the
// default form).
type Configurable interface {
	GetConfig() map[string]any
}

// Func is an Activation built from a function, with the non-default
// arguments it was made with (for Serialize).
type Func struct {
	name   string
	params map[string]any
	fn     func(x *tensor.Tensor) (*tensor.Tensor, error)
}

// New returns an Activation named name that computes fn. Use it for custom
// activations (then Register them to make them available to Get).
func New(name string, fn func(x *tensor.Tensor) (*tensor.Tensor, error)) *Func {
	return &Func{name: name, fn: fn}
}

func newFunc(name string, params map[string]any, fn func(x *tensor.Tensor) (*tensor.Tensor, error)) *Func {
	if len(params) == 0 {
		params = nil
	}
	return &Func{name: name, params: params, fn: fn}
}

// Name is the Keras name of the function.
func (f *Func) Name() string { return f.name }

// Call applies the function to x.
func (f *Func) Call(x *tensor.Tensor) (*tensor.Tensor, error) {
	if x == nil {
		return nil, fmt.Errorf("activation %s: nil input tensor", f.name)
	}
	y, err := f.fn(x)
	if err != nil {
		return nil, fmt.Errorf("activation %s: %w", f.name, err)
	}
	return y, nil
}

// GetConfig returns the arguments that differ from Keras's defaults.
func (f *Func) GetConfig() map[string]any { return maps.Clone(f.params) }

// String returns the name.
func (f *Func) String() string { return f.name }

var (
	registryMu sync.RWMutex
	// registry maps every name Get accepts to a constructor taking the
	// arguments of the Go-only dict form.
	registry = builtins()
)

func builtins() map[string]func(cfg map[string]any) (Activation, error) {
	registry := map[string]func(cfg map[string]any) (Activation, error){}
	plain := func(a Activation) func(map[string]any) (Activation, error) {
		return func(cfg map[string]any) (Activation, error) {
			if len(cfg) != 0 {
				return nil, fmt.Errorf("activation %s takes no arguments, got %v", a.Name(), cfg)
			}
			return a, nil
		}
	}
	for _, a := range []Activation{
		Linear, Relu6, Sigmoid, Tanh, Selu, Silu, Softplus, Softsign, Exponential,
		HardSigmoid, HardSilu, HardTanh, LogSigmoid, Mish, SparsePlus,
		SparseSigmoid, TanhShrink, HardSigmoidKeras2,
	} {
		registry[a.Name()] = plain(a)
	}
	registry["swish"] = plain(Silu)
	registry["hard_swish"] = plain(HardSilu)
	registry["threshold"] = thresholdFromConfig
	registry["relu"] = reluFromConfig
	registry["leaky_relu"] = floatArg("negative_slope", 0.2, LeakyRelu)
	registry["elu"] = floatArg("alpha", 1, Elu)
	registry["celu"] = floatArg("alpha", 1, Celu)
	registry["soft_shrink"] = floatArg("threshold", 0.5, SoftShrink)
	registry["hard_shrink"] = floatArg("threshold", 0.5, HardShrink)
	registry["squareplus"] = floatArg("b", 4, Squareplus)
	registry["softmax"] = intArg("axis", -1, Softmax)
	registry["log_softmax"] = intArg("axis", -1, LogSoftmax)
	registry["glu"] = intArg("axis", -1, Glu)
	registry["sparsemax"] = intArg("axis", -1, Sparsemax)
	registry["gelu"] = func(cfg map[string]any) (Activation, error) {
		approx := false
		for k, v := range cfg {
			b, ok := v.(bool)
			if k != "approximate" || !ok {
				return nil, fmt.Errorf("activation gelu: unexpected argument %s=%v", k, v)
			}
			approx = b
		}
		return Gelu(approx), nil
	}
	return registry
}

// Names returns every name Get accepts, sorted.
func Names() []string {
	registryMu.RLock()
	defer registryMu.RUnlock()
	return slices.Sorted(maps.Keys(registry))
}

// Register makes a custom activation available to Get under name (Keras's
// register_keras_serializable / custom_objects). It fails if the name is
// taken.
func Register(name string, a Activation) error {
	if name == "" || a == nil {
		return fmt.Errorf("activations.Register: need a name and an activation, got %q and %v", name, a)
	}
	registryMu.Lock()
	defer registryMu.Unlock()
	if _, ok := registry[name]; ok {
		return fmt.Errorf("activations.Register: name %q is already registered", name)
	}
	registry[name] = func(cfg map[string]any) (Activation, error) {
		if len(cfg) != 0 {
			return nil, fmt.Errorf("activation %s: unexpected arguments %v", name, cfg)
		}
		return a, nil
	}
	return nil
}

// Get is keras.activations.get. identifier may be nil or "" (Linear), a
// Keras name ("relu", "swish", ...), a serialized config (the Keras 3 form
// {"module": "keras.activations", "class_name": "function", "config":
// "relu", ...} or this package's {"class_name": "relu", "config": {...}}),
// or an Activation, returned as is. Unknown names are errors listing the
// valid ones.
func Get(identifier any) (Activation, error) {
	switch id := identifier.(type) {
	case nil:
		return Linear, nil
	case Activation:
		return id, nil
	case string:
		if id == "" {
			return Linear, nil
		}
		return lookup(id, nil, identifier)
	case map[string]any:
		return fromDict(id)
	}
	return nil, fmt.Errorf("activations.Get: could not interpret activation function identifier: %v (type %T)", identifier, identifier)
}

func lookup(name string, cfg map[string]any, identifier any) (Activation, error) {
	registryMu.RLock()
	ctor, ok := registry[name]
	registryMu.RUnlock()
	if !ok {
		return nil, fmt.Errorf("activations.Get: could not interpret activation function identifier: %v; valid names: %s",
			identifier, strings.Join(Names(), ", "))
	}
	a, err := ctor(cfg)
	if err != nil {
		return nil, fmt.Errorf("activations.Get: %w", err)
	}
	return a, nil
}

func fromDict(d map[string]any) (Activation, error) {
	cls, _ := d["class_name"].(string)
	switch cfg := d["config"].(type) {
	case string:
		// Keras 3: {"class_name": "function", "config": "relu", ...}; the
		// registered name of a custom function is in registered_name.
		if cls == "function" || cls == "" {
			name := cfg
			if r, ok := d["registered_name"].(string); ok && r != "" && lookupOK(r) && !lookupOK(cfg) {
				name = r
			}
			return lookup(name, nil, d)
		}
	case map[string]any:
		if cls != "" {
			return lookup(cls, cfg, d)
		}
	case nil:
		if cls != "" && cls != "function" {
			return lookup(cls, nil, d)
		}
	}
	return nil, fmt.Errorf("activations.Get: could not interpret activation function identifier: %v", d)
}

func lookupOK(name string) bool {
	registryMu.RLock()
	defer registryMu.RUnlock()
	_, ok := registry[name]
	return ok
}

// Serialize is keras.activations.serialize: the name for an activation with
// Keras's default arguments ("relu"), or {"class_name": name, "config":
// {arguments}} for one made with other arguments (a Go-only form, see the
// package doc). Serialize(nil) is "linear".
func Serialize(a Activation) any {
	if a == nil {
		return "linear"
	}
	if c, ok := a.(Configurable); ok {
		if cfg := c.GetConfig(); len(cfg) != 0 {
			return map[string]any{"class_name": a.Name(), "config": cfg}
		}
	}
	return a.Name()
}
