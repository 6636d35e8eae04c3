package layers

import (
	"fmt"
	"math"

	"github.com/gokeras/keras/random"
	"github.com/gokeras/keras/tensor"
)

// seedGen returns the layer's seed generator: from the seed argument when
// given (>= 0), otherwise from the global generator.
func seedGen(seed int) *random.SeedGenerator {
	if seed >= 0 {
		return random.NewSeedGenerator(uint64(seed))
	}
	return random.NewSeedGenerator(random.NextSeed())
}

func seedAny(seed int) any {
	if seed >= 0 {
		return seed
	}
	return nil
}

// checkRate01 validates a rate or stddev in [0, 1] like Keras.
func checkRate01(cfg *Config, key string, v float64) {
	if !(v >= 0 && v <= 1) {
		cfg.Fail(fmt.Errorf("invalid value received for argument `%s`. Expected a float value between 0 and 1. Received: %s=%v", key, key, v))
	}
}

// GaussianNoise is keras.layers.GaussianNoise: in training it adds
// zero-centered Gaussian noise of standard deviation Stddev; in inference
// it is the identity.
type GaussianNoise struct {
	BaseLayer
	Stddev float64
	seed   int
	gen    *random.SeedGenerator
}

// NewGaussianNoise makes a GaussianNoise layer. Options: With("seed", n),
// WithName.
func NewGaussianNoise(stddev float64, opts ...Option) *GaussianNoise {
	return gaussianNoiseFromConfig(Options(opts, map[string]any{"stddev": stddev}))
}

func gaussianNoiseFromConfig(cfg Config) *GaussianNoise {
	l := &GaussianNoise{}
	l.BaseLayer.Init(l, "GaussianNoise", cfg)
	l.Stddev = cfg.Float("stddev", 0)
	checkRate01(&cfg, "stddev", l.Stddev)
	l.seed = cfg.Int("seed", -1)
	l.gen = seedGen(l.seed)
	l.BaseLayer.Finish(cfg)
	return l
}

// Build does nothing: the layer has no weights.
func (l *GaussianNoise) Build(shapes []tensor.Shape) error { return wantInputs(shapes, 1) }

// ComputeOutputShape returns the input shape.
func (l *GaussianNoise) ComputeOutputShape(shapes []tensor.Shape) ([]tensor.Shape, error) {
	return sameShape(shapes)
}

// Call adds noise in training mode.
func (l *GaussianNoise) Call(ctx *Context, in []*tensor.Tensor) ([]*tensor.Tensor, error) {
	if ctx == nil || !ctx.Training || l.Stddev == 0 {
		return in, nil
	}
	return applyNoise(in[0], func(s tensor.Shape) *noiseOp {
		op := newNoiseOp(noiseAdd, l.gen, s, s)
		op.stddev = float32(l.Stddev)
		return op
	})
}

func applyNoise(x *tensor.Tensor, mk func(s tensor.Shape) *noiseOp) ([]*tensor.Tensor, error) {
	if x.DType() != tensor.Float32 {
		return nil, fmt.Errorf("expected float32 input, got %v", x.DType())
	}
	y, err := tensor.Apply(mk(x.Shape()), tensor.Float32, x.Shape().Clone(), x)
	if err != nil {
		return nil, err
	}
	return []*tensor.Tensor{y}, nil
}

// GetConfig returns Keras's GaussianNoise config.
func (l *GaussianNoise) GetConfig() map[string]any {
	cfg := l.BaseConfig()
	cfg["stddev"] = l.Stddev
	cfg["seed"] = seedAny(l.seed)
	return cfg
}

// GaussianDropout is keras.layers.GaussianDropout: in training it
// multiplies the input by Gaussian noise of mean 1 and standard deviation
// sqrt(rate/(1-rate)); in inference it is the identity.
type GaussianDropout struct {
	BaseLayer
	Rate float64
	seed int
	gen  *random.SeedGenerator
}

// NewGaussianDropout makes a GaussianDropout layer. Options: With("seed",
// n), WithName.
func NewGaussianDropout(rate float64, opts ...Option) *GaussianDropout {
	return gaussianDropoutFromConfig(Options(opts, map[string]any{"rate": rate}))
}

func gaussianDropoutFromConfig(cfg Config) *GaussianDropout {
	l := &GaussianDropout{}
	l.BaseLayer.Init(l, "GaussianDropout", cfg)
	l.Rate = cfg.Float("rate", 0)
	checkRate01(&cfg, "rate", l.Rate)
	l.seed = cfg.Int("seed", -1)
	l.gen = seedGen(l.seed)
	l.BaseLayer.Finish(cfg)
	return l
}

// Build does nothing: the layer has no weights.
func (l *GaussianDropout) Build(shapes []tensor.Shape) error { return wantInputs(shapes, 1) }

// ComputeOutputShape returns the input shape.
func (l *GaussianDropout) ComputeOutputShape(shapes []tensor.Shape) ([]tensor.Shape, error) {
	return sameShape(shapes)
}

// Call applies multiplicative noise in training mode.
func (l *GaussianDropout) Call(ctx *Context, in []*tensor.Tensor) ([]*tensor.Tensor, error) {
	if ctx == nil || !ctx.Training || l.Rate == 0 {
		return in, nil
	}
	return applyNoise(in[0], func(s tensor.Shape) *noiseOp {
		op := newNoiseOp(noiseMul, l.gen, s, s)
		op.stddev = float32(math.Sqrt(l.Rate / (1 - l.Rate)))
		return op
	})
}

// GetConfig returns Keras's GaussianDropout config.
func (l *GaussianDropout) GetConfig() map[string]any {
	cfg := l.BaseConfig()
	cfg["rate"] = l.Rate
	cfg["seed"] = seedAny(l.seed)
	return cfg
}

// AlphaDropout is keras.layers.AlphaDropout: in training, dropped inputs
// are set to SELU's negative saturation value and the result is rescaled
// with Keras's a and b so that mean and variance are kept
// (a = ((1-rate)(1+rate*alpha_p^2))^-1/2, b = -a*alpha_p*rate); in
// inference it is the identity.
type AlphaDropout struct {
	BaseLayer
	Rate       float64
	NoiseShape []int
	seed       int
	gen        *random.SeedGenerator
}

// NewAlphaDropout makes an AlphaDropout layer. Options:
// With("noise_shape", []int{...}) (-1 for the input's dimension),
// With("seed", n), WithName.
func NewAlphaDropout(rate float64, opts ...Option) *AlphaDropout {
	return alphaDropoutFromConfig(Options(opts, map[string]any{"rate": rate}))
}

func alphaDropoutFromConfig(cfg Config) *AlphaDropout {
	l := &AlphaDropout{}
	l.BaseLayer.Init(l, "AlphaDropout", cfg)
	l.Rate = cfg.Float("rate", 0)
	checkRate01(&cfg, "rate", l.Rate)
	l.NoiseShape = cfg.Ints("noise_shape", nil)
	l.seed = cfg.Int("seed", -1)
	l.gen = seedGen(l.seed)
	l.BaseLayer.Finish(cfg)
	return l
}

// Build does nothing: the layer has no weights.
func (l *AlphaDropout) Build(shapes []tensor.Shape) error { return wantInputs(shapes, 1) }

// ComputeOutputShape returns the input shape.
func (l *AlphaDropout) ComputeOutputShape(shapes []tensor.Shape) ([]tensor.Shape, error) {
	return sameShape(shapes)
}

// SELU's constants, as in Keras's AlphaDropout.
const (
	seluAlpha = 1.6732632423543772848170429916717
	seluScale = 1.0507009873554804934193349852946
)

// Call applies alpha dropout in training mode.
func (l *AlphaDropout) Call(ctx *Context, in []*tensor.Tensor) ([]*tensor.Tensor, error) {
	if ctx == nil || !ctx.Training || l.Rate == 0 {
		return in, nil
	}
	s := in[0].Shape()
	ns := s.Clone()
	if l.NoiseShape != nil {
		if len(l.NoiseShape) != len(s) {
			return nil, fmt.Errorf("noise_shape %v must have the rank of the input shape %v", tensor.Shape(l.NoiseShape), s)
		}
		for i, d := range l.NoiseShape {
			switch {
			case d < 0:
			case d == 1 || d == s[i]:
				ns[i] = d
			default:
				return nil, fmt.Errorf("noise_shape %v does not broadcast to the input shape %v (axis %d)", tensor.Shape(l.NoiseShape), s, i)
			}
		}
	}
	rate := l.Rate
	alphaP := -seluAlpha * seluScale
	a := math.Pow((1-rate)*(1+rate*alphaP*alphaP), -0.5)
	b := -a * alphaP * rate
	return applyNoise(in[0], func(s tensor.Shape) *noiseOp {
		op := newNoiseOp(noiseAlpha, l.gen, s, ns)
		op.rate, op.a, op.b, op.alphaP = float32(rate), float32(a), float32(b), float32(alphaP)
		return op
	})
}

// GetConfig returns Keras's AlphaDropout config.
func (l *AlphaDropout) GetConfig() map[string]any {
	cfg := l.BaseConfig()
	cfg["rate"] = l.Rate
	cfg["seed"] = seedAny(l.seed)
	var ns any
	if l.NoiseShape != nil {
		ns = shapeAny(l.NoiseShape)
	}
	cfg["noise_shape"] = ns
	return cfg
}

func init() {
	Register("GaussianNoise", func(c Config) (Layer, error) { l := gaussianNoiseFromConfig(c); return l, l.Base().Err() })
	Register("GaussianDropout", func(c Config) (Layer, error) { l := gaussianDropoutFromConfig(c); return l, l.Base().Err() })
	Register("AlphaDropout", func(c Config) (Layer, error) { l := alphaDropoutFromConfig(c); return l, l.Base().Err() })
}
