package layers

import (
	"fmt"

	"github.com/gokeras/keras/internal/imgresize"
	"github.com/gokeras/keras/tensor"
)

// Resizing is keras.layers.Resizing: it resizes images (rank 3, or rank 4
// batches) to (Height, Width), in training and inference.
//
// Interpolation is "bilinear" (default; tf.image.resize with half-pixel
// centers and no antialiasing), "nearest", "bicubic" (Keys, a = -0.5),
// "area" (TensorFlow's box average), "lanczos3" or "lanczos5"; the
// non-nearest filters follow Keras's scale_and_translate, so antialias=true
// widens them when downsampling. crop_to_aspect_ratio first crops the
// largest centred window with the target aspect ratio; pad_to_aspect_ratio
// instead pads the short side evenly with fill_value. The layer is
// differentiable with respect to its input. Integer inputs are cast to
// float32 and the output stays float32 (Keras rounds back to the input's
// integer dtype).
type Resizing struct {
	BaseLayer
	imgBase
	Height, Width               int
	Interpolation               string
	CropToAspectRatio           bool
	PadToAspectRatio, Antialias bool
	FillMode                    string
	FillValue                   float64
}

// NewResizing makes a Resizing layer. Options: With("interpolation", m),
// With("crop_to_aspect_ratio", true), With("pad_to_aspect_ratio", true),
// With("fill_value", v), With("antialias", true), With("data_format", f),
// WithName.
func NewResizing(height, width int, opts ...Option) *Resizing {
	return resizingFromConfig(Options(opts, map[string]any{"height": height, "width": width}))
}

func resizingFromConfig(cfg Config) *Resizing {
	l := &Resizing{}
	l.BaseLayer.Init(l, "Resizing", cfg)
	l.initImg(&cfg)
	l.Height, l.Width = cfg.Int("height", 0), cfg.Int("width", 0)
	if l.Height <= 0 || l.Width <= 0 {
		cfg.Fail(fmt.Errorf("`height` and `width` must be positive integers. Received: height=%v, width=%v", cfg.Any("height"), cfg.Any("width")))
	}
	l.Interpolation = cfg.String("interpolation", "bilinear")
	checkChoice(&cfg, "interpolation", l.Interpolation, resizeMethods...)
	l.CropToAspectRatio = cfg.Bool("crop_to_aspect_ratio", false)
	l.PadToAspectRatio = cfg.Bool("pad_to_aspect_ratio", false)
	if l.CropToAspectRatio && l.PadToAspectRatio {
		cfg.Fail(fmt.Errorf("only one of `pad_to_aspect_ratio` & `crop_to_aspect_ratio` can be `True`"))
	}
	l.FillMode = cfg.String("fill_mode", "constant")
	if l.FillMode != "constant" {
		cfg.Fail(fmt.Errorf("invalid value for argument `fill_mode`. Only `'constant'` is supported. Received: fill_mode=%s", l.FillMode))
	}
	l.FillValue = cfg.Float("fill_value", 0)
	l.Antialias = cfg.Bool("antialias", false)
	l.BaseLayer.Finish(cfg)
	return l
}

// Build checks the input rank.
func (l *Resizing) Build(shapes []tensor.Shape) error { return buildImage(shapes) }

// ComputeOutputShape replaces height and width with the target size.
func (l *Resizing) ComputeOutputShape(shapes []tensor.Shape) ([]tensor.Shape, error) {
	if err := wantInputs(shapes, 1); err != nil {
		return nil, err
	}
	s, err := imageOutShape(shapes[0], l.dataFormat, l.Height, l.Width)
	if err != nil {
		return nil, err
	}
	return []tensor.Shape{s}, nil
}

// Call resizes the images.
func (l *Resizing) Call(_ *Context, in []*tensor.Tensor) ([]*tensor.Tensor, error) {
	x, err := imageInput(in[0])
	if err != nil {
		return nil, err
	}
	g := newImgGeom(x.Shape(), l.dataFormat)
	spec := resizeSpec{h: l.Height, w: l.Width, method: l.Interpolation, antialias: l.Antialias, fill: float32(l.FillValue)}
	switch {
	case l.CropToAspectRatio:
		spec.winY, spec.winX = imgresize.CropWindows(g.h, g.w, l.Height, l.Width)
	case l.PadToAspectRatio:
		spec.winY, spec.winX = imgresize.PadWindows(g.h, g.w, l.Height, l.Width)
	default:
		spec.winY, spec.winX = imgresize.Plain(g.h), imgresize.Plain(g.w)
	}
	y, err := applyResize(x, l.dataFormat, spec)
	if err != nil {
		return nil, err
	}
	return []*tensor.Tensor{y}, nil
}

// GetConfig returns Keras's Resizing config.
func (l *Resizing) GetConfig() map[string]any {
	cfg := l.BaseConfig()
	cfg["height"] = l.Height
	cfg["width"] = l.Width
	cfg["interpolation"] = l.Interpolation
	cfg["crop_to_aspect_ratio"] = l.CropToAspectRatio
	cfg["pad_to_aspect_ratio"] = l.PadToAspectRatio
	cfg["fill_mode"] = l.FillMode
	cfg["fill_value"] = l.FillValue
	cfg["antialias"] = l.Antialias
	cfg["data_format"] = l.dataFormat
	return cfg
}

// CenterCrop is keras.layers.CenterCrop: it returns the central (Height,
// Width) window of each image. An image smaller than the target in either
// dimension is instead cropped to the target aspect ratio and resized
// (bilinear), as Keras's smart_resize. Differentiable with respect to its
// input.
type CenterCrop struct {
	BaseLayer
	imgBase
	Height, Width int
}

// NewCenterCrop makes a CenterCrop layer. Options: With("data_format", f),
// WithName.
func NewCenterCrop(height, width int, opts ...Option) *CenterCrop {
	return centerCropFromConfig(Options(opts, map[string]any{"height": height, "width": width}))
}

func centerCropFromConfig(cfg Config) *CenterCrop {
	l := &CenterCrop{}
	l.BaseLayer.Init(l, "CenterCrop", cfg)
	l.initImg(&cfg)
	l.Height, l.Width = cfg.Int("height", 0), cfg.Int("width", 0)
	if l.Height <= 0 || l.Width <= 0 {
		cfg.Fail(fmt.Errorf("`height` and `width` must be positive integers. Received: height=%v, width=%v", cfg.Any("height"), cfg.Any("width")))
	}
	l.BaseLayer.Finish(cfg)
	return l
}

// Build checks the input rank.
func (l *CenterCrop) Build(shapes []tensor.Shape) error { return buildImage(shapes) }

// ComputeOutputShape replaces height and width with the target size.
func (l *CenterCrop) ComputeOutputShape(shapes []tensor.Shape) ([]tensor.Shape, error) {
	if err := wantInputs(shapes, 1); err != nil {
		return nil, err
	}
	s, err := imageOutShape(shapes[0], l.dataFormat, l.Height, l.Width)
	if err != nil {
		return nil, fmt.Errorf("`input_shape` must be a non-nested tuple or list of rank-1 with size 3 (unbatched) or 4 (batched): %w", err)
	}
	return []tensor.Shape{s}, nil
}

// Call crops (or smart-resizes) the images.
func (l *CenterCrop) Call(_ *Context, in []*tensor.Tensor) ([]*tensor.Tensor, error) {
	x, err := imageInput(in[0])
	if err != nil {
		return nil, err
	}
	y, err := centerCrop(x, l.dataFormat, l.Height, l.Width, "bilinear")
	if err != nil {
		return nil, err
	}
	return []*tensor.Tensor{y}, nil
}

// centerCrop is Keras's CenterCrop._center_crop.
func centerCrop(x *tensor.Tensor, dataFormat string, h, w int, method string) (*tensor.Tensor, error) {
	g := newImgGeom(x.Shape(), dataFormat)
	spec := resizeSpec{h: h, w: w, method: method}
	if g.h >= h && g.w >= w {
		spec.winY = imgresize.Window{Size: h, Start: (g.h - h) / 2, Real: g.h}
		spec.winX = imgresize.Window{Size: w, Start: (g.w - w) / 2, Real: g.w}
	} else {
		spec.winY, spec.winX = imgresize.CropWindows(g.h, g.w, h, w)
	}
	return applyResize(x, dataFormat, spec)
}

// GetConfig returns Keras's CenterCrop config.
func (l *CenterCrop) GetConfig() map[string]any {
	cfg := l.BaseConfig()
	cfg["height"] = l.Height
	cfg["width"] = l.Width
	cfg["data_format"] = l.dataFormat
	return cfg
}
