// Package identifier resolves Keras identifiers of one kind of object
// (keras.initializers.get, keras.regularizers.get, keras.constraints.get):
// a name or alias, or a {"class_name": ..., "config": {...}} dict.
package identifier

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Resolver maps names to classes and classes to constructors.
type Resolver[T any] struct {
	Func  string                                            // the Go function, for messages: "initializers.Get"
	Kind  string                                            // "initializer"
	Names map[string]string                                 // every accepted name -> class name
	New   func(class string, cfg map[string]any) (T, error) // builds a class from its config (nil: defaults)
}

// AllNames returns every accepted name, sorted.
func (r *Resolver[T]) AllNames() []string { return slices.Sorted(maps.Keys(r.Names)) }

// Resolve handles a name or a config dict; any other identifier is an error.
func (r *Resolver[T]) Resolve(identifier any) (T, error) {
	var zero T
	switch id := identifier.(type) {
	case string:
		return r.fromName(id, nil, identifier)
	case map[string]any:
		cls, _ := id["class_name"].(string)
		if cls == "" {
			return zero, fmt.Errorf("%s: config %v has no class_name", r.Func, id)
		}
		var cfg map[string]any
		switch c := id["config"].(type) {
		case nil:
		case map[string]any:
			cfg = c
		default:
			return zero, fmt.Errorf("%s: config of %s must be a dict, got %T", r.Func, cls, c)
		}
		return r.fromName(cls, cfg, identifier)
	}
	return zero, fmt.Errorf("%s: could not interpret %s identifier: %v (type %T)", r.Func, r.Kind, identifier, identifier)
}

func (r *Resolver[T]) fromName(name string, cfg map[string]any, identifier any) (T, error) {
	var zero T
	cls, ok := r.Names[name]
	if !ok {
		return zero, fmt.Errorf("%s: could not interpret %s identifier: %v; valid names: %s",
			r.Func, r.Kind, identifier, strings.Join(r.AllNames(), ", "))
	}
	v, err := r.New(cls, cfg)
	if err != nil {
		return zero, fmt.Errorf("%s: %s: %w", r.Func, cls, err)
	}
	return v, nil
}
