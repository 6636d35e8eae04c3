package layers

import (
	"fmt"

	"github.com/gokeras/keras/tensor"
)

// RandomContrast is keras.layers.RandomContrast: in training each image's
// channels are pushed away from (or towards) their mean,
// (x - mean) * f + mean, with f drawn per image from [1-Lower, 1+Upper],
// and the result is clipped to value_range (default [0, 255]). Identity in
// inference.
//
// As in Keras 3's code (its docstring says otherwise), a single number
// factor f gives Lower = 0 and Upper = f, so contrast is only increased;
// pass a pair [l, u] for [1-l, 1+u].
type RandomContrast struct {
	BaseLayer
	imgBase
	Lower, Upper float64
	ValueRange   [2]float64
	rangeRaw     any
}

// NewRandomContrast makes a RandomContrast layer. Options:
// With("value_range", []float64{lo, hi}), With("seed", n), WithName.
func NewRandomContrast(factor any, opts ...Option) *RandomContrast {
	return randomContrastFromConfig(Options(opts, map[string]any{"factor": factor}))
}

func randomContrastFromConfig(cfg Config) *RandomContrast {
	l := &RandomContrast{}
	l.BaseLayer.Init(l, "RandomContrast", cfg)
	l.initImg(&cfg)
	l.Lower, l.Upper = parseFactor(&cfg, "factor", nil, 0, 1, false, false,
		"The `factor` argument should be a number (or a list of two numbers) in the range [0, 1]. ")
	l.rangeRaw, l.ValueRange = valueRange(&cfg, false)
	l.initSeed(&cfg)
	l.BaseLayer.Finish(cfg)
	return l
}

// valueRange reads value_range (default [0, 255]); sorted for
// RandomBrightness as Keras does.
func valueRange(cfg *Config, sorted bool) (any, [2]float64) {
	raw := cfg.Any("value_range")
	if raw == nil {
		return []any{0, 255}, [2]float64{0, 255}
	}
	fs, ok := toFloats(raw)
	if !ok || len(fs) != 2 {
		cfg.Fail(fmt.Errorf("the `value_range` argument should be a list of two numbers. Received: value_range=%v", raw))
		return raw, [2]float64{0, 255}
	}
	if sorted && fs[0] > fs[1] {
		fs[0], fs[1] = fs[1], fs[0]
	}
	return []any{fs[0], fs[1]}, [2]float64{fs[0], fs[1]}
}

// Build checks the input rank.
func (l *RandomContrast) Build(shapes []tensor.Shape) error { return buildImage(shapes) }

// ComputeOutputShape returns the input shape.
func (l *RandomContrast) ComputeOutputShape(shapes []tensor.Shape) ([]tensor.Shape, error) {
	return sameImageShape(shapes)
}

// Call adjusts contrast in training mode.
func (l *RandomContrast) Call(ctx *Context, in []*tensor.Tensor) ([]*tensor.Tensor, error) {
	return applyColor(ctx, in, &colorOp{contrast: true, lo: 1 - l.Lower, hi: 1 + l.Upper,
		vr: [2]float32{float32(l.ValueRange[0]), float32(l.ValueRange[1])}, rngOp: newRNG(l.gen)}, l.dataFormat)
}

// GetConfig returns Keras's RandomContrast config.
func (l *RandomContrast) GetConfig() map[string]any {
	cfg := l.BaseConfig()
	cfg["data_format"] = l.dataFormat
	cfg["factor"] = pairAny(l.Lower, l.Upper)
	cfg["value_range"] = l.rangeRaw
	cfg["seed"] = l.seedConfig()
	return cfg
}

// RandomBrightness is keras.layers.RandomBrightness: in training a delta
// drawn per image from [Lower, Upper] * (value_range[1] - value_range[0])
// is added to every pixel and the result is clipped to value_range
// (default [0, 255]). A number f means [-f, f]. Identity in inference.
type RandomBrightness struct {
	BaseLayer
	imgBase
	Lower, Upper float64
	ValueRange   [2]float64
	rangeRaw     any
}

// NewRandomBrightness makes a RandomBrightness layer. Options:
// With("value_range", []float64{lo, hi}), With("seed", n), WithName.
func NewRandomBrightness(factor any, opts ...Option) *RandomBrightness {
	return randomBrightnessFromConfig(Options(opts, map[string]any{"factor": factor}))
}

func randomBrightnessFromConfig(cfg Config) *RandomBrightness {
	l := &RandomBrightness{}
	l.BaseLayer.Init(l, "RandomBrightness", cfg)
	l.initImg(&cfg)
	l.Lower, l.Upper = parseFactor(&cfg, "factor", nil, -1, 1, false, false,
		"The `factor` argument should be a number (or a list of two numbers) in the range [-1, 1]. ")
	l.rangeRaw, l.ValueRange = valueRange(&cfg, true)
	l.initSeed(&cfg)
	l.BaseLayer.Finish(cfg)
	return l
}

// Build checks the input rank.
func (l *RandomBrightness) Build(shapes []tensor.Shape) error { return buildImage(shapes) }

// ComputeOutputShape returns the input shape.
func (l *RandomBrightness) ComputeOutputShape(shapes []tensor.Shape) ([]tensor.Shape, error) {
	return sameImageShape(shapes)
}

// Call adjusts brightness in training mode.
func (l *RandomBrightness) Call(ctx *Context, in []*tensor.Tensor) ([]*tensor.Tensor, error) {
	span := l.ValueRange[1] - l.ValueRange[0]
	return applyColor(ctx, in, &colorOp{lo: l.Lower * span, hi: l.Upper * span,
		vr: [2]float32{float32(l.ValueRange[0]), float32(l.ValueRange[1])}, rngOp: newRNG(l.gen)}, l.dataFormat)
}

// GetConfig returns Keras's RandomBrightness config.
func (l *RandomBrightness) GetConfig() map[string]any {
	cfg := l.BaseConfig()
	cfg["data_format"] = l.dataFormat
	cfg["factor"] = pairAny(l.Lower, l.Upper)
	cfg["value_range"] = l.rangeRaw
	cfg["seed"] = l.seedConfig()
	return cfg
}

func applyColor(ctx *Context, in []*tensor.Tensor, op *colorOp, dataFormat string) ([]*tensor.Tensor, error) {
	if ctx == nil || !ctx.Training {
		return in, nil
	}
	x, err := imageInput(in[0])
	if err != nil {
		return nil, err
	}
	op.g = newImgGeom(x.Shape(), dataFormat)
	op.f = make([]float32, op.g.n)
	op.mean = make([]float32, op.g.n*op.g.c)
	y, err := tensor.Apply(op, tensor.Float32, x.Shape().Clone(), x)
	if err != nil {
		return nil, err
	}
	return []*tensor.Tensor{y}, nil
}

// colorOp is RandomContrast's clip((x-mean)*f + mean) (contrast) or
// RandomBrightness's clip(x + f), f drawn per image from [lo, hi) on every
// Forward; mean is per image and channel.
type colorOp struct {
	contrast bool
	g        imgGeom
	rngOp    rngOp
	lo, hi   float64
	vr       [2]float32
	f, mean  []float32
	sums     []float32 // Backward scratch
}

func (op *colorOp) Name() string {
	if op.contrast {
		return "random_contrast"
	}
	return "random_brightness"
}

// each calls fn(b, ch, offsets) for each image and channel with the offsets
// of its pixels.
func (op *colorOp) each(fn func(b, ch, off int)) {
	g := &op.g
	for b := 0; b < g.n; b++ {
		for ch := 0; ch < g.c; ch++ {
			for y := 0; y < g.h; y++ {
				for x := 0; x < g.w; x++ {
					fn(b, ch, b*g.sN+ch*g.sC+y*g.sH+x*g.sW)
				}
			}
		}
	}
}

func (op *colorOp) Forward(out *tensor.Tensor, in []*tensor.Tensor) {
	op.rngOp.reseed()
	for i := range op.f {
		op.f[i] = op.rngOp.uniform(op.lo, op.hi)
	}
	x, y := in[0].Float32s(), out.Float32s()
	c := op.g.c
	if op.contrast {
		clear(op.mean)
		op.each(func(b, ch, o int) { op.mean[b*c+ch] += x[o] })
		inv := 1 / float32(op.g.h*op.g.w)
		for i := range op.mean {
			op.mean[i] *= inv
		}
	}
	op.each(func(b, ch, o int) {
		v := x[o] + op.f[b]
		if op.contrast {
			m := op.mean[b*c+ch]
			v = (x[o]-m)*op.f[b] + m
		}
		y[o] = min(max(v, op.vr[0]), op.vr[1])
	})
}

// Backward passes the gradient where the output was not clipped; for
// contrast the mean's share (1-f)/(h*w) goes to every pixel of the channel.
func (op *colorOp) Backward(gout, out *tensor.Tensor, in []*tensor.Tensor, gin []*tensor.Tensor) {
	if gin[0] == nil {
		return
	}
	g, gx, y := gout.Float32s(), gin[0].Float32s(), out.Float32s()
	pass := func(o int) float32 {
		if y[o] <= op.vr[0] || y[o] >= op.vr[1] {
			return 0
		}
		return g[o]
	}
	if !op.contrast {
		op.each(func(b, ch, o int) { gx[o] += pass(o) })
		return
	}
	c := op.g.c
	if op.sums == nil {
		op.sums = make([]float32, len(op.mean))
	}
	sums := op.sums
	clear(sums)
	op.each(func(b, ch, o int) { sums[b*c+ch] += pass(o) })
	inv := 1 / float32(op.g.h*op.g.w)
	op.each(func(b, ch, o int) {
		gx[o] += pass(o)*op.f[b] + (1-op.f[b])*inv*sums[b*c+ch]
	})
}
