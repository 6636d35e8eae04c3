package layers

import (
	"fmt"
	"slices"

	"github.com/gokeras/keras/initializers"
	"github.com/gokeras/keras/ops"
	"github.com/gokeras/keras/tensor"
)

// normEpsilon is keras.backend.epsilon(), the floor of the standard
// deviation Normalization divides by.
const normEpsilon = 1e-7

// Normalization is keras.layers.Normalization: it shifts and scales inputs
// to zero mean and unit variance per position of the kept axes (axis,
// default -1): (x - mean) / max(sqrt(variance), 1e-7), or with invert
// mean + x * max(sqrt(variance), 1e-7). mean and variance are given as
// options or computed by Adapt (numpy's mean and population variance over
// the other axes). It is differentiable with respect to its input.
//
// Without given mean and variance, Build creates Keras's three
// non-trainable weights: mean and variance (shaped as the kept axes) and
// count (an int64 scalar that, as in Keras's array adapt, stays 0).
type Normalization struct {
	BaseLayer
	axisArg  []int // as given (negative allowed)
	axisNone bool
	invert   bool
	inMean   []float64 // given mean (nil: adapt)
	inVar    []float64
	meanRaw  any
	varRaw   any

	keep      []int // kept axes, sorted, non-negative
	bshape    []int // broadcast shape of mean/variance
	Mean      *tensor.Variable
	Variance  *tensor.Variable
	Count     *tensor.Variable
	constMean *tensor.Tensor // broadcast-shaped, for a given mean
	constVar  *tensor.Tensor
}

// NewNormalization makes a Normalization layer. Options: With("axis", n or
// []int or nil), With("mean", v), With("variance", v) (numbers or lists,
// broadcast against the kept axes), With("invert", true), WithName.
func NewNormalization(opts ...Option) *Normalization {
	return normalizationFromConfig(Options(opts, nil))
}

func normalizationFromConfig(cfg Config) *Normalization {
	l := &Normalization{}
	l.BaseLayer.Init(l, "Normalization", cfg)
	if cfg.Has("axis") && cfg.Any("axis") == nil {
		l.axisNone = true
	} else {
		l.axisArg = cfg.Ints("axis", []int{-1})
	}
	l.invert = cfg.Bool("invert", false)
	l.meanRaw, l.varRaw = cfg.Any("mean"), cfg.Any("variance")
	if (l.meanRaw == nil) != (l.varRaw == nil) {
		cfg.Fail(fmt.Errorf("when setting values directly, both `mean` and `variance` must be set. Received: mean=%v and variance=%v", l.meanRaw, l.varRaw))
	}
	if l.meanRaw != nil && l.varRaw != nil {
		m, ms, ok1 := flatNumbers(l.meanRaw)
		v, vs, ok2 := flatNumbers(l.varRaw)
		switch {
		case !ok1 || !ok2:
			cfg.Fail(fmt.Errorf("`mean` and `variance` must be numbers or (nested) lists of numbers. Received: mean=%v and variance=%v", l.meanRaw, l.varRaw))
		case !slices.Equal(ms, vs):
			cfg.Fail(fmt.Errorf("when setting values directly, `mean` and `variance` must have the same shape. Received: mean shape %v and variance shape %v", ms, vs))
		case len(ms) > len(l.axisArg):
			cfg.Fail(fmt.Errorf("the rank of `mean` must be less than or equal to the number of axes (%d). Received: mean shape %v for axis %v", len(l.axisArg), ms, l.axisArg))
		}
		l.inMean, l.inVar = m, v
	}
	l.BaseLayer.Finish(cfg)
	return l
}

// flatNumbers flattens a number or (nested) list of numbers, returning its
// shape.
func flatNumbers(v any) ([]float64, []int, bool) {
	if f, ok := toFloat(v); ok {
		return []float64{f}, nil, true
	}
	var items []any
	switch x := v.(type) {
	case []float64:
		return slices.Clone(x), []int{len(x)}, true
	case []float32, []int:
		f, _ := toFloats(x)
		return f, []int{len(f)}, true
	case []any:
		items = x
	default:
		return nil, nil, false
	}
	var out []float64
	var shape []int
	for i, it := range items {
		f, s, ok := flatNumbers(it)
		if !ok || (i > 0 && !slices.Equal(s, shape)) {
			return nil, nil, false
		}
		shape = s
		out = append(out, f...)
	}
	return out, append([]int{len(items)}, shape...), true
}

// Build resolves the axes and creates the weights (or the constants for a
// given mean and variance).
func (l *Normalization) Build(shapes []tensor.Shape) error {
	if err := wantInputs(shapes, 1); err != nil {
		return err
	}
	s := shapes[0]
	nd := len(s)
	l.keep = nil
	for _, a := range l.axisArg {
		if a < -nd || a >= nd {
			return fmt.Errorf("all `axis` values must be in the range [-ndim, ndim). Received inputs with ndim=%d, while axis=%v", nd, l.axisArg)
		}
		if a < 0 {
			a += nd
		}
		if !slices.Contains(l.keep, a) {
			l.keep = append(l.keep, a)
		}
	}
	slices.Sort(l.keep)
	keepShape := []int{}
	l.bshape = make([]int, nd)
	for d := range nd {
		l.bshape[d] = 1
		if slices.Contains(l.keep, d) {
			if s[d] < 0 {
				return fmt.Errorf("all `axis` values to be kept must have a known shape. Received axis=%v, inputs.shape=%v, with unknown axis at index %d", l.axisArg, s, d)
			}
			l.bshape[d] = s[d]
			keepShape = append(keepShape, s[d])
		}
	}
	if l.inMean != nil {
		var err error
		if l.constMean, err = l.broadcastGiven(l.inMean, keepShape); err != nil {
			return err
		}
		l.constVar, err = l.broadcastGiven(l.inVar, keepShape)
		return err
	}
	var err error
	if l.Mean, err = l.AddWeight(WeightSpec{Name: "mean", Shape: keepShape, Initializer: initializers.Zeros{}}); err != nil {
		return err
	}
	if l.Variance, err = l.AddWeight(WeightSpec{Name: "variance", Shape: keepShape, Initializer: initializers.Ones{}}); err != nil {
		return err
	}
	zero, _ := tensor.FromInt64([]int64{0})
	l.Count = tensor.NewVariable("count", l.Name()+"/count", zero, false)
	l.vars = append(l.vars, l.Count)
	l.frozen = append(l.frozen, true)
	return nil
}

// broadcastGiven lays a given mean or variance (aligned right against the
// kept axes) out in the broadcast shape.
func (l *Normalization) broadcastGiven(v []float64, keepShape []int) (*tensor.Tensor, error) {
	full := 1
	for _, d := range l.bshape {
		full *= d
	}
	out := make([]float32, full)
	if len(v) == 1 {
		for i := range out {
			out[i] = float32(v[0])
		}
		return tensor.FromFloat32(out, l.bshape...)
	}
	// v's shape is a suffix of keepShape; index it by the trailing kept axes.
	_, vs, _ := flatNumbers(l.meanRaw)
	if len(vs) > len(keepShape) || !slices.Equal(vs, keepShape[len(keepShape)-len(vs):]) {
		return nil, fmt.Errorf("`mean` of shape %v cannot be broadcast to the kept axes of shape %v", vs, keepShape)
	}
	bs := tensor.Shape(l.bshape)
	st := bs.Strides()
	vst := tensor.Shape(vs).Strides()
	ax := l.keep[len(l.keep)-len(vs):]
	for i := range out {
		vi := 0
		for k, a := range ax {
			vi += (i / st[a] % l.bshape[a]) * vst[k]
		}
		out[i] = float32(v[vi])
	}
	return tensor.FromFloat32(out, l.bshape...)
}

// Adapt computes the mean and population variance of data over the
// non-kept axes (data includes the batch axis), building the layer from
// data's shape if needed.
func (l *Normalization) Adapt(data *tensor.Tensor) error {
	fail := func(err error) error { return fmt.Errorf("layer %q (Normalization): %w", l.Name(), err) }
	if l.inMean != nil {
		return fail(fmt.Errorf("cannot adapt a layer given `mean` and `variance`"))
	}
	if data == nil || data.DType() == tensor.String {
		return fail(fmt.Errorf("adapt expects numeric data"))
	}
	s := data.Shape()
	if l.Built() {
		bs := l.BuildShapes()[0]
		for _, d := range l.keep {
			if d >= len(s) || len(bs) != len(s) || s[d] != bs[d] {
				return fail(fmt.Errorf("the layer was built with input_shape=%v, but adapt() is being called with data with an incompatible shape, data.shape=%v", bs, s))
			}
		}
	} else if err := EnsureBuilt(l, []tensor.Shape{s.Clone()}); err != nil {
		return err
	}
	if data.Size() == 0 {
		return fail(fmt.Errorf("adapt data is empty"))
	}
	keepSize := l.Mean.Shape().Size()
	sum := make([]float64, keepSize)
	sq := make([]float64, keepSize)
	cnt := float64(data.Size() / keepSize)
	st := s.Strides()
	kst := tensor.Shape(l.Mean.Shape()).Strides()
	pos := func(i int) int {
		k := 0
		for j, a := range l.keep {
			k += (i / st[a] % s[a]) * kst[j]
		}
		return k
	}
	for i := range data.Size() {
		sum[pos(i)] += data.At(i)
	}
	for k := range sum {
		sum[k] /= cnt
	}
	for i := range data.Size() {
		d := data.At(i) - sum[pos(i)]
		sq[pos(i)] += d * d
	}
	mean := l.Mean.Value().Float32s()
	variance := l.Variance.Value().Float32s()
	for k := range sum {
		mean[k] = float32(sum[k])
		variance[k] = float32(sq[k] / cnt)
	}
	return nil
}

// ComputeOutputShape keeps the shape.
func (l *Normalization) ComputeOutputShape(shapes []tensor.Shape) ([]tensor.Shape, error) {
	if err := wantInputs(shapes, 1); err != nil {
		return nil, err
	}
	return []tensor.Shape{shapes[0].Clone()}, nil
}

// SupportsMasking: the layer is element-wise, masks pass through.
func (l *Normalization) SupportsMasking() bool { return true }

// Call normalizes (or, with invert, denormalizes) x.
func (l *Normalization) Call(_ *Context, in []*tensor.Tensor) ([]*tensor.Tensor, error) {
	if len(in) != 1 {
		return nil, fmt.Errorf("expected 1 input, received %d", len(in))
	}
	x := in[0]
	if x.DType() == tensor.String {
		return nil, fmt.Errorf("expected numeric inputs, got dtype %v", x.DType())
	}
	if x.Rank() != len(l.bshape) {
		return nil, fmt.Errorf("input 0 has rank %d but the layer was built for rank %d (shape %v)", x.Rank(), len(l.bshape), l.BuildShapes()[0])
	}
	var err error
	if x.DType() != tensor.Float32 {
		if x, err = ops.Cast(x, tensor.Float32); err != nil {
			return nil, err
		}
	}
	mean, variance := l.constMean, l.constVar
	if mean == nil {
		if mean, err = ops.Reshape(l.Mean.Value(), l.bshape...); err != nil {
			return nil, err
		}
		if variance, err = ops.Reshape(l.Variance.Value(), l.bshape...); err != nil {
			return nil, err
		}
	}
	std, err := ops.Sqrt(variance)
	if err != nil {
		return nil, err
	}
	if std, err = ops.Maximum(std, ops.Const(normEpsilon)); err != nil {
		return nil, err
	}
	var y *tensor.Tensor
	if l.invert {
		if y, err = ops.Multiply(x, std); err == nil {
			y, err = ops.Add(mean, y)
		}
	} else if y, err = ops.Subtract(x, mean); err == nil {
		y, err = ops.Divide(y, std)
	}
	if err != nil {
		return nil, err
	}
	return []*tensor.Tensor{y}, nil
}

// GetConfig returns Keras's Normalization config.
func (l *Normalization) GetConfig() map[string]any {
	cfg := l.BaseConfig()
	if l.axisNone {
		cfg["axis"] = []any{}
	} else {
		ax := make([]any, len(l.axisArg))
		for i, a := range l.axisArg {
			ax[i] = a
		}
		cfg["axis"] = ax
	}
	cfg["invert"] = l.invert
	cfg["mean"] = l.meanRaw
	cfg["variance"] = l.varRaw
	return cfg
}

func init() {
	Register("Normalization", func(c Config) (Layer, error) { l := normalizationFromConfig(c); return l, l.Base().Err() })
}
