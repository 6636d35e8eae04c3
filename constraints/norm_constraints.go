package constraints

import (
	"fmt"
	"slices"

	"github.com/gokeras/keras/tensor"
)

// MaxNorm is keras.constraints.MaxNorm: each slice over Axis (the incoming
// weights of one unit, for Dense axis 0) whose L2 norm exceeds MaxValue is
// scaled down: w * clip(norm, 0, max_value) / (epsilon + norm). Keras's
// defaults are max_value 2 and axis 0.
type MaxNorm struct {
	MaxValue float64
	Axis     []int
	g        normGroups
}

// NewMaxNorm returns a MaxNorm over axis (Keras's default 0 when none is
// given; several axes for convolution kernels, e.g. 0, 1, 2).
func NewMaxNorm(maxValue float64, axis ...int) *MaxNorm {
	return &MaxNorm{MaxValue: maxValue, Axis: defaultAxis(axis)}
}

func defaultAxis(axis []int) []int {
	if len(axis) == 0 {
		return []int{0}
	}
	return slices.Clone(axis)
}

// Constrain rescales w in place (unchanged if Check fails for its shape).
func (c *MaxNorm) Constrain(w *tensor.Tensor) { _ = c.Apply(w) }

// Apply rescales w in place.
func (c *MaxNorm) Apply(w *tensor.Tensor) error {
	hi := float32(c.MaxValue)
	return c.g.rescale("MaxNorm", w, c.Axis, func(n float32) float32 { return clip32(n, 0, hi) })
}

// Check validates the axes against shape.
func (c *MaxNorm) Check(shape tensor.Shape) error { return checkAxes("MaxNorm", shape, c.Axis) }

// ClassName is "MaxNorm".
func (*MaxNorm) ClassName() string { return "MaxNorm" }

// GetConfig is {"max_value", "axis"}.
func (c *MaxNorm) GetConfig() map[string]any {
	return map[string]any{"max_value": c.MaxValue, "axis": axisConfig(c.Axis)}
}

func maxNormFromConfig(cfg map[string]any) (Constraint, error) {
	v, axes, err := readConfig(cfg, map[string]float64{"max_value": 2})
	if err != nil {
		return nil, err
	}
	return NewMaxNorm(v["max_value"], axes...), nil
}

// MinMaxNorm is keras.constraints.MinMaxNorm: each slice over Axis is scaled
// to the norm rate*clip(norm, min_value, max_value) + (1-rate)*norm, i.e.
// w * desired / (epsilon + norm). Keras's defaults are min_value 0,
// max_value 1, rate 1 and axis 0.
type MinMaxNorm struct {
	MinValue, MaxValue, Rate float64
	Axis                     []int
	g                        normGroups
}

// NewMinMaxNorm returns a MinMaxNorm over axis (Keras's default 0).
func NewMinMaxNorm(minValue, maxValue, rate float64, axis ...int) *MinMaxNorm {
	return &MinMaxNorm{MinValue: minValue, MaxValue: maxValue, Rate: rate, Axis: defaultAxis(axis)}
}

// Constrain rescales w in place (unchanged if Check fails for its shape).
func (c *MinMaxNorm) Constrain(w *tensor.Tensor) { _ = c.Apply(w) }

// Apply rescales w in place.
func (c *MinMaxNorm) Apply(w *tensor.Tensor) error {
	lo, hi, rate := float32(c.MinValue), float32(c.MaxValue), float32(c.Rate)
	return c.g.rescale("MinMaxNorm", w, c.Axis, func(n float32) float32 {
		return rate*clip32(n, lo, hi) + (1-rate)*n
	})
}

// Check validates the axes against shape.
func (c *MinMaxNorm) Check(shape tensor.Shape) error {
	return checkAxes("MinMaxNorm", shape, c.Axis)
}

// ClassName is "MinMaxNorm".
func (*MinMaxNorm) ClassName() string { return "MinMaxNorm" }

// GetConfig is {"min_value", "max_value", "rate", "axis"}.
func (c *MinMaxNorm) GetConfig() map[string]any {
	return map[string]any{"min_value": c.MinValue, "max_value": c.MaxValue, "rate": c.Rate, "axis": axisConfig(c.Axis)}
}

func minMaxNormFromConfig(cfg map[string]any) (Constraint, error) {
	v, axes, err := readConfig(cfg, map[string]float64{"min_value": 0, "max_value": 1, "rate": 1})
	if err != nil {
		return nil, err
	}
	return NewMinMaxNorm(v["min_value"], v["max_value"], v["rate"], axes...), nil
}

// UnitNorm is keras.constraints.UnitNorm: w / (epsilon + norm) for each
// slice over Axis (Keras's default 0).
type UnitNorm struct {
	Axis []int
	g    normGroups
}

// NewUnitNorm returns a UnitNorm over axis (Keras's default 0).
func NewUnitNorm(axis ...int) *UnitNorm { return &UnitNorm{Axis: defaultAxis(axis)} }

// Constrain rescales w in place (unchanged if Check fails for its shape).
func (c *UnitNorm) Constrain(w *tensor.Tensor) { _ = c.Apply(w) }

// Apply rescales w in place.
func (c *UnitNorm) Apply(w *tensor.Tensor) error {
	return c.g.rescale("UnitNorm", w, c.Axis, func(float32) float32 { return 1 })
}

// Check validates the axes against shape.
func (c *UnitNorm) Check(shape tensor.Shape) error { return checkAxes("UnitNorm", shape, c.Axis) }

// ClassName is "UnitNorm".
func (*UnitNorm) ClassName() string { return "UnitNorm" }

// GetConfig is {"axis"}.
func (c *UnitNorm) GetConfig() map[string]any { return map[string]any{"axis": axisConfig(c.Axis)} }

func unitNormFromConfig(cfg map[string]any) (Constraint, error) {
	_, axes, err := readConfig(cfg, map[string]float64{})
	if err != nil {
		return nil, err
	}
	return NewUnitNorm(axes...), nil
}

func checkAxes(class string, shape tensor.Shape, axes []int) error {
	if len(axes) == 0 {
		return fmt.Errorf("constraint %s: no axis given", class)
	}
	for _, a := range axes {
		if a < -len(shape) || a >= len(shape) {
			return fmt.Errorf("constraint %s: axis %d is out of bounds for weights of shape %v", class, a, shape)
		}
	}
	return nil
}
