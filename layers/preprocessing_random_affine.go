package layers

import (
	"github.com/gokeras/keras/tensor"
)

// affineBase holds the arguments RandomRotation, RandomTranslation and
// RandomZoom share.
type affineBase struct {
	imgBase
	FillMode      string
	Interpolation string
	FillValue     float64
}

func (a *affineBase) initAffine(cfg *Config) {
	a.initImg(cfg)
	a.FillMode = cfg.String("fill_mode", "reflect")
	checkChoice(cfg, "fill_mode", a.FillMode, affineFillModes...)
	a.Interpolation = cfg.String("interpolation", "bilinear")
	checkChoice(cfg, "interpolation", a.Interpolation, "nearest", "bilinear")
	a.FillValue = cfg.Float("fill_value", 0)
	a.initSeed(cfg)
}

func (a *affineBase) affineConfig(cfg map[string]any) {
	cfg["fill_mode"] = a.FillMode
	cfg["interpolation"] = a.Interpolation
	cfg["fill_value"] = a.FillValue
	cfg["seed"] = a.seedConfig()
	cfg["data_format"] = a.dataFormat
}

// call applies the transforms from draw in training mode.
func (a *affineBase) call(ctx *Context, name string, in []*tensor.Tensor, draw affineDraw) ([]*tensor.Tensor, error) {
	if ctx == nil || !ctx.Training {
		return in, nil
	}
	x, err := imageInput(in[0])
	if err != nil {
		return nil, err
	}
	y, err := applyAffine(name, x, a.dataFormat, newRNG(a.gen), draw, a.FillMode, a.Interpolation, a.FillValue)
	if err != nil {
		return nil, err
	}
	return []*tensor.Tensor{y}, nil
}

func pairAny(lo, hi float64) []any { return []any{lo, hi} }

// RandomRotation is keras.layers.RandomRotation: in training each image is
// rotated about its centre by an angle drawn uniformly from
// [Lower*360, Upper*360] degrees (factor f means [-f, f] of a full turn;
// positive is counter-clockwise). Fill modes "reflect" (default), "wrap",
// "constant" (fill_value) and "nearest"; interpolation "bilinear" (default)
// or "nearest". Identity in inference.
type RandomRotation struct {
	BaseLayer
	affineBase
	Lower, Upper float64
}

// NewRandomRotation makes a RandomRotation layer; factor is a number or a
// pair []float64{lower, upper}. Options: With("fill_mode", m),
// With("interpolation", m), With("fill_value", v), With("seed", n),
// With("data_format", f), WithName.
func NewRandomRotation(factor any, opts ...Option) *RandomRotation {
	return randomRotationFromConfig(Options(opts, map[string]any{"factor": factor}))
}

func randomRotationFromConfig(cfg Config) *RandomRotation {
	l := &RandomRotation{}
	l.BaseLayer.Init(l, "RandomRotation", cfg)
	l.Lower, l.Upper = parseFactor(&cfg, "factor", 0.0, -1, 1, false, false,
		"The `factor` argument should be a number (or a list of two numbers) in the range [-1, 1]. ")
	l.initAffine(&cfg)
	l.BaseLayer.Finish(cfg)
	return l
}

// Build checks the input rank.
func (l *RandomRotation) Build(shapes []tensor.Shape) error { return buildImage(shapes) }

// ComputeOutputShape returns the input shape.
func (l *RandomRotation) ComputeOutputShape(shapes []tensor.Shape) ([]tensor.Shape, error) {
	return sameImageShape(shapes)
}

// Call rotates in training mode.
func (l *RandomRotation) Call(ctx *Context, in []*tensor.Tensor) ([]*tensor.Tensor, error) {
	lo, hi := l.Lower*360, l.Upper*360
	return l.call(ctx, "random_rotation", in, func(r *rngOp, h, w int, t [][6]float32) {
		for b := range t {
			t[b] = rotationMatrix(r.uniform(lo, hi), h, w)
		}
	})
}

// GetConfig returns Keras's RandomRotation config.
func (l *RandomRotation) GetConfig() map[string]any {
	cfg := l.BaseConfig()
	cfg["factor"] = pairAny(l.Lower, l.Upper)
	l.affineConfig(cfg)
	return cfg
}

const translationFactorMsg = "The `factor` argument should be a number (or a list of two numbers) in the range [-1.0, 1.0]. "

// RandomTranslation is keras.layers.RandomTranslation: in training each
// image is shifted by a fraction of its height drawn from height_factor's
// range and a fraction of its width drawn from width_factor's (a number f
// means [-f, f]; positive moves the content down / right). Fill modes and
// interpolation as RandomRotation. Identity in inference.
type RandomTranslation struct {
	BaseLayer
	affineBase
	heightRaw, widthRaw      any
	HeightLower, HeightUpper float64
	WidthLower, WidthUpper   float64
}

// NewRandomTranslation makes a RandomTranslation layer; the factors are
// numbers or pairs. Options as NewRandomRotation.
func NewRandomTranslation(heightFactor, widthFactor any, opts ...Option) *RandomTranslation {
	return randomTranslationFromConfig(Options(opts, map[string]any{"height_factor": heightFactor, "width_factor": widthFactor}))
}

func randomTranslationFromConfig(cfg Config) *RandomTranslation {
	l := &RandomTranslation{}
	l.BaseLayer.Init(l, "RandomTranslation", cfg)
	l.heightRaw, l.widthRaw = cfg.Any("height_factor"), cfg.Any("width_factor")
	l.HeightLower, l.HeightUpper = parseFactor(&cfg, "height_factor", nil, -1, 1, false, true, translationFactorMsg)
	l.WidthLower, l.WidthUpper = parseFactor(&cfg, "width_factor", nil, -1, 1, false, true, translationFactorMsg)
	l.initAffine(&cfg)
	l.BaseLayer.Finish(cfg)
	return l
}

// Build checks the input rank.
func (l *RandomTranslation) Build(shapes []tensor.Shape) error { return buildImage(shapes) }

// ComputeOutputShape returns the input shape.
func (l *RandomTranslation) ComputeOutputShape(shapes []tensor.Shape) ([]tensor.Shape, error) {
	return sameImageShape(shapes)
}

// Call translates in training mode.
func (l *RandomTranslation) Call(ctx *Context, in []*tensor.Tensor) ([]*tensor.Tensor, error) {
	return l.call(ctx, "random_translation", in, func(r *rngOp, h, w int, t [][6]float32) {
		for b := range t { // Keras draws every height shift, then every width shift
			t[b][4] = r.uniform(l.HeightLower, l.HeightUpper) * float32(h)
		}
		for b := range t {
			dy := t[b][4]
			dx := r.uniform(l.WidthLower, l.WidthUpper) * float32(w)
			t[b] = [6]float32{1, 0, -dx, 0, 1, -dy}
		}
	})
}

// GetConfig returns Keras's RandomTranslation config.
func (l *RandomTranslation) GetConfig() map[string]any {
	cfg := l.BaseConfig()
	cfg["height_factor"] = l.heightRaw
	cfg["width_factor"] = l.widthRaw
	l.affineConfig(cfg)
	return cfg
}

const zoomFactorMsg = "The `height_factor` and `width_factor` arguments should be a number (or a list of two numbers) in the range (-1.0, 1.0]. "

// RandomZoom is keras.layers.RandomZoom: in training each image is scaled
// about its centre. The vertical factor is drawn from
// [1+HeightLower, 1+HeightUpper] and is the fraction of the image shown
// (negative factors zoom in, positive ones zoom out); without
// width_factor the same factor is used horizontally (aspect ratio kept).
// Fill modes and interpolation as RandomRotation. Identity in inference.
type RandomZoom struct {
	BaseLayer
	affineBase
	heightRaw, widthRaw      any
	HeightLower, HeightUpper float64
	WidthLower, WidthUpper   float64
	HasWidth                 bool
}

// NewRandomZoom makes a RandomZoom layer; heightFactor is a number or a
// pair. Options: With("width_factor", f) and those of NewRandomRotation.
func NewRandomZoom(heightFactor any, opts ...Option) *RandomZoom {
	return randomZoomFromConfig(Options(opts, map[string]any{"height_factor": heightFactor}))
}

func randomZoomFromConfig(cfg Config) *RandomZoom {
	l := &RandomZoom{}
	l.BaseLayer.Init(l, "RandomZoom", cfg)
	l.heightRaw, l.widthRaw = cfg.Any("height_factor"), cfg.Any("width_factor")
	l.HeightLower, l.HeightUpper = parseFactor(&cfg, "height_factor", nil, -1, 1, true, true, zoomFactorMsg)
	if l.widthRaw != nil {
		l.HasWidth = true
		l.WidthLower, l.WidthUpper = parseFactor(&cfg, "width_factor", nil, -1, 1, true, true, zoomFactorMsg)
	}
	l.initAffine(&cfg)
	l.BaseLayer.Finish(cfg)
	return l
}

// Build checks the input rank.
func (l *RandomZoom) Build(shapes []tensor.Shape) error { return buildImage(shapes) }

// ComputeOutputShape returns the input shape.
func (l *RandomZoom) ComputeOutputShape(shapes []tensor.Shape) ([]tensor.Shape, error) {
	return sameImageShape(shapes)
}

// Call zooms in training mode.
func (l *RandomZoom) Call(ctx *Context, in []*tensor.Tensor) ([]*tensor.Tensor, error) {
	return l.call(ctx, "random_zoom", in, func(r *rngOp, h, w int, t [][6]float32) {
		for b := range t {
			t[b][4] = r.uniform(1+l.HeightLower, 1+l.HeightUpper)
		}
		for b := range t {
			zy, zx := t[b][4], t[b][4]
			if l.HasWidth {
				zx = r.uniform(1+l.WidthLower, 1+l.WidthUpper)
			}
			t[b] = zoomMatrix(zy, zx, h, w)
		}
	})
}

// zoomMatrix is Keras's RandomZoom._get_zoom_matrix.
func zoomMatrix(zy, zx float32, h, w int) [6]float32 {
	return [6]float32{zx, 0, (float32(w) - 1) / 2 * (1 - zx), 0, zy, (float32(h) - 1) / 2 * (1 - zy)}
}

// GetConfig returns Keras's RandomZoom config.
func (l *RandomZoom) GetConfig() map[string]any {
	cfg := l.BaseConfig()
	cfg["height_factor"] = l.heightRaw
	cfg["width_factor"] = l.widthRaw
	l.affineConfig(cfg)
	return cfg
}
