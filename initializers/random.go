package initializers

import (
	"github.com/gokeras/keras/tensor"
)

// RandomNormal is keras.initializers.RandomNormal: samples of
// N(Mean, Stddev²) (Keras's defaults 0 and 0.05).
type RandomNormal struct {
	Mean, Stddev float64
	seeded
}

// NewRandomNormal returns a RandomNormal; seed is optional (Keras's
// seed=None when omitted).
func NewRandomNormal(mean, stddev float64, seed ...int64) *RandomNormal {
	return &RandomNormal{Mean: mean, Stddev: stddev, seeded: newSeeded(seed)}
}

// Call draws a new tensor.
func (r *RandomNormal) Call(shape tensor.Shape) (*tensor.Tensor, error) {
	if err := checkShape("RandomNormal", shape); err != nil {
		return nil, err
	}
	return draw("RandomNormal", "normal", shape, r.Mean, r.Stddev, r.seed)
}

// ClassName is "RandomNormal".
func (*RandomNormal) ClassName() string { return "RandomNormal" }

// GetConfig is {"seed", "mean", "stddev"}.
func (r *RandomNormal) GetConfig() map[string]any {
	return map[string]any{"seed": r.seedConfig(), "mean": r.Mean, "stddev": r.Stddev}
}

func randomNormalFromConfig(cfg map[string]any) (Initializer, error) {
	if err := onlyKeys(cfg, "seed", "mean", "stddev"); err != nil {
		return nil, err
	}
	m, s, seed, err := meanStdSeed(cfg)
	if err != nil {
		return nil, err
	}
	return NewRandomNormal(m, s, seed...), nil
}

func meanStdSeed(cfg map[string]any) (mean, std float64, seed []int64, err error) {
	if mean, err = num(cfg, "mean", 0); err != nil {
		return
	}
	if std, err = num(cfg, "stddev", 0.05); err != nil {
		return
	}
	seed, err = seedArg(cfg)
	return
}

// TruncatedNormal is keras.initializers.TruncatedNormal: normal samples
// (Keras's defaults mean 0, stddev 0.05) redrawn when more than two standard
// deviations from the mean.
type TruncatedNormal struct {
	Mean, Stddev float64
	seeded
}

// NewTruncatedNormal returns a TruncatedNormal; seed is optional.
func NewTruncatedNormal(mean, stddev float64, seed ...int64) *TruncatedNormal {
	return &TruncatedNormal{Mean: mean, Stddev: stddev, seeded: newSeeded(seed)}
}

// Call draws a new tensor.
func (r *TruncatedNormal) Call(shape tensor.Shape) (*tensor.Tensor, error) {
	if err := checkShape("TruncatedNormal", shape); err != nil {
		return nil, err
	}
	return draw("TruncatedNormal", "truncated_normal", shape, r.Mean, r.Stddev, r.seed)
}

// ClassName is "TruncatedNormal".
func (*TruncatedNormal) ClassName() string { return "TruncatedNormal" }

// GetConfig is {"seed", "mean", "stddev"}.
func (r *TruncatedNormal) GetConfig() map[string]any {
	return map[string]any{"seed": r.seedConfig(), "mean": r.Mean, "stddev": r.Stddev}
}

func truncatedNormalFromConfig(cfg map[string]any) (Initializer, error) {
	if err := onlyKeys(cfg, "seed", "mean", "stddev"); err != nil {
		return nil, err
	}
	m, s, seed, err := meanStdSeed(cfg)
	if err != nil {
		return nil, err
	}
	return NewTruncatedNormal(m, s, seed...), nil
}

// RandomUniform is keras.initializers.RandomUniform: samples uniform in
// [Minval, Maxval) (Keras's defaults -0.05 and 0.05).
type RandomUniform struct {
	Minval, Maxval float64
	seeded
}

// NewRandomUniform returns a RandomUniform; seed is optional.
func NewRandomUniform(minval, maxval float64, seed ...int64) *RandomUniform {
	return &RandomUniform{Minval: minval, Maxval: maxval, seeded: newSeeded(seed)}
}

// Call draws a new tensor.
func (r *RandomUniform) Call(shape tensor.Shape) (*tensor.Tensor, error) {
	if err := checkShape("RandomUniform", shape); err != nil {
		return nil, err
	}
	return draw("RandomUniform", "uniform", shape, r.Minval, r.Maxval, r.seed)
}

// ClassName is "RandomUniform".
func (*RandomUniform) ClassName() string { return "RandomUniform" }

// GetConfig is {"seed", "minval", "maxval"}.
func (r *RandomUniform) GetConfig() map[string]any {
	return map[string]any{"seed": r.seedConfig(), "minval": r.Minval, "maxval": r.Maxval}
}

func randomUniformFromConfig(cfg map[string]any) (Initializer, error) {
	if err := onlyKeys(cfg, "seed", "minval", "maxval"); err != nil {
		return nil, err
	}
	lo, err := num(cfg, "minval", -0.05)
	if err != nil {
		return nil, err
	}
	hi, err := num(cfg, "maxval", 0.05)
	if err != nil {
		return nil, err
	}
	seed, err := seedArg(cfg)
	if err != nil {
		return nil, err
	}
	return NewRandomUniform(lo, hi, seed...), nil
}
