package layers

import (
	"fmt"

	"github.com/gokeras/keras/random"
	"github.com/gokeras/keras/tensor"
)

// Dropout is keras.layers.Dropout: in training, each input is zeroed with
// probability rate and the others are scaled by 1/(1-rate); in inference it
// is the identity.
type Dropout struct {
	BaseLayer
	Rate       float64
	NoiseShape []int
	seed       int
	gen        *random.SeedGenerator
}

// NewDropout makes a Dropout layer. Options: With("noise_shape", []int{...}),
// With("seed", n), WithName.
func NewDropout(rate float64, opts ...Option) *Dropout {
	return dropoutFromConfig(Options(opts, map[string]any{"rate": rate}))
}

func dropoutFromConfig(cfg Config) *Dropout {
	l := &Dropout{}
	l.BaseLayer.Init(l, "Dropout", cfg)
	l.Rate = cfg.Float("rate", 0)
	if l.Rate < 0 || l.Rate > 1 {
		cfg.Fail(fmt.Errorf("invalid value received for argument `rate`. Expected a float value between 0 and 1. Received: rate=%v", l.Rate))
	}
	l.NoiseShape = cfg.Ints("noise_shape", nil)
	l.seed = cfg.Int("seed", -1)
	if l.seed >= 0 {
		l.gen = random.NewSeedGenerator(uint64(l.seed))
	} else {
		l.gen = random.NewSeedGenerator(random.NextSeed())
	}
	l.BaseLayer.Finish(cfg)
	return l
}

// Build does nothing: the layer has no weights.
func (l *Dropout) Build(shapes []tensor.Shape) error { return wantInputs(shapes, 1) }

// ComputeOutputShape returns the input shape.
func (l *Dropout) ComputeOutputShape(shapes []tensor.Shape) ([]tensor.Shape, error) {
	return sameShape(shapes)
}

// Call drops inputs in training mode.
func (l *Dropout) Call(ctx *Context, in []*tensor.Tensor) ([]*tensor.Tensor, error) {
	if ctx == nil || !ctx.Training || l.Rate == 0 {
		return in, nil
	}
	y, err := random.Dropout(in[0], float32(l.Rate), l.gen, l.NoiseShape)
	if err != nil {
		return nil, err
	}
	return []*tensor.Tensor{y}, nil
}

// GetConfig returns Keras's Dropout config.
func (l *Dropout) GetConfig() map[string]any {
	cfg := l.BaseConfig()
	cfg["rate"] = l.Rate
	cfg["seed"] = nil
	if l.seed >= 0 {
		cfg["seed"] = l.seed
	}
	var ns any
	if l.NoiseShape != nil {
		ns = shapeAny(l.NoiseShape)
	}
	cfg["noise_shape"] = ns
	return cfg
}

func shapeAny(s []int) []any {
	out := make([]any, len(s))
	for i, d := range s {
		if d < 0 {
			out[i] = nil
		} else {
			out[i] = d
		}
	}
	return out
}

// SeedGenerators returns the generator of the dropout masks, so that
// training can be checkpointed and resumed with the same masks.
func (l *Dropout) SeedGenerators() []*random.SeedGenerator {
	return []*random.SeedGenerator{l.gen}
}
