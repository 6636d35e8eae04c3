package layers

import (
	"fmt"
	"reflect"

	"github.com/gokeras/keras/activations"
	"github.com/gokeras/keras/constraints"
	"github.com/gokeras/keras/initializers"
	"github.com/gokeras/keras/ops"
	"github.com/gokeras/keras/regularizers"
	"github.com/gokeras/keras/tensor"
)

func wantInputs(shapes []tensor.Shape, n int) error {
	if len(shapes) != n {
		return fmt.Errorf("expected %d input(s), received %d", n, len(shapes))
	}
	return nil
}

func getActivation(cfg *Config, key string) activations.Activation {
	a, err := activations.Get(cfg.Any(key))
	if err != nil {
		cfg.Fail(fmt.Errorf("argument %s: %w", key, err))
		a, _ = activations.Get("linear")
	}
	return a
}

func getInitializer(cfg *Config, key, def string) initializers.Initializer {
	v := cfg.Any(key)
	if v == nil {
		v = def
	}
	i, err := initializers.Get(v)
	if err != nil {
		cfg.Fail(fmt.Errorf("argument %s: %w", key, err))
		i, _ = initializers.Get(def)
	}
	return i
}

func getRegularizer(cfg *Config, key string) regularizers.Regularizer {
	v := cfg.Any(key)
	if v == nil {
		return nil
	}
	r, err := regularizers.Get(v)
	if err != nil {
		cfg.Fail(fmt.Errorf("argument %s: %w", key, err))
		return nil
	}
	return r
}

func getConstraint(cfg *Config, key string) constraints.Constraint {
	v := cfg.Any(key)
	if v == nil {
		return nil
	}
	c, err := constraints.Get(v)
	if err != nil {
		cfg.Fail(fmt.Errorf("argument %s: %w", key, err))
		return nil
	}
	return c
}

// serializable is what initializers, regularizers and constraints share.
type serializable interface {
	ClassName() string
	GetConfig() map[string]any
}

// serializeObj writes Keras 3's {module, class_name, config, registered_name}
// form, or nil for an absent object.
func serializeObj(module string, o serializable) any {
	if o == nil || (reflect.ValueOf(o).Kind() == reflect.Pointer && reflect.ValueOf(o).IsNil()) {
		return nil
	}
	return map[string]any{"module": module, "class_name": o.ClassName(), "config": o.GetConfig(), "registered_name": nil}
}

// addActivityLoss adds the activity regularizer's penalty on y, divided by
// the batch size as Keras does.
func addActivityLoss(ctx *Context, r regularizers.Regularizer, y *tensor.Tensor) error {
	if r == nil || ctx == nil {
		return nil
	}
	pen, err := r.Call(y)
	if err != nil {
		return err
	}
	if y.Rank() > 0 && y.Dim(0) > 0 {
		if pen, err = ops.Divide(pen, ops.Const(float32(y.Dim(0)))); err != nil {
			return err
		}
	}
	ctx.Losses = append(ctx.Losses, pen)
	return nil
}
