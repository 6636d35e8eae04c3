package layers

import (
	"fmt"
	"sort"
	"strings"
	"sync"
)

// Factory builds a layer from its Keras config.
type Factory func(cfg Config) (Layer, error)

var registry = struct {
	sync.RWMutex
	m map[string]Factory
}{m: map[string]Factory{}}

func init() {
	for name, f := range map[string]func(Config) Layer{
		"InputLayer": func(c Config) Layer { return inputLayerFromConfig(c) },
		"Dense":      func(c Config) Layer { return denseFromConfig(c) },
		"Flatten":    func(c Config) Layer { return flattenFromConfig(c) },
		"Activation": func(c Config) Layer { return activationFromConfig(c) },
		"Dropout":    func(c Config) Layer { return dropoutFromConfig(c) },
		"Reshape":    func(c Config) Layer { return reshapeFromConfig(c) },
		"Identity":   func(c Config) Layer { return identityFromConfig(c) },
		"ReLU":       func(c Config) Layer { return reluFromConfig(c) },
		"LeakyReLU":  func(c Config) Layer { return leakyReLUFromConfig(c) },
		"ELU":        func(c Config) Layer { return eluFromConfig(c) },
		"PReLU":      func(c Config) Layer { return preluFromConfig(c) },
		"Softmax":    func(c Config) Layer { return softmaxFromConfig(c) },
	} {
		f := f
		Register(name, func(c Config) (Layer, error) {
			l := f(c)
			return l, l.Base().Err()
		})
	}
}

// Register makes a layer class known to FromConfig (and so to model
// loading), like keras.saving.register_keras_serializable. Registering a
// name again replaces the factory.
func Register(className string, f Factory) {
	registry.Lock()
	registry.m[className] = f
	registry.Unlock()
}

// FromConfig rebuilds a layer from its class name and Keras config. An
// unknown class is an error that names it.
func FromConfig(className string, cfg map[string]any) (Layer, error) {
	registry.RLock()
	f, ok := registry.m[className]
	registry.RUnlock()
	if !ok {
		return nil, fmt.Errorf("unknown layer class %q: it is not a built-in layer and no Go implementation was registered with layers.Register (known: %s)", className, strings.Join(Registered(), ", "))
	}
	c := make(map[string]any, len(cfg))
	for k, v := range cfg {
		c[k] = v
	}
	return f(NewConfig(c))
}

// Registered lists the known layer class names, sorted.
func Registered() []string {
	registry.RLock()
	defer registry.RUnlock()
	out := make([]string, 0, len(registry.m))
	for k := range registry.m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
