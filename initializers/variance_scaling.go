package initializers

import (
	"fmt"
	"math"
	"strings"

	"github.com/gokeras/keras/tensor"
)

// truncatedStdCorrection is the standard deviation of a unit normal
// truncated to [-2, 2], by which Keras divides so the truncated draws keep
// the requested variance.
const truncatedStdCorrection = 0.87962566103423978

// VarianceScaling is keras.initializers.VarianceScaling: samples whose
// variance is Scale / n, where n is fan_in, fan_out or their mean (Mode),
// from a truncated normal (stddev sqrt(scale/n)/0.8796...), an untruncated
// normal (stddev sqrt(scale/n)) or a uniform in ±sqrt(3·scale/n)
// (Distribution). InputAxes/OutputAxes, when both set, choose the axes whose
// sizes make the fans (see ComputeFans). The Glorot, He and Lecun presets are
// VarianceScaling values with their own class names.
type VarianceScaling struct {
	Scale                 float64
	Mode                  string // "fan_in", "fan_out" or "fan_avg"
	Distribution          string // "truncated_normal", "untruncated_normal" or "uniform"
	InputAxes, OutputAxes []int
	className             string // "" for VarianceScaling itself, else the preset
	seeded
}

// NewVarianceScaling checks its arguments as Keras does (scale > 0, a known
// mode, a known distribution; "normal" means "truncated_normal"). Keras's
// defaults are 1.0, "fan_in", "truncated_normal". seed is optional.
func NewVarianceScaling(scale float64, mode, distribution string, seed ...int64) (*VarianceScaling, error) {
	if !(scale > 0) {
		return nil, fmt.Errorf("initializer VarianceScaling: argument `scale` must be positive float. Received: scale=%v", scale)
	}
	switch mode {
	case "fan_in", "fan_out", "fan_avg":
	default:
		return nil, fmt.Errorf("initializer VarianceScaling: invalid `mode` argument: %q. Please use one of fan_in, fan_out, fan_avg", mode)
	}
	distribution = strings.ToLower(distribution)
	if distribution == "normal" {
		distribution = "truncated_normal"
	}
	switch distribution {
	case "uniform", "truncated_normal", "untruncated_normal":
	default:
		return nil, fmt.Errorf("initializer VarianceScaling: invalid `distribution` argument: %q. Please use one of uniform, truncated_normal, untruncated_normal", distribution)
	}
	return &VarianceScaling{Scale: scale, Mode: mode, Distribution: distribution, seeded: newSeeded(seed)}, nil
}

func preset(class string, scale float64, mode, dist string, seed []int64) *VarianceScaling {
	return &VarianceScaling{Scale: scale, Mode: mode, Distribution: dist, className: class, seeded: newSeeded(seed)}
}

// NewGlorotUniform is keras.initializers.GlorotUniform: uniform in
// ±sqrt(6/(fan_in+fan_out)). seed is optional.
func NewGlorotUniform(seed ...int64) *VarianceScaling {
	return preset("GlorotUniform", 1, "fan_avg", "uniform", seed)
}

// NewGlorotNormal is keras.initializers.GlorotNormal: truncated normal with
// stddev sqrt(2/(fan_in+fan_out)). seed is optional.
func NewGlorotNormal(seed ...int64) *VarianceScaling {
	return preset("GlorotNormal", 1, "fan_avg", "truncated_normal", seed)
}

// NewHeUniform is keras.initializers.HeUniform: uniform in
// ±sqrt(6/fan_in). seed is optional.
func NewHeUniform(seed ...int64) *VarianceScaling {
	return preset("HeUniform", 2, "fan_in", "uniform", seed)
}

// NewHeNormal is keras.initializers.HeNormal: truncated normal with stddev
// sqrt(2/fan_in). seed is optional.
func NewHeNormal(seed ...int64) *VarianceScaling {
	return preset("HeNormal", 2, "fan_in", "truncated_normal", seed)
}

// NewLecunUniform is keras.initializers.LecunUniform: uniform in
// ±sqrt(3/fan_in). seed is optional.
func NewLecunUniform(seed ...int64) *VarianceScaling {
	return preset("LecunUniform", 1, "fan_in", "uniform", seed)
}

// NewLecunNormal is keras.initializers.LecunNormal: truncated normal with
// stddev sqrt(1/fan_in). seed is optional.
func NewLecunNormal(seed ...int64) *VarianceScaling {
	return preset("LecunNormal", 1, "fan_in", "truncated_normal", seed)
}

// Call draws a new tensor.
func (v *VarianceScaling) Call(shape tensor.Shape) (*tensor.Tensor, error) {
	name := v.ClassName()
	if err := checkShape(name, shape); err != nil {
		return nil, err
	}
	if v.InputAxes != nil && v.OutputAxes != nil {
		for _, a := range append(append([]int(nil), v.InputAxes...), v.OutputAxes...) {
			if a < -len(shape) || a >= len(shape) {
				return nil, fmt.Errorf("initializer %s: axis %d out of range for shape %v", name, a, shape)
			}
		}
	}
	fanIn, fanOut := ComputeFans(shape, v.InputAxes, v.OutputAxes)
	scale := v.Scale
	switch v.Mode {
	case "fan_in":
		scale /= math.Max(1, float64(fanIn))
	case "fan_out":
		scale /= math.Max(1, float64(fanOut))
	default:
		scale /= math.Max(1, float64(fanIn+fanOut)/2)
	}
	switch v.Distribution {
	case "truncated_normal":
		return draw(name, "truncated_normal", shape, 0, math.Sqrt(scale)/truncatedStdCorrection, v.seed)
	case "untruncated_normal":
		return draw(name, "normal", shape, 0, math.Sqrt(scale), v.seed)
	}
	limit := math.Sqrt(3 * scale)
	return draw(name, "uniform", shape, -limit, limit, v.seed)
}

// ClassName is "VarianceScaling" or the preset's name ("GlorotUniform").
func (v *VarianceScaling) ClassName() string {
	if v.className != "" {
		return v.className
	}
	return "VarianceScaling"
}

// GetConfig is Keras's: {"seed", "input_axes", "output_axes"} for the
// presets, plus "scale", "mode" and "distribution" for VarianceScaling.
func (v *VarianceScaling) GetConfig() map[string]any {
	cfg := map[string]any{
		"seed":        v.seedConfig(),
		"input_axes":  axesConfig(v.InputAxes),
		"output_axes": axesConfig(v.OutputAxes),
	}
	if v.className == "" {
		cfg["scale"] = v.Scale
		cfg["mode"] = v.Mode
		cfg["distribution"] = v.Distribution
	}
	return cfg
}

func varianceScalingFromConfig(cfg map[string]any) (Initializer, error) {
	if err := onlyKeys(cfg, "seed", "scale", "mode", "distribution", "input_axes", "output_axes"); err != nil {
		return nil, err
	}
	scale, err := num(cfg, "scale", 1)
	if err != nil {
		return nil, err
	}
	mode, err := str(cfg, "mode", "fan_in")
	if err != nil {
		return nil, err
	}
	dist, err := str(cfg, "distribution", "truncated_normal")
	if err != nil {
		return nil, err
	}
	seed, err := seedArg(cfg)
	if err != nil {
		return nil, err
	}
	v, err := NewVarianceScaling(scale, mode, dist, seed...)
	if err != nil {
		return nil, err
	}
	return v, setAxes(v, cfg)
}

func setAxes(v *VarianceScaling, cfg map[string]any) error {
	var err error
	if v.InputAxes, err = axes(cfg, "input_axes"); err != nil {
		return err
	}
	v.OutputAxes, err = axes(cfg, "output_axes")
	return err
}

var presets = map[string]func(seed ...int64) *VarianceScaling{
	"GlorotUniform": NewGlorotUniform,
	"GlorotNormal":  NewGlorotNormal,
	"HeUniform":     NewHeUniform,
	"HeNormal":      NewHeNormal,
	"LecunUniform":  NewLecunUniform,
	"LecunNormal":   NewLecunNormal,
}

func presetFromConfig(class string) factory {
	return func(cfg map[string]any) (Initializer, error) {
		if err := onlyKeys(cfg, "seed", "input_axes", "output_axes"); err != nil {
			return nil, err
		}
		seed, err := seedArg(cfg)
		if err != nil {
			return nil, err
		}
		v := presets[class](seed...)
		return v, setAxes(v, cfg)
	}
}
