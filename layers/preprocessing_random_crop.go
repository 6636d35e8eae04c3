package layers

import (
	"fmt"

	"github.com/gokeras/keras/internal/imgresize"
	"github.com/gokeras/keras/random"
	"github.com/gokeras/keras/tensor"
)

// RandomCrop is keras.layers.RandomCrop. In training it crops a random
// (Height, Width) window, the same for the whole batch, drawn afresh on every
// call; when the input is not larger than the target in both dimensions it
// instead takes Keras's centred aspect-ratio window and resizes it
// (bilinear) to the target. In inference it is the identity, as in Keras 3
// (so the output keeps the input's size there).
//
// Without a seed argument the layer draws one from the global generator
// (Keras's make_default_seed) and records it in its config.
type RandomCrop struct {
	BaseLayer
	imgBase
	Height, Width int
}

// NewRandomCrop makes a RandomCrop layer. Options: With("seed", n),
// With("data_format", f), WithName.
func NewRandomCrop(height, width int, opts ...Option) *RandomCrop {
	return randomCropFromConfig(Options(opts, map[string]any{"height": height, "width": width}))
}

func randomCropFromConfig(cfg Config) *RandomCrop {
	l := &RandomCrop{}
	l.BaseLayer.Init(l, "RandomCrop", cfg)
	l.initImg(&cfg)
	l.Height, l.Width = cfg.Int("height", 0), cfg.Int("width", 0)
	if l.Height <= 0 || l.Width <= 0 {
		cfg.Fail(fmt.Errorf("`height` and `width` must be positive integers. Received: height=%v, width=%v", cfg.Any("height"), cfg.Any("width")))
	}
	l.initSeed(&cfg)
	if !l.hasSeed {
		l.seed, l.hasSeed = int(1+random.NextSeed()%1e9), true
		l.gen = seedGen(l.seed)
	}
	l.BaseLayer.Finish(cfg)
	return l
}

// Build checks the input rank.
func (l *RandomCrop) Build(shapes []tensor.Shape) error { return buildImage(shapes) }

// ComputeOutputShape replaces height and width with the target size.
func (l *RandomCrop) ComputeOutputShape(shapes []tensor.Shape) ([]tensor.Shape, error) {
	if err := wantInputs(shapes, 1); err != nil {
		return nil, err
	}
	s, err := imageOutShape(shapes[0], l.dataFormat, l.Height, l.Width)
	if err != nil {
		return nil, err
	}
	return []tensor.Shape{s}, nil
}

// Call crops in training mode.
func (l *RandomCrop) Call(ctx *Context, in []*tensor.Tensor) ([]*tensor.Tensor, error) {
	if ctx == nil || !ctx.Training {
		return in, nil
	}
	x, err := imageInput(in[0])
	if err != nil {
		return nil, err
	}
	g := newImgGeom(x.Shape(), l.dataFormat)
	var y *tensor.Tensor
	if g.h > l.Height && g.w > l.Width {
		outShape, _ := imageOutShape(x.Shape(), l.dataFormat, l.Height, l.Width)
		op := &cropOp{ig: g, og: newImgGeom(outShape, l.dataFormat), rngOp: newRNG(l.gen),
			maxY: g.h - l.Height, maxX: g.w - l.Width}
		y, err = tensor.Apply(op, tensor.Float32, outShape, x)
	} else {
		wy, wx := imgresize.CropWindows(g.h, g.w, l.Height, l.Width)
		wy.Size = min(l.Height, g.h-wy.Start) // Keras slices with the target size
		wx.Size = min(l.Width, g.w-wx.Start)
		y, err = applyResize(x, l.dataFormat, resizeSpec{h: l.Height, w: l.Width, method: "bilinear", winY: wy, winX: wx})
	}
	if err != nil {
		return nil, err
	}
	return []*tensor.Tensor{y}, nil
}

// GetConfig returns Keras's RandomCrop config.
func (l *RandomCrop) GetConfig() map[string]any {
	cfg := l.BaseConfig()
	cfg["height"] = l.Height
	cfg["width"] = l.Width
	cfg["seed"] = l.seedConfig()
	cfg["data_format"] = l.dataFormat
	return cfg
}

// cropOp copies a window whose corner (y0, x0) is drawn uniformly in
// [0, maxY] x [0, maxX] on every Forward.
type cropOp struct {
	ig, og     imgGeom
	rngOp      rngOp
	maxY, maxX int
	y0, x0     int
}

func (op *cropOp) Name() string { return "random_crop" }

func (op *cropOp) each(fn func(xoff, yoff int)) {
	ig, og := &op.ig, &op.og
	for b := 0; b < og.n; b++ {
		for y := 0; y < og.h; y++ {
			for x := 0; x < og.w; x++ {
				xo := b*ig.sN + (y+op.y0)*ig.sH + (x+op.x0)*ig.sW
				yo := b*og.sN + y*og.sH + x*og.sW
				for c := 0; c < og.c; c++ {
					fn(xo+c*ig.sC, yo+c*og.sC)
				}
			}
		}
	}
}

func (op *cropOp) Forward(out *tensor.Tensor, in []*tensor.Tensor) {
	op.rngOp.reseed()
	op.y0 = min(int(op.rngOp.uniform(0, float64(op.maxY+1))), op.maxY)
	op.x0 = min(int(op.rngOp.uniform(0, float64(op.maxX+1))), op.maxX)
	x, y := in[0].Float32s(), out.Float32s()
	op.each(func(xo, yo int) { y[yo] = x[xo] })
}

func (op *cropOp) Backward(gout, out *tensor.Tensor, in []*tensor.Tensor, gin []*tensor.Tensor) {
	if gin[0] == nil {
		return
	}
	g, gx := gout.Float32s(), gin[0].Float32s()
	op.each(func(xo, yo int) { gx[xo] += g[yo] })
}

// RandomFlip is keras.layers.RandomFlip: in training each image is flipped
// with probability 1/2, left-right ("horizontal"), top-bottom ("vertical")
// or both ("horizontal_and_vertical", the default; as in Keras one draw
// decides both flips). Identity in inference.
type RandomFlip struct {
	BaseLayer
	imgBase
	Mode string
}

// NewRandomFlip makes a RandomFlip layer. Options: With("mode", m),
// With("seed", n), With("data_format", f), WithName.
func NewRandomFlip(opts ...Option) *RandomFlip {
	return randomFlipFromConfig(Options(opts, nil))
}

func randomFlipFromConfig(cfg Config) *RandomFlip {
	l := &RandomFlip{}
	l.BaseLayer.Init(l, "RandomFlip", cfg)
	l.initImg(&cfg)
	l.Mode = cfg.String("mode", "horizontal_and_vertical")
	checkChoice(&cfg, "mode", l.Mode, "horizontal", "vertical", "horizontal_and_vertical")
	l.initSeed(&cfg)
	l.BaseLayer.Finish(cfg)
	return l
}

// Build checks the input rank.
func (l *RandomFlip) Build(shapes []tensor.Shape) error { return buildImage(shapes) }

// ComputeOutputShape returns the input shape.
func (l *RandomFlip) ComputeOutputShape(shapes []tensor.Shape) ([]tensor.Shape, error) {
	return sameImageShape(shapes)
}

// Call flips in training mode.
func (l *RandomFlip) Call(ctx *Context, in []*tensor.Tensor) ([]*tensor.Tensor, error) {
	if ctx == nil || !ctx.Training {
		return in, nil
	}
	x, err := imageInput(in[0])
	if err != nil {
		return nil, err
	}
	g := newImgGeom(x.Shape(), l.dataFormat)
	op := &flipOp{g: g, rngOp: newRNG(l.gen), flips: make([]bool, g.n),
		h: l.Mode != "vertical", v: l.Mode != "horizontal"}
	y, err := tensor.Apply(op, tensor.Float32, x.Shape().Clone(), x)
	if err != nil {
		return nil, err
	}
	return []*tensor.Tensor{y}, nil
}

// GetConfig returns Keras's RandomFlip config.
func (l *RandomFlip) GetConfig() map[string]any {
	cfg := l.BaseConfig()
	cfg["seed"] = l.seedConfig()
	cfg["mode"] = l.Mode
	cfg["data_format"] = l.dataFormat
	return cfg
}

// flipOp flips the images whose draw (uniform <= 0.5) says so.
type flipOp struct {
	g     imgGeom
	rngOp rngOp
	flips []bool
	h, v  bool
}

func (op *flipOp) Name() string { return "random_flip" }

// each calls fn(src, dst) for every element: output dst reads input src.
func (op *flipOp) each(fn func(src, dst int)) {
	g := &op.g
	for b := 0; b < g.n; b++ {
		f := op.flips[b]
		for y := 0; y < g.h; y++ {
			sy := y
			if f && op.v {
				sy = g.h - 1 - y
			}
			for x := 0; x < g.w; x++ {
				sx := x
				if f && op.h {
					sx = g.w - 1 - x
				}
				d, s := b*g.sN+y*g.sH+x*g.sW, b*g.sN+sy*g.sH+sx*g.sW
				for c := 0; c < g.c; c++ {
					fn(s+c*g.sC, d+c*g.sC)
				}
			}
		}
	}
}

func (op *flipOp) Forward(out *tensor.Tensor, in []*tensor.Tensor) {
	op.rngOp.reseed()
	for i := range op.flips {
		op.flips[i] = op.rngOp.rng.Float64() <= 0.5
	}
	x, y := in[0].Float32s(), out.Float32s()
	op.each(func(s, d int) { y[d] = x[s] })
}

func (op *flipOp) Backward(gout, out *tensor.Tensor, in []*tensor.Tensor, gin []*tensor.Tensor) {
	if gin[0] == nil {
		return
	}
	g, gx := gout.Float32s(), gin[0].Float32s()
	op.each(func(s, d int) { gx[s] += g[d] })
}
