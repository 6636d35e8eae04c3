package saving

import (
	"fmt"
	"sync"

	"github.com/gokeras/keras/layers"
)

// Custom maps Keras class names (or registered names such as
// "MyPackage>L1Distance") to Go factories for one load call, like Keras's
// custom_objects argument.
type Custom map[string]layers.Factory

var custom = struct {
	sync.RWMutex
	byClass map[string]string // class name -> registered name
}{byClass: map[string]string{}}

// RegisterSerializable is keras.saving.register_keras_serializable: it makes
// a Go implementation of a custom layer class known to every loader under
// its class name and under the registered name "pkg>ClassName" (pkg
// defaults to "Custom", as in Keras). Models holding such a layer are saved
// with that registered name.
func RegisterSerializable(pkg, className string, f layers.Factory) {
	if pkg == "" {
		pkg = "Custom"
	}
	rn := pkg + ">" + className
	layers.Register(className, f)
	layers.Register(rn, f)
	custom.Lock()
	custom.byClass[className] = rn
	custom.Unlock()
}

// registeredName returns the registered name of a class registered with
// RegisterSerializable.
func registeredName(className string) (string, bool) {
	custom.RLock()
	defer custom.RUnlock()
	rn, ok := custom.byClass[className]
	return rn, ok
}

// newLayer builds a layer from its serialized form: the per-call custom
// objects first (by registered name, then class name), then the registry.
func newLayer(className, regName string, cfg map[string]any, cu Custom) (layers.Layer, error) {
	for _, key := range []string{regName, className} {
		if key == "" {
			continue
		}
		if f, ok := cu[key]; ok {
			l, err := f(layers.NewConfig(cloneMap(cfg)))
			if err != nil {
				return nil, fmt.Errorf("custom layer %q: %w", className, err)
			}
			return l, nil
		}
	}
	if regName != "" && regName != className {
		if l, err := layers.FromConfig(regName, cfg); err == nil {
			return l, nil
		}
	}
	return layers.FromConfig(className, cfg)
}

func cloneMap(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
