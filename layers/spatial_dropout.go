package layers

import (
	"fmt"

	"github.com/gokeras/keras/random"
	"github.com/gokeras/keras/regularizers"
	"github.com/gokeras/keras/tensor"
)

// baseSpatialDropout is Keras's BaseSpatialDropout: dropout whose mask is
// shared along the spatial axes, so whole feature maps are dropped.
type baseSpatialDropout struct {
	BaseLayer
	Rate       float64
	DataFormat string
	dims       int
	seed       int
	gen        *random.SeedGenerator
}

func (l *baseSpatialDropout) init(self Layer, class string, dims int, cfg Config) {
	l.BaseLayer.Init(self, class, cfg)
	l.dims = dims
	l.Rate = cfg.Float("rate", 0)
	if !(l.Rate >= 0 && l.Rate <= 1) {
		cfg.Fail(fmt.Errorf("invalid value received for argument `rate`. Expected a float value between 0 and 1. Received: rate=%v", l.Rate))
	}
	l.DataFormat = "channels_last"
	if dims > 1 {
		l.DataFormat = spDataFormat(&cfg)
	}
	l.seed = cfg.Int("seed", -1)
	l.gen = seedGen(l.seed)
	cfg.Any("noise_shape") // Dropout's config key, ignored as in Keras
	l.BaseLayer.Finish(cfg)
}

// Build checks the input rank.
func (l *baseSpatialDropout) Build(shapes []tensor.Shape) error { return wantNDim(shapes, l.dims+2) }

// ComputeOutputShape returns the input shape.
func (l *baseSpatialDropout) ComputeOutputShape(shapes []tensor.Shape) ([]tensor.Shape, error) {
	if err := wantNDim(shapes, l.dims+2); err != nil {
		return nil, err
	}
	return sameShape(shapes)
}

// Call drops whole channels in training mode.
func (l *baseSpatialDropout) Call(ctx *Context, in []*tensor.Tensor) ([]*tensor.Tensor, error) {
	if ctx == nil || !ctx.Training || l.Rate == 0 {
		return in, nil
	}
	x := in[0]
	if err := wantNDim([]tensor.Shape{x.Shape()}, l.dims+2); err != nil {
		return nil, err
	}
	ns := x.Shape().Clone()
	for _, ax := range spatialAxes(len(ns), l.DataFormat) {
		ns[ax] = 1
	}
	y, err := random.Dropout(x, float32(l.Rate), l.gen, ns)
	if err != nil {
		return nil, err
	}
	return []*tensor.Tensor{y}, nil
}

// GetConfig returns Keras's spatial dropout config (Keras writes only
// rate, seed, name, dtype and, for 2D and 3D, data_format).
func (l *baseSpatialDropout) GetConfig() map[string]any {
	base := l.BaseConfig()
	cfg := map[string]any{"name": base["name"], "dtype": base["dtype"], "rate": l.Rate, "seed": seedAny(l.seed)}
	if l.dims > 1 {
		cfg["data_format"] = l.DataFormat
	}
	return cfg
}

// SpatialDropout1D is keras.layers.SpatialDropout1D: dropout of whole
// channels of a (batch, steps, channels) input.
type SpatialDropout1D struct{ baseSpatialDropout }

// SpatialDropout2D is keras.layers.SpatialDropout2D: dropout of whole
// feature maps of a 4-d input.
type SpatialDropout2D struct{ baseSpatialDropout }

// SpatialDropout3D is keras.layers.SpatialDropout3D: dropout of whole
// feature maps of a 5-d input.
type SpatialDropout3D struct{ baseSpatialDropout }

// NewSpatialDropout1D makes a SpatialDropout1D layer. Options:
// With("seed", n), WithName.
func NewSpatialDropout1D(rate float64, opts ...Option) *SpatialDropout1D {
	return spatialDropout1DFromConfig(Options(opts, map[string]any{"rate": rate}))
}

// NewSpatialDropout2D makes a SpatialDropout2D layer. Options:
// With("data_format", ...), With("seed", n), WithName.
func NewSpatialDropout2D(rate float64, opts ...Option) *SpatialDropout2D {
	return spatialDropout2DFromConfig(Options(opts, map[string]any{"rate": rate}))
}

// NewSpatialDropout3D makes a SpatialDropout3D layer (options as
// NewSpatialDropout2D).
func NewSpatialDropout3D(rate float64, opts ...Option) *SpatialDropout3D {
	return spatialDropout3DFromConfig(Options(opts, map[string]any{"rate": rate}))
}

func spatialDropout1DFromConfig(c Config) *SpatialDropout1D {
	l := &SpatialDropout1D{}
	l.init(l, "SpatialDropout1D", 1, c)
	return l
}

func spatialDropout2DFromConfig(c Config) *SpatialDropout2D {
	l := &SpatialDropout2D{}
	l.init(l, "SpatialDropout2D", 2, c)
	return l
}

func spatialDropout3DFromConfig(c Config) *SpatialDropout3D {
	l := &SpatialDropout3D{}
	l.init(l, "SpatialDropout3D", 3, c)
	return l
}

// ActivityRegularization is keras.layers.ActivityRegularization: the
// identity, adding l1*sum(|x|) + l2*sum(x^2), divided by the batch size as
// Keras does, to the losses (ctx.Losses).
type ActivityRegularization struct {
	BaseLayer
	L1, L2 float64
	reg    regularizers.Regularizer
}

// NewActivityRegularization makes an ActivityRegularization layer. Options:
// With("l1", v), With("l2", v), WithName.
func NewActivityRegularization(opts ...Option) *ActivityRegularization {
	return activityRegFromConfig(Options(opts, nil))
}

func activityRegFromConfig(cfg Config) *ActivityRegularization {
	l := &ActivityRegularization{}
	l.BaseLayer.Init(l, "ActivityRegularization", cfg)
	l.L1 = cfg.Float("l1", 0)
	l.L2 = cfg.Float("l2", 0)
	cfg.Any("activity_regularizer")
	if r, err := regularizers.NewL1L2(l.L1, l.L2); err != nil {
		cfg.Fail(fmt.Errorf("arguments l1=%v, l2=%v: %w", l.L1, l.L2, err))
	} else {
		l.reg = r
	}
	l.BaseLayer.Finish(cfg)
	return l
}

// Build does nothing: the layer has no weights.
func (l *ActivityRegularization) Build(shapes []tensor.Shape) error { return wantInputs(shapes, 1) }

// ComputeOutputShape returns the input shape.
func (l *ActivityRegularization) ComputeOutputShape(shapes []tensor.Shape) ([]tensor.Shape, error) {
	return sameShape(shapes)
}

// Call returns the input and records the penalty.
func (l *ActivityRegularization) Call(ctx *Context, in []*tensor.Tensor) ([]*tensor.Tensor, error) {
	if err := addActivityLoss(ctx, l.reg, in[0]); err != nil {
		return nil, err
	}
	return in, nil
}

// GetConfig returns Keras's ActivityRegularization config.
func (l *ActivityRegularization) GetConfig() map[string]any {
	cfg := l.BaseConfig()
	cfg["l1"] = l.L1
	cfg["l2"] = l.L2
	return cfg
}

func init() {
	Register("SpatialDropout1D", func(c Config) (Layer, error) { l := spatialDropout1DFromConfig(c); return l, l.Base().Err() })
	Register("SpatialDropout2D", func(c Config) (Layer, error) { l := spatialDropout2DFromConfig(c); return l, l.Base().Err() })
	Register("SpatialDropout3D", func(c Config) (Layer, error) { l := spatialDropout3DFromConfig(c); return l, l.Base().Err() })
	Register("ActivityRegularization", func(c Config) (Layer, error) { l := activityRegFromConfig(c); return l, l.Base().Err() })
}
