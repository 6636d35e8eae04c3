package layers

import (
	"fmt"
	"slices"

	"github.com/gokeras/keras/ops"
	"github.com/gokeras/keras/tensor"
)

// Permute is keras.layers.Permute: it reorders the non-batch axes; Dims
// are 1-based ([2, 1] swaps the first two axes of each sample).
type Permute struct {
	BaseLayer
	Dims []int
}

// NewPermute makes a Permute layer for the 1-based permutation dims.
func NewPermute(dims []int, opts ...Option) *Permute {
	return permuteFromConfig(Options(opts, map[string]any{"dims": intsAny(dims)}))
}

func permuteFromConfig(cfg Config) *Permute {
	l := &Permute{}
	l.BaseLayer.Init(l, "Permute", cfg)
	l.Dims = cfg.Ints("dims", nil)
	s := slices.Sorted(slices.Values(l.Dims))
	ok := len(s) > 0
	for i, d := range s {
		ok = ok && d == i+1
	}
	if !ok {
		cfg.Fail(fmt.Errorf("invalid permutation argument `dims` for Permute Layer. The set of indices in `dims` must be consecutive and start from 1. Received dims=%v", l.Dims))
	}
	l.BaseLayer.Finish(cfg)
	return l
}

// Build checks the input rank.
func (l *Permute) Build(shapes []tensor.Shape) error { return wantNDim(shapes, len(l.Dims)+1) }

// ComputeOutputShape permutes the input shape.
func (l *Permute) ComputeOutputShape(shapes []tensor.Shape) ([]tensor.Shape, error) {
	if err := wantNDim(shapes, len(l.Dims)+1); err != nil {
		return nil, err
	}
	out := tensor.Shape{shapes[0][0]}
	for _, d := range l.Dims {
		out = append(out, shapes[0][d])
	}
	return []tensor.Shape{out}, nil
}

// Call transposes x.
func (l *Permute) Call(_ *Context, in []*tensor.Tensor) ([]*tensor.Tensor, error) {
	if err := wantNDim([]tensor.Shape{in[0].Shape()}, len(l.Dims)+1); err != nil {
		return nil, err
	}
	y, err := ops.Transpose(in[0], append([]int{0}, l.Dims...))
	if err != nil {
		return nil, err
	}
	return []*tensor.Tensor{y}, nil
}

// GetConfig returns Keras's Permute config.
func (l *Permute) GetConfig() map[string]any {
	cfg := l.BaseConfig()
	cfg["dims"] = intsAny(l.Dims)
	return cfg
}

// RepeatVector is keras.layers.RepeatVector: (batch, features) becomes
// (batch, n, features).
type RepeatVector struct {
	BaseLayer
	N int
}

// NewRepeatVector makes a RepeatVector layer.
func NewRepeatVector(n int, opts ...Option) *RepeatVector {
	return repeatVectorFromConfig(Options(opts, map[string]any{"n": n}))
}

func repeatVectorFromConfig(cfg Config) *RepeatVector {
	l := &RepeatVector{}
	l.BaseLayer.Init(l, "RepeatVector", cfg)
	l.N = cfg.Int("n", 0)
	if l.N <= 0 {
		cfg.Fail(fmt.Errorf("argument `n` should be a positive integer. Received: n=%v", cfg.Any("n")))
	}
	l.BaseLayer.Finish(cfg)
	return l
}

// Build checks the input rank.
func (l *RepeatVector) Build(shapes []tensor.Shape) error { return wantNDim(shapes, 2) }

// ComputeOutputShape returns (batch, n, features).
func (l *RepeatVector) ComputeOutputShape(shapes []tensor.Shape) ([]tensor.Shape, error) {
	if err := wantNDim(shapes, 2); err != nil {
		return nil, err
	}
	return []tensor.Shape{{shapes[0][0], l.N, shapes[0][1]}}, nil
}

// Call repeats each sample n times.
func (l *RepeatVector) Call(_ *Context, in []*tensor.Tensor) ([]*tensor.Tensor, error) {
	x := in[0]
	if err := wantNDim([]tensor.Shape{x.Shape()}, 2); err != nil {
		return nil, err
	}
	e, err := ops.ExpandDims(x, 1)
	if err != nil {
		return nil, err
	}
	y, err := ops.BroadcastTo(e, []int{x.Dim(0), l.N, x.Dim(1)})
	if err != nil {
		return nil, err
	}
	return []*tensor.Tensor{y}, nil
}

// GetConfig returns Keras's RepeatVector config.
func (l *RepeatVector) GetConfig() map[string]any {
	cfg := l.BaseConfig()
	cfg["n"] = l.N
	return cfg
}

// cropPad is what Cropping1D/2D/3D and ZeroPadding1D/2D/3D share: an
// amount before and after each spatial axis, removed or added.
type cropPad struct {
	BaseLayer
	// Amounts holds (before, after) per spatial axis.
	Amounts    [][2]int
	DataFormat string
	dims       int
	pad        bool
	key        string
}

func (l *cropPad) init(self Layer, class string, dims int, pad bool, cfg Config, def [][2]int) {
	l.BaseLayer.Init(self, class, cfg)
	l.dims, l.pad = dims, pad
	l.key = "cropping"
	if pad {
		l.key = "padding"
	}
	l.Amounts = spPairs(&cfg, l.key, dims, def)
	l.DataFormat = "channels_last"
	if dims > 1 || pad {
		l.DataFormat = spDataFormat(&cfg)
	}
	l.BaseLayer.Finish(cfg)
}

// Build checks the input rank and sizes.
func (l *cropPad) Build(shapes []tensor.Shape) error {
	_, err := l.ComputeOutputShape(shapes)
	return err
}

// ComputeOutputShape removes or adds the amounts on the spatial axes.
func (l *cropPad) ComputeOutputShape(shapes []tensor.Shape) ([]tensor.Shape, error) {
	if err := wantNDim(shapes, l.dims+2); err != nil {
		return nil, err
	}
	in := shapes[0]
	out := in.Clone()
	for i, ax := range spatialAxes(len(in), l.DataFormat) {
		if in[ax] < 0 {
			continue
		}
		a := l.Amounts[i][0] + l.Amounts[i][1]
		if l.pad {
			out[ax] += a
			continue
		}
		if a >= in[ax] {
			return nil, fmt.Errorf("values in `cropping` argument should be smaller than the corresponding spatial dimension of the input. Received: input_shape=%v, cropping=%v", in, l.Amounts)
		}
		out[ax] -= a
	}
	return []tensor.Shape{out}, nil
}

// Call slices or pads x.
func (l *cropPad) Call(_ *Context, in []*tensor.Tensor) ([]*tensor.Tensor, error) {
	x := in[0]
	outs, err := l.ComputeOutputShape([]tensor.Shape{x.Shape()})
	if err != nil {
		return nil, err
	}
	var y *tensor.Tensor
	if l.pad {
		pads := make([][2]int, x.Rank())
		for i, ax := range spatialAxes(x.Rank(), l.DataFormat) {
			pads[ax] = l.Amounts[i]
		}
		y, err = ops.Pad(x, pads, 0)
	} else {
		start := make([]int, x.Rank())
		for i, ax := range spatialAxes(x.Rank(), l.DataFormat) {
			start[ax] = l.Amounts[i][0]
		}
		y, err = ops.Slice(x, start, outs[0])
	}
	if err != nil {
		return nil, err
	}
	return []*tensor.Tensor{y}, nil
}

// GetConfig returns Keras's cropping / padding config.
func (l *cropPad) GetConfig() map[string]any {
	cfg := l.BaseConfig()
	cfg[l.key] = pairsAny(l.Amounts)
	if l.dims > 1 || l.pad {
		cfg["data_format"] = l.DataFormat
	}
	return cfg
}

// Cropping1D is keras.layers.Cropping1D: it removes (before, after) steps
// of a (batch, steps, features) input (default (1, 1)).
type Cropping1D struct{ cropPad }

// Cropping2D is keras.layers.Cropping2D: it removes rows and columns
// ((top, bottom), (left, right)) of an image batch (default none).
type Cropping2D struct{ cropPad }

// Cropping3D is keras.layers.Cropping3D: it removes (before, after) on each
// of the three spatial axes (default 1 everywhere).
type Cropping3D struct{ cropPad }

// ZeroPadding1D is keras.layers.ZeroPadding1D: it adds zeros before and
// after the steps axis (default 1).
type ZeroPadding1D struct{ cropPad }

// ZeroPadding2D is keras.layers.ZeroPadding2D: it adds rows and columns of
// zeros around an image batch (default 1 everywhere).
type ZeroPadding2D struct{ cropPad }

// ZeroPadding3D is keras.layers.ZeroPadding3D: it adds zeros around each of
// the three spatial axes (default 1 everywhere).
type ZeroPadding3D struct{ cropPad }

func pairsOf(n, v int) [][2]int {
	out := make([][2]int, n)
	for i := range out {
		out[i] = [2]int{v, v}
	}
	return out
}

// NewCropping1D makes a Cropping1D layer. Options: With("cropping", 2 or
// []int{before, after}), WithName.
func NewCropping1D(opts ...Option) *Cropping1D { return cropping1DFromConfig(Options(opts, nil)) }

// NewCropping2D makes a Cropping2D layer. Options: With("cropping", n,
// []int{h, w} or [][2]int{{top, bottom}, {left, right}}), With("data_format",
// ...), WithName.
func NewCropping2D(opts ...Option) *Cropping2D { return cropping2DFromConfig(Options(opts, nil)) }

// NewCropping3D makes a Cropping3D layer (options as NewCropping2D, three
// entries).
func NewCropping3D(opts ...Option) *Cropping3D { return cropping3DFromConfig(Options(opts, nil)) }

// NewZeroPadding1D makes a ZeroPadding1D layer. Options: With("padding", n
// or []int{before, after}), With("data_format", ...), WithName.
func NewZeroPadding1D(opts ...Option) *ZeroPadding1D {
	return zeroPadding1DFromConfig(Options(opts, nil))
}

// NewZeroPadding2D makes a ZeroPadding2D layer (padding given like
// Cropping2D's cropping).
func NewZeroPadding2D(opts ...Option) *ZeroPadding2D {
	return zeroPadding2DFromConfig(Options(opts, nil))
}

// NewZeroPadding3D makes a ZeroPadding3D layer.
func NewZeroPadding3D(opts ...Option) *ZeroPadding3D {
	return zeroPadding3DFromConfig(Options(opts, nil))
}

func cropping1DFromConfig(c Config) *Cropping1D {
	l := &Cropping1D{}
	l.init(l, "Cropping1D", 1, false, c, pairsOf(1, 1))
	return l
}

func cropping2DFromConfig(c Config) *Cropping2D {
	l := &Cropping2D{}
	l.init(l, "Cropping2D", 2, false, c, pairsOf(2, 0))
	return l
}

func cropping3DFromConfig(c Config) *Cropping3D {
	l := &Cropping3D{}
	l.init(l, "Cropping3D", 3, false, c, pairsOf(3, 1))
	return l
}

func zeroPadding1DFromConfig(c Config) *ZeroPadding1D {
	l := &ZeroPadding1D{}
	l.init(l, "ZeroPadding1D", 1, true, c, pairsOf(1, 1))
	return l
}

func zeroPadding2DFromConfig(c Config) *ZeroPadding2D {
	l := &ZeroPadding2D{}
	l.init(l, "ZeroPadding2D", 2, true, c, pairsOf(2, 1))
	return l
}

func zeroPadding3DFromConfig(c Config) *ZeroPadding3D {
	l := &ZeroPadding3D{}
	l.init(l, "ZeroPadding3D", 3, true, c, pairsOf(3, 1))
	return l
}

// baseUpSampling is what UpSampling1D/2D/3D share.
type baseUpSampling struct {
	BaseLayer
	Size          []int
	DataFormat    string
	Interpolation string
	dims          int
}

func (l *baseUpSampling) init(self Layer, class string, dims int, cfg Config) {
	l.BaseLayer.Init(self, class, cfg)
	l.dims = dims
	l.Size = spTuple(&cfg, "size", dims, repeatInt(2, dims), false)
	l.DataFormat = "channels_last"
	l.Interpolation = "nearest"
	if dims > 1 {
		l.DataFormat = spDataFormat(&cfg)
	}
	if dims == 2 {
		l.Interpolation = cfg.String("interpolation", "nearest")
		if l.Interpolation != "nearest" && l.Interpolation != "bilinear" {
			cfg.Fail(fmt.Errorf("argument `interpolation` must be \"nearest\" or \"bilinear\" (the other tf.image.resize methods are not implemented). Received: interpolation=%s", l.Interpolation))
		}
	}
	l.BaseLayer.Finish(cfg)
}

// Build checks the input rank.
func (l *baseUpSampling) Build(shapes []tensor.Shape) error { return wantNDim(shapes, l.dims+2) }

// ComputeOutputShape multiplies the spatial axes by Size.
func (l *baseUpSampling) ComputeOutputShape(shapes []tensor.Shape) ([]tensor.Shape, error) {
	if err := wantNDim(shapes, l.dims+2); err != nil {
		return nil, err
	}
	out := shapes[0].Clone()
	for i, ax := range spatialAxes(len(out), l.DataFormat) {
		if out[ax] >= 0 {
			out[ax] *= l.Size[i]
		}
	}
	return []tensor.Shape{out}, nil
}

// Call upsamples with the fused resize op.
func (l *baseUpSampling) Call(_ *Context, in []*tensor.Tensor) ([]*tensor.Tensor, error) {
	x := in[0]
	if err := wantNDim([]tensor.Shape{x.Shape()}, l.dims+2); err != nil {
		return nil, err
	}
	if x.DType() != tensor.Float32 {
		return nil, fmt.Errorf("expected float32 input, got %v", x.DType())
	}
	op, out := newResizeOp(x.Shape(), l.Size, l.DataFormat, l.Interpolation == "bilinear")
	y, err := tensor.Apply(op, tensor.Float32, out, x)
	if err != nil {
		return nil, err
	}
	return []*tensor.Tensor{y}, nil
}

// GetConfig returns Keras's up-sampling config.
func (l *baseUpSampling) GetConfig() map[string]any {
	cfg := l.BaseConfig()
	if l.dims == 1 {
		cfg["size"] = l.Size[0]
		return cfg
	}
	cfg["size"] = intsAny(l.Size)
	cfg["data_format"] = l.DataFormat
	if l.dims == 2 {
		cfg["interpolation"] = l.Interpolation
	}
	return cfg
}

// UpSampling1D is keras.layers.UpSampling1D: each step is repeated size
// times (default 2).
type UpSampling1D struct{ baseUpSampling }

// UpSampling2D is keras.layers.UpSampling2D: rows and columns are repeated
// (interpolation "nearest", the default) or interpolated ("bilinear", with
// tf.image.resize's half-pixel centers).
type UpSampling2D struct{ baseUpSampling }

// UpSampling3D is keras.layers.UpSampling3D: each spatial axis is repeated
// (nearest neighbour).
type UpSampling3D struct{ baseUpSampling }

// NewUpSampling1D makes an UpSampling1D layer. Options: With("size", n),
// WithName.
func NewUpSampling1D(opts ...Option) *UpSampling1D { return upSampling1DFromConfig(Options(opts, nil)) }

// NewUpSampling2D makes an UpSampling2D layer. Options: With("size", n or
// []int{h, w}), With("interpolation", "bilinear"), With("data_format",
// ...), WithName.
func NewUpSampling2D(opts ...Option) *UpSampling2D { return upSampling2DFromConfig(Options(opts, nil)) }

// NewUpSampling3D makes an UpSampling3D layer. Options: With("size", ...),
// With("data_format", ...), WithName.
func NewUpSampling3D(opts ...Option) *UpSampling3D { return upSampling3DFromConfig(Options(opts, nil)) }

func upSampling1DFromConfig(c Config) *UpSampling1D {
	l := &UpSampling1D{}
	l.init(l, "UpSampling1D", 1, c)
	return l
}

func upSampling2DFromConfig(c Config) *UpSampling2D {
	l := &UpSampling2D{}
	l.init(l, "UpSampling2D", 2, c)
	return l
}

func upSampling3DFromConfig(c Config) *UpSampling3D {
	l := &UpSampling3D{}
	l.init(l, "UpSampling3D", 3, c)
	return l
}

func init() {
	reg := func(name string, f func(Config) Layer) {
		Register(name, func(c Config) (Layer, error) { l := f(c); return l, l.Base().Err() })
	}
	reg("Permute", func(c Config) Layer { return permuteFromConfig(c) })
	reg("RepeatVector", func(c Config) Layer { return repeatVectorFromConfig(c) })
	reg("Cropping1D", func(c Config) Layer { return cropping1DFromConfig(c) })
	reg("Cropping2D", func(c Config) Layer { return cropping2DFromConfig(c) })
	reg("Cropping3D", func(c Config) Layer { return cropping3DFromConfig(c) })
	reg("ZeroPadding1D", func(c Config) Layer { return zeroPadding1DFromConfig(c) })
	reg("ZeroPadding2D", func(c Config) Layer { return zeroPadding2DFromConfig(c) })
	reg("ZeroPadding3D", func(c Config) Layer { return zeroPadding3DFromConfig(c) })
	reg("UpSampling1D", func(c Config) Layer { return upSampling1DFromConfig(c) })
	reg("UpSampling2D", func(c Config) Layer { return upSampling2DFromConfig(c) })
	reg("UpSampling3D", func(c Config) Layer { return upSampling3DFromConfig(c) })
}
