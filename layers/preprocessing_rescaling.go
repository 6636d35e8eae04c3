package layers

import (
	"fmt"

	"github.com/gokeras/keras/ops"
	"github.com/gokeras/keras/tensor"
)

// Rescaling is keras.layers.Rescaling: inputs * scale + offset, in training
// and inference (1/255 maps [0, 255] pixels to [0, 1]). Integer inputs
// (uint8 images) are cast to float32 first.
//
// Scale and offset are numbers or lists of numbers; a list broadcasts
// against the last axis (channels_last images), as numpy broadcasting does in
// Keras. Keras's channels_first reshape of an array scale is not supported
// (deviation: use a list with channels_last data).
type Rescaling struct {
	BaseLayer
	Scale, Offset []float64
	scaleRaw      any
	offsetRaw     any
}

// NewRescaling makes a Rescaling layer. scale is a float64 or a []float64;
// options: With("offset", v), WithName.
func NewRescaling(scale any, opts ...Option) *Rescaling {
	return rescalingFromConfig(Options(opts, map[string]any{"scale": scale}))
}

func rescalingFromConfig(cfg Config) *Rescaling {
	l := &Rescaling{}
	l.BaseLayer.Init(l, "Rescaling", cfg)
	l.scaleRaw, l.Scale = rescaleArg(&cfg, "scale", 1)
	l.offsetRaw, l.Offset = rescaleArg(&cfg, "offset", 0)
	l.BaseLayer.Finish(cfg)
	return l
}

// rescaleArg reads a number or a list of numbers.
func rescaleArg(cfg *Config, key string, def float64) (any, []float64) {
	raw := cfg.Any(key)
	if raw == nil {
		return def, []float64{def}
	}
	if f, ok := toFloat(raw); ok {
		return f, []float64{f}
	}
	if fs, ok := toFloats(raw); ok && len(fs) > 0 {
		l := make([]any, len(fs))
		for i, f := range fs {
			l[i] = f
		}
		return l, fs
	}
	cfg.Fail(fmt.Errorf("argument `%s` must be a number or a list of numbers. Received: %s=%v", key, key, raw))
	return def, []float64{def}
}

// Build checks that a list scale or offset matches the last axis.
func (l *Rescaling) Build(shapes []tensor.Shape) error {
	if err := wantInputs(shapes, 1); err != nil {
		return err
	}
	return l.check(shapes[0])
}

func (l *Rescaling) check(s tensor.Shape) error {
	for _, p := range []struct {
		name string
		v    []float64
	}{{"scale", l.Scale}, {"offset", l.Offset}} {
		if len(p.v) == 1 {
			continue
		}
		if len(s) == 0 || (s[len(s)-1] >= 0 && s[len(s)-1] != len(p.v)) {
			return fmt.Errorf("`%s` of length %d cannot be broadcast to inputs of shape %v", p.name, len(p.v), s)
		}
	}
	return nil
}

// ComputeOutputShape returns the input shape.
func (l *Rescaling) ComputeOutputShape(shapes []tensor.Shape) ([]tensor.Shape, error) {
	return sameShape(shapes)
}

// Call computes inputs * scale + offset.
func (l *Rescaling) Call(_ *Context, in []*tensor.Tensor) ([]*tensor.Tensor, error) {
	x := in[0]
	if err := l.check(x.Shape()); err != nil {
		return nil, err
	}
	if x.DType() != tensor.Float32 {
		var err error
		if x, err = ops.Cast(x, tensor.Float32); err != nil {
			return nil, err
		}
	}
	op := &rescaleOp{scale: f32List(l.Scale), offset: f32List(l.Offset)}
	if s := x.Shape(); len(s) > 0 {
		op.last = s[len(s)-1]
	}
	y, err := tensor.Apply(op, tensor.Float32, x.Shape().Clone(), x)
	if err != nil {
		return nil, err
	}
	return []*tensor.Tensor{y}, nil
}

func f32List(v []float64) []float32 {
	out := make([]float32, len(v))
	for i, f := range v {
		out[i] = float32(f)
	}
	return out
}

// GetConfig returns Keras's Rescaling config.
func (l *Rescaling) GetConfig() map[string]any {
	cfg := l.BaseConfig()
	cfg["scale"] = l.scaleRaw
	cfg["offset"] = l.offsetRaw
	return cfg
}

// rescaleOp is y = x*scale[k] + offset[k], k the last-axis index (or 0 for
// scalars).
type rescaleOp struct {
	scale, offset []float32
	last          int
}

func (op *rescaleOp) Name() string { return "rescaling" }

func (op *rescaleOp) at(v []float32, i int) float32 {
	if len(v) == 1 {
		return v[0]
	}
	return v[i%op.last]
}

func (op *rescaleOp) Forward(out *tensor.Tensor, in []*tensor.Tensor) {
	x, y := in[0].Float32s(), out.Float32s()
	if len(op.scale) == 1 && len(op.offset) == 1 {
		s, o := op.scale[0], op.offset[0]
		for i, v := range x {
			y[i] = v*s + o
		}
		return
	}
	for i, v := range x {
		y[i] = v*op.at(op.scale, i) + op.at(op.offset, i)
	}
}

func (op *rescaleOp) Backward(gout, out *tensor.Tensor, in []*tensor.Tensor, gin []*tensor.Tensor) {
	if gin[0] == nil {
		return
	}
	g, gx := gout.Float32s(), gin[0].Float32s()
	for i, v := range g {
		gx[i] += v * op.at(op.scale, i)
	}
}
