package layers

import (
	"fmt"

	"github.com/gokeras/keras/ops"
	"github.com/gokeras/keras/tensor"
)

// ReLU is keras.layers.ReLU: max(x, 0) with optional max_value,
// negative_slope and threshold (f(x) = max_value for x >= max_value,
// x for threshold <= x < max_value, negative_slope*(x-threshold) otherwise).
type ReLU struct {
	BaseLayer
	MaxValue      float64 // < 0: none
	NegativeSlope float64
	Threshold     float64
}

// NewReLU makes a ReLU layer. Options: With("max_value", v),
// With("negative_slope", a), With("threshold", t).
func NewReLU(opts ...Option) *ReLU { return reluFromConfig(Options(opts, nil)) }

func reluFromConfig(cfg Config) *ReLU {
	l := &ReLU{}
	l.BaseLayer.Init(l, "ReLU", cfg)
	l.MaxValue = -1
	if v := cfg.Any("max_value"); v != nil {
		l.MaxValue = cfg.Float("max_value", -1)
		if l.MaxValue < 0 {
			cfg.Fail(fmt.Errorf("max_value of a ReLU layer cannot be a negative value. Received: %v", l.MaxValue))
		}
	}
	l.NegativeSlope = cfg.Float("negative_slope", 0)
	if l.NegativeSlope < 0 {
		cfg.Fail(fmt.Errorf("negative_slope of a ReLU layer cannot be a negative value. Received: %v", l.NegativeSlope))
	}
	l.Threshold = cfg.Float("threshold", 0)
	l.BaseLayer.Finish(cfg)
	return l
}

// Build does nothing.
func (l *ReLU) Build(shapes []tensor.Shape) error { return wantInputs(shapes, 1) }

// ComputeOutputShape returns the input shape.
func (l *ReLU) ComputeOutputShape(shapes []tensor.Shape) ([]tensor.Shape, error) {
	return sameShape(shapes)
}

// Call applies the function.
func (l *ReLU) Call(_ *Context, in []*tensor.Tensor) ([]*tensor.Tensor, error) {
	maxV, slope, th := float32(l.MaxValue), float32(l.NegativeSlope), float32(l.Threshold)
	u := ops.Map("relu", func(x float32) float32 {
		switch {
		case l.MaxValue >= 0 && x >= maxV:
			return maxV
		case x >= th:
			return x
		}
		return slope * (x - th)
	}, func(x, _ float32) float32 {
		switch {
		case l.MaxValue >= 0 && x >= maxV:
			return 0
		case x >= th:
			return 1
		}
		return slope
	})
	y, err := ops.ApplyUnary(u, in[0])
	if err != nil {
		return nil, err
	}
	return []*tensor.Tensor{y}, nil
}

// GetConfig returns Keras's ReLU config.
func (l *ReLU) GetConfig() map[string]any {
	cfg := l.BaseConfig()
	var mv any
	if l.MaxValue >= 0 {
		mv = l.MaxValue
	}
	cfg["max_value"] = mv
	cfg["negative_slope"] = l.NegativeSlope
	cfg["threshold"] = l.Threshold
	return cfg
}

// LeakyReLU is keras.layers.LeakyReLU: x for x >= 0, negative_slope*x
// otherwise (default slope 0.3).
type LeakyReLU struct {
	BaseLayer
	NegativeSlope float64
}

// NewLeakyReLU makes a LeakyReLU layer. Options: With("negative_slope", a).
func NewLeakyReLU(opts ...Option) *LeakyReLU { return leakyReLUFromConfig(Options(opts, nil)) }

func leakyReLUFromConfig(cfg Config) *LeakyReLU {
	l := &LeakyReLU{}
	l.BaseLayer.Init(l, "LeakyReLU", cfg)
	if cfg.Has("alpha") { // Keras 2's name for the slope
		l.NegativeSlope = cfg.Float("alpha", 0.3)
	} else {
		l.NegativeSlope = cfg.Float("negative_slope", 0.3)
	}
	if l.NegativeSlope < 0 {
		cfg.Fail(fmt.Errorf("the negative_slope value of a Leaky ReLU layer cannot be None or negative, received: %v", l.NegativeSlope))
	}
	l.BaseLayer.Finish(cfg)
	return l
}

// Build does nothing.
func (l *LeakyReLU) Build(shapes []tensor.Shape) error { return wantInputs(shapes, 1) }

// ComputeOutputShape returns the input shape.
func (l *LeakyReLU) ComputeOutputShape(shapes []tensor.Shape) ([]tensor.Shape, error) {
	return sameShape(shapes)
}

// Call applies the function.
func (l *LeakyReLU) Call(_ *Context, in []*tensor.Tensor) ([]*tensor.Tensor, error) {
	y, err := ops.LeakyRelu(in[0], l.NegativeSlope)
	if err != nil {
		return nil, err
	}
	return []*tensor.Tensor{y}, nil
}

// GetConfig returns Keras's LeakyReLU config.
func (l *LeakyReLU) GetConfig() map[string]any {
	cfg := l.BaseConfig()
	cfg["negative_slope"] = l.NegativeSlope
	return cfg
}

// ELU is keras.layers.ELU: x for x > 0, alpha*(exp(x)-1) otherwise.
type ELU struct {
	BaseLayer
	Alpha float64
}

// NewELU makes an ELU layer. Options: With("alpha", a) (default 1).
func NewELU(opts ...Option) *ELU { return eluFromConfig(Options(opts, nil)) }

func eluFromConfig(cfg Config) *ELU {
	l := &ELU{}
	l.BaseLayer.Init(l, "ELU", cfg)
	l.Alpha = cfg.Float("alpha", 1)
	l.BaseLayer.Finish(cfg)
	return l
}

// Build does nothing.
func (l *ELU) Build(shapes []tensor.Shape) error { return wantInputs(shapes, 1) }

// ComputeOutputShape returns the input shape.
func (l *ELU) ComputeOutputShape(shapes []tensor.Shape) ([]tensor.Shape, error) {
	return sameShape(shapes)
}

// Call applies the function.
func (l *ELU) Call(_ *Context, in []*tensor.Tensor) ([]*tensor.Tensor, error) {
	y, err := ops.Elu(in[0], l.Alpha)
	if err != nil {
		return nil, err
	}
	return []*tensor.Tensor{y}, nil
}

// GetConfig returns Keras's ELU config.
func (l *ELU) GetConfig() map[string]any {
	cfg := l.BaseConfig()
	cfg["alpha"] = l.Alpha
	return cfg
}

// Softmax is keras.layers.Softmax: softmax over an axis (default -1).
type Softmax struct {
	BaseLayer
	Axis int
}

// NewSoftmax makes a Softmax layer. Options: With("axis", a).
func NewSoftmax(opts ...Option) *Softmax { return softmaxFromConfig(Options(opts, nil)) }

func softmaxFromConfig(cfg Config) *Softmax {
	l := &Softmax{}
	l.BaseLayer.Init(l, "Softmax", cfg)
	l.Axis = cfg.Int("axis", -1)
	l.BaseLayer.Finish(cfg)
	return l
}

// Build checks the axis.
func (l *Softmax) Build(shapes []tensor.Shape) error {
	if err := wantInputs(shapes, 1); err != nil {
		return err
	}
	_, err := tensor.NormAxis(l.Axis, len(shapes[0]))
	return err
}

// ComputeOutputShape returns the input shape.
func (l *Softmax) ComputeOutputShape(shapes []tensor.Shape) ([]tensor.Shape, error) {
	return sameShape(shapes)
}

// Call applies softmax.
func (l *Softmax) Call(_ *Context, in []*tensor.Tensor) ([]*tensor.Tensor, error) {
	y, err := ops.Softmax(in[0], l.Axis)
	if err != nil {
		return nil, err
	}
	return []*tensor.Tensor{y}, nil
}

// GetConfig returns Keras's Softmax config.
func (l *Softmax) GetConfig() map[string]any {
	cfg := l.BaseConfig()
	cfg["axis"] = l.Axis
	return cfg
}
