package optimizers

import (
	"math"

	"github.com/gokeras/keras/optimizers/internal/config"
)

// initCore wires impl into c and reads the shared arguments.
func initCore(c *core, className string, impl kernel, a *config.Args, d baseDefaults) error {
	c.className, c.impl = className, impl
	return parseBase(c, a, d)
}

// newFromOptions runs a registry constructor on options.
func newFromOptions[T Optimizer](className string, opts []Option) (T, error) {
	var zero T
	o, err := FromConfig(className, optionMap(opts))
	if err != nil {
		return zero, err
	}
	return o.(T), nil
}

func ptr(x float64) *float64 { return &x }

// powf is Keras's ops.power(ops.cast(base, "float32"), step): the base is
// rounded to float32 before the power, and the result is float32.
func powf(base float64, t int64) float32 {
	return float32(math.Pow(float64(float32(base)), float64(t)))
}
