package layers

import (
	"fmt"

	"github.com/gokeras/keras/ops"
	"github.com/gokeras/keras/tensor"
)

// basePooling is Keras's BasePooling: what MaxPooling1D/2D/3D and
// AveragePooling1D/2D/3D share.
type basePooling struct {
	BaseLayer
	// PoolSize is the window size per spatial dimension.
	PoolSize []int
	// Strides is the step per spatial dimension (default PoolSize).
	Strides []int
	// Padding is "valid" or "same".
	Padding string
	// DataFormat is "channels_last" or "channels_first".
	DataFormat string
	isMax      bool
}

func (l *basePooling) init(self Layer, class string, dims int, isMax bool, cfg Config) {
	l.BaseLayer.Init(self, class, cfg)
	l.isMax = isMax
	l.PoolSize = spTuple(&cfg, "pool_size", dims, repeatInt(2, dims), false)
	if cfg.Has("strides") && cfg.Any("strides") != nil {
		l.Strides = spTuple(&cfg, "strides", dims, l.PoolSize, true)
	} else {
		l.Strides = l.PoolSize
	}
	l.Padding = cfg.String("padding", "valid")
	if l.Padding != "valid" && l.Padding != "same" {
		cfg.Fail(fmt.Errorf("argument `padding` must be either 'valid' or 'same'. Received: padding=%s", l.Padding))
	}
	l.DataFormat = spDataFormat(&cfg)
	for i, s := range l.Strides {
		if s == 0 {
			cfg.Fail(fmt.Errorf("the `strides` argument must be positive, got strides=%v (axis %d)", l.Strides, i))
			break
		}
	}
	l.BaseLayer.Finish(cfg)
}

// Build checks the input rank.
func (l *basePooling) Build(shapes []tensor.Shape) error {
	if err := wantNDim(shapes, len(l.PoolSize)+2); err != nil {
		return err
	}
	_, err := l.ComputeOutputShape(shapes)
	return err
}

// ComputeOutputShape applies Keras's compute_pooling_output_shape.
func (l *basePooling) ComputeOutputShape(shapes []tensor.Shape) ([]tensor.Shape, error) {
	if err := wantNDim(shapes, len(l.PoolSize)+2); err != nil {
		return nil, err
	}
	in := shapes[0]
	out := in.Clone()
	for i, ax := range spatialAxes(len(in), l.DataFormat) {
		n := in[ax]
		if n < 0 {
			continue
		}
		if l.Padding == "same" {
			out[ax] = (n-1)/l.Strides[i] + 1
			continue
		}
		out[ax] = (n-l.PoolSize[i])/l.Strides[i] + 1
		if n < l.PoolSize[i] || out[ax] <= 0 {
			return nil, fmt.Errorf("computed output size would be zero or negative. Received: `inputs.shape=%v`, `pool_size=%v`, `strides=%v`, `padding=%s`", in, tensor.Shape(l.PoolSize), tensor.Shape(l.Strides), l.Padding)
		}
	}
	return []tensor.Shape{out}, nil
}

// Call pools the input with the fused pooling op.
func (l *basePooling) Call(_ *Context, in []*tensor.Tensor) ([]*tensor.Tensor, error) {
	x := in[0]
	if x.DType() != tensor.Float32 {
		return nil, fmt.Errorf("expected float32 input, got %v", x.DType())
	}
	outs, err := l.ComputeOutputShape([]tensor.Shape{x.Shape()})
	if err != nil {
		return nil, err
	}
	g, outShape := newPoolGeom(x.Shape(), l.PoolSize, l.Strides, l.Padding == "same", l.DataFormat)
	if !outShape.Equal(outs[0]) {
		return nil, fmt.Errorf("internal error: pooling output shape %v, want %v", outShape, outs[0])
	}
	y, err := tensor.Apply(newPoolOp(g, l.isMax, outShape.Size()), tensor.Float32, outShape, x)
	if err != nil {
		return nil, err
	}
	return []*tensor.Tensor{y}, nil
}

// GetConfig returns Keras's pooling config.
func (l *basePooling) GetConfig() map[string]any {
	cfg := l.BaseConfig()
	cfg["pool_size"] = intsAny(l.PoolSize)
	cfg["strides"] = intsAny(l.Strides)
	cfg["padding"] = l.Padding
	cfg["data_format"] = l.DataFormat
	return cfg
}

// MaxPooling1D is keras.layers.MaxPooling1D: the maximum over windows of
// pool_size steps (default 2) of a (batch, steps, channels) input.
type MaxPooling1D struct{ basePooling }

// MaxPooling2D is keras.layers.MaxPooling2D: the maximum over pool_size
// windows (default (2, 2)) of a 4-d image batch.
type MaxPooling2D struct{ basePooling }

// MaxPooling3D is keras.layers.MaxPooling3D: the maximum over pool_size
// windows (default (2, 2, 2)) of a 5-d volume batch.
type MaxPooling3D struct{ basePooling }

// AveragePooling1D is keras.layers.AveragePooling1D: the mean over windows
// of pool_size steps. With padding "same" the padding is left out of the
// mean, as TensorFlow does.
type AveragePooling1D struct{ basePooling }

// AveragePooling2D is keras.layers.AveragePooling2D (see AveragePooling1D).
type AveragePooling2D struct{ basePooling }

// AveragePooling3D is keras.layers.AveragePooling3D (see AveragePooling1D).
type AveragePooling3D struct{ basePooling }

// NewMaxPooling1D makes a MaxPooling1D layer. Options (Keras's keyword
// arguments): With("pool_size", n), With("strides", n), With("padding",
// "same"), With("data_format", "channels_first"), WithName. The pooling
// layers all take these options.
func NewMaxPooling1D(opts ...Option) *MaxPooling1D {
	return maxPooling1DFromConfig(Options(opts, nil))
}

// NewMaxPooling2D makes a MaxPooling2D layer (options as NewMaxPooling1D;
// pool_size and strides take one int or a list of 2).
func NewMaxPooling2D(opts ...Option) *MaxPooling2D {
	return maxPooling2DFromConfig(Options(opts, nil))
}

// NewMaxPooling3D makes a MaxPooling3D layer (options as NewMaxPooling1D).
func NewMaxPooling3D(opts ...Option) *MaxPooling3D {
	return maxPooling3DFromConfig(Options(opts, nil))
}

// NewAveragePooling1D makes an AveragePooling1D layer (options as
// NewMaxPooling1D).
func NewAveragePooling1D(opts ...Option) *AveragePooling1D {
	return averagePooling1DFromConfig(Options(opts, nil))
}

// NewAveragePooling2D makes an AveragePooling2D layer (options as
// NewMaxPooling1D).
func NewAveragePooling2D(opts ...Option) *AveragePooling2D {
	return averagePooling2DFromConfig(Options(opts, nil))
}

// NewAveragePooling3D makes an AveragePooling3D layer (options as
// NewMaxPooling1D).
func NewAveragePooling3D(opts ...Option) *AveragePooling3D {
	return averagePooling3DFromConfig(Options(opts, nil))
}

func maxPooling1DFromConfig(c Config) *MaxPooling1D {
	l := &MaxPooling1D{}
	l.init(l, "MaxPooling1D", 1, true, c)
	return l
}

func maxPooling2DFromConfig(c Config) *MaxPooling2D {
	l := &MaxPooling2D{}
	l.init(l, "MaxPooling2D", 2, true, c)
	return l
}

func maxPooling3DFromConfig(c Config) *MaxPooling3D {
	l := &MaxPooling3D{}
	l.init(l, "MaxPooling3D", 3, true, c)
	return l
}

func averagePooling1DFromConfig(c Config) *AveragePooling1D {
	l := &AveragePooling1D{}
	l.init(l, "AveragePooling1D", 1, false, c)
	return l
}

func averagePooling2DFromConfig(c Config) *AveragePooling2D {
	l := &AveragePooling2D{}
	l.init(l, "AveragePooling2D", 2, false, c)
	return l
}

func averagePooling3DFromConfig(c Config) *AveragePooling3D {
	l := &AveragePooling3D{}
	l.init(l, "AveragePooling3D", 3, false, c)
	return l
}

// baseGlobalPooling is Keras's BaseGlobalPooling: the maximum or mean over
// all spatial positions.
type baseGlobalPooling struct {
	BaseLayer
	// DataFormat is "channels_last" or "channels_first".
	DataFormat string
	// KeepDims keeps the spatial axes with size 1.
	KeepDims bool
	dims     int
	isMax    bool
}

func (l *baseGlobalPooling) init(self Layer, class string, dims int, isMax bool, cfg Config) {
	l.BaseLayer.Init(self, class, cfg)
	l.dims, l.isMax = dims, isMax
	l.DataFormat = spDataFormat(&cfg)
	l.KeepDims = cfg.Bool("keepdims", false)
	l.BaseLayer.Finish(cfg)
}

// Build checks the input rank.
func (l *baseGlobalPooling) Build(shapes []tensor.Shape) error { return wantNDim(shapes, l.dims+2) }

// ComputeOutputShape returns (batch, channels), or the input shape with
// spatial axes of size 1 when keepdims is set.
func (l *baseGlobalPooling) ComputeOutputShape(shapes []tensor.Shape) ([]tensor.Shape, error) {
	if err := wantNDim(shapes, l.dims+2); err != nil {
		return nil, err
	}
	in := shapes[0]
	if !l.KeepDims {
		return []tensor.Shape{{in[0], in[channelAxis(len(in), l.DataFormat)]}}, nil
	}
	out := in.Clone()
	for _, ax := range spatialAxes(len(in), l.DataFormat) {
		out[ax] = 1
	}
	return []tensor.Shape{out}, nil
}

// Call reduces the spatial axes with the fused pooling op.
func (l *baseGlobalPooling) Call(_ *Context, in []*tensor.Tensor) ([]*tensor.Tensor, error) {
	x := in[0]
	if err := wantNDim([]tensor.Shape{x.Shape()}, l.dims+2); err != nil {
		return nil, err
	}
	if x.DType() != tensor.Float32 {
		return nil, fmt.Errorf("expected float32 input, got %v", x.DType())
	}
	s := x.Shape()
	win := make([]int, l.dims)
	for i, ax := range spatialAxes(len(s), l.DataFormat) {
		if s[ax] == 0 {
			return nil, fmt.Errorf("cannot pool an input with an empty spatial axis, shape %v", s)
		}
		win[i] = s[ax]
	}
	g, outShape := newPoolGeom(s, win, repeatInt(1, l.dims), false, l.DataFormat)
	y, err := tensor.Apply(newPoolOp(g, l.isMax, outShape.Size()), tensor.Float32, outShape, x)
	if err != nil || l.KeepDims {
		return []*tensor.Tensor{y}, err
	}
	if y, err = ops.Reshape(y, s[0], s[channelAxis(len(s), l.DataFormat)]); err != nil {
		return nil, err
	}
	return []*tensor.Tensor{y}, nil
}

// GetConfig returns Keras's global pooling config.
func (l *baseGlobalPooling) GetConfig() map[string]any {
	cfg := l.BaseConfig()
	cfg["data_format"] = l.DataFormat
	cfg["keepdims"] = l.KeepDims
	return cfg
}

// GlobalMaxPooling1D is keras.layers.GlobalMaxPooling1D: the maximum over
// the steps axis.
type GlobalMaxPooling1D struct{ baseGlobalPooling }

// GlobalMaxPooling2D is keras.layers.GlobalMaxPooling2D: the maximum over
// height and width.
type GlobalMaxPooling2D struct{ baseGlobalPooling }

// GlobalMaxPooling3D is keras.layers.GlobalMaxPooling3D: the maximum over
// the three spatial axes.
type GlobalMaxPooling3D struct{ baseGlobalPooling }

// GlobalAveragePooling1D is keras.layers.GlobalAveragePooling1D: the mean
// over the steps axis.
type GlobalAveragePooling1D struct{ baseGlobalPooling }

// GlobalAveragePooling2D is keras.layers.GlobalAveragePooling2D: the mean
// over height and width.
type GlobalAveragePooling2D struct{ baseGlobalPooling }

// GlobalAveragePooling3D is keras.layers.GlobalAveragePooling3D: the mean
// over the three spatial axes.
type GlobalAveragePooling3D struct{ baseGlobalPooling }

// NewGlobalMaxPooling1D makes a GlobalMaxPooling1D layer. Options:
// With("data_format", ...), With("keepdims", true), WithName; all global
// pooling layers take them.
func NewGlobalMaxPooling1D(opts ...Option) *GlobalMaxPooling1D {
	return globalMaxPooling1DFromConfig(Options(opts, nil))
}

// NewGlobalMaxPooling2D makes a GlobalMaxPooling2D layer.
func NewGlobalMaxPooling2D(opts ...Option) *GlobalMaxPooling2D {
	return globalMaxPooling2DFromConfig(Options(opts, nil))
}

// NewGlobalMaxPooling3D makes a GlobalMaxPooling3D layer.
func NewGlobalMaxPooling3D(opts ...Option) *GlobalMaxPooling3D {
	return globalMaxPooling3DFromConfig(Options(opts, nil))
}

// NewGlobalAveragePooling1D makes a GlobalAveragePooling1D layer.
func NewGlobalAveragePooling1D(opts ...Option) *GlobalAveragePooling1D {
	return globalAveragePooling1DFromConfig(Options(opts, nil))
}

// NewGlobalAveragePooling2D makes a GlobalAveragePooling2D layer.
func NewGlobalAveragePooling2D(opts ...Option) *GlobalAveragePooling2D {
	return globalAveragePooling2DFromConfig(Options(opts, nil))
}

// NewGlobalAveragePooling3D makes a GlobalAveragePooling3D layer.
func NewGlobalAveragePooling3D(opts ...Option) *GlobalAveragePooling3D {
	return globalAveragePooling3DFromConfig(Options(opts, nil))
}

func globalMaxPooling1DFromConfig(c Config) *GlobalMaxPooling1D {
	l := &GlobalMaxPooling1D{}
	l.init(l, "GlobalMaxPooling1D", 1, true, c)
	return l
}

func globalMaxPooling2DFromConfig(c Config) *GlobalMaxPooling2D {
	l := &GlobalMaxPooling2D{}
	l.init(l, "GlobalMaxPooling2D", 2, true, c)
	return l
}

func globalMaxPooling3DFromConfig(c Config) *GlobalMaxPooling3D {
	l := &GlobalMaxPooling3D{}
	l.init(l, "GlobalMaxPooling3D", 3, true, c)
	return l
}

func globalAveragePooling1DFromConfig(c Config) *GlobalAveragePooling1D {
	l := &GlobalAveragePooling1D{}
	l.init(l, "GlobalAveragePooling1D", 1, false, c)
	return l
}

func globalAveragePooling2DFromConfig(c Config) *GlobalAveragePooling2D {
	l := &GlobalAveragePooling2D{}
	l.init(l, "GlobalAveragePooling2D", 2, false, c)
	return l
}

func globalAveragePooling3DFromConfig(c Config) *GlobalAveragePooling3D {
	l := &GlobalAveragePooling3D{}
	l.init(l, "GlobalAveragePooling3D", 3, false, c)
	return l
}

func init() {
	reg := func(name string, f func(Config) Layer) {
		Register(name, func(c Config) (Layer, error) { l := f(c); return l, l.Base().Err() })
	}
	reg("MaxPooling1D", func(c Config) Layer { return maxPooling1DFromConfig(c) })
	reg("MaxPooling2D", func(c Config) Layer { return maxPooling2DFromConfig(c) })
	reg("MaxPooling3D", func(c Config) Layer { return maxPooling3DFromConfig(c) })
	reg("AveragePooling1D", func(c Config) Layer { return averagePooling1DFromConfig(c) })
	reg("AveragePooling2D", func(c Config) Layer { return averagePooling2DFromConfig(c) })
	reg("AveragePooling3D", func(c Config) Layer { return averagePooling3DFromConfig(c) })
	reg("GlobalMaxPooling1D", func(c Config) Layer { return globalMaxPooling1DFromConfig(c) })
	reg("GlobalMaxPooling2D", func(c Config) Layer { return globalMaxPooling2DFromConfig(c) })
	reg("GlobalMaxPooling3D", func(c Config) Layer { return globalMaxPooling3DFromConfig(c) })
	reg("GlobalAveragePooling1D", func(c Config) Layer { return globalAveragePooling1DFromConfig(c) })
	reg("GlobalAveragePooling2D", func(c Config) Layer { return globalAveragePooling2DFromConfig(c) })
	reg("GlobalAveragePooling3D", func(c Config) Layer { return globalAveragePooling3DFromConfig(c) })
	// Keras's aliases.
	reg("MaxPool1D", func(c Config) Layer { return maxPooling1DFromConfig(c) })
	reg("MaxPool2D", func(c Config) Layer { return maxPooling2DFromConfig(c) })
	reg("MaxPool3D", func(c Config) Layer { return maxPooling3DFromConfig(c) })
	reg("AvgPool1D", func(c Config) Layer { return averagePooling1DFromConfig(c) })
	reg("AvgPool2D", func(c Config) Layer { return averagePooling2DFromConfig(c) })
	reg("AvgPool3D", func(c Config) Layer { return averagePooling3DFromConfig(c) })
	reg("GlobalMaxPool1D", func(c Config) Layer { return globalMaxPooling1DFromConfig(c) })
	reg("GlobalMaxPool2D", func(c Config) Layer { return globalMaxPooling2DFromConfig(c) })
	reg("GlobalMaxPool3D", func(c Config) Layer { return globalMaxPooling3DFromConfig(c) })
	reg("GlobalAvgPool1D", func(c Config) Layer { return globalAveragePooling1DFromConfig(c) })
	reg("GlobalAvgPool2D", func(c Config) Layer { return globalAveragePooling2DFromConfig(c) })
	reg("GlobalAvgPool3D", func(c Config) Layer { return globalAveragePooling3DFromConfig(c) })
}
