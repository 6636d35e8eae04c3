package layers

import (
	"fmt"
	"math"
	"sort"

	"github.com/gokeras/keras/tensor"
)

// Discretization is keras.layers.Discretization: it buckets float values by
// bin boundaries (bin i holds boundaries[i-1] <= x < boundaries[i], as
// numpy.digitize), given as bin_boundaries or learned by Adapt as num_bins
// approximate quantiles with Keras's summary algorithm (epsilon its
// precision). output_mode "int" returns the bin indices as int32; "one_hot",
// "multi_hot" and "count" encode them as float32 over len(boundaries)+1
// bins.
//
// Deviations from Keras: sparse outputs are not supported; multi_hot and
// count take inputs of rank 2 at most (Keras's JAX path reduces axis 1 of
// higher ranks); Adapt takes one tensor (one update_state call).
type Discretization struct {
	BaseLayer
	BinBoundaries []float64 // nil until given or adapted
	NumBins       int       // 0: None
	Epsilon       float64
	OutputMode    string
	idx           []int64 // scratch
}

// NewDiscretization makes a Discretization layer. Options:
// With("bin_boundaries", []float64{...}) or With("num_bins", n) (then
// Adapt), With("epsilon", 0.01), With("output_mode", mode), WithName.
func NewDiscretization(opts ...Option) *Discretization {
	return discretizationFromConfig(Options(opts, nil))
}

func discretizationFromConfig(cfg Config) *Discretization {
	l := &Discretization{}
	takeDType(&cfg, "float32")
	l.BaseLayer.Init(l, "Discretization", cfg)
	l.OutputMode = cfg.String("output_mode", "int")
	checkMode(&cfg, "Discretization", "output_mode", l.OutputMode, "int", "one_hot", "multi_hot", "count")
	if cfg.Bool("sparse", false) {
		cfg.Fail(fmt.Errorf("`sparse=True` is not supported: outputs are dense tensors"))
	}
	l.NumBins = cfg.Int("num_bins", 0)
	hasBins := cfg.Any("num_bins") != nil
	if hasBins && l.NumBins < 0 {
		cfg.Fail(fmt.Errorf("`num_bins` must be greater than or equal to 0. Received: `num_bins=%d`", l.NumBins))
	}
	if raw := cfg.Any("bin_boundaries"); raw != nil {
		b, ok := toFloats(raw)
		if !ok {
			cfg.Fail(fmt.Errorf("argument bin_boundaries must be a list of numbers, got %T (%v)", raw, raw))
		}
		l.BinBoundaries = b
		if b == nil {
			l.BinBoundaries = []float64{}
		}
	}
	// After adapt, Keras's config holds both (from_config sets the
	// boundaries after construction); only a user passing both is an error.
	if !hasBins && l.BinBoundaries == nil {
		cfg.Fail(fmt.Errorf("you need to set either `num_bins` or `bin_boundaries`"))
	}
	l.Epsilon = cfg.Float("epsilon", 0.01)
	l.BaseLayer.Finish(cfg)
	return l
}

// Adapt learns num_bins-1 boundaries from the values of data, as Keras's
// adapt on an array: its summary (sorted values sampled every
// len/(1/epsilon)), compressed to epsilon, then to 1/num_bins, by
// cumulative-weight interpolation.
func (l *Discretization) Adapt(data *tensor.Tensor) error {
	if l.NumBins <= 0 {
		return fmt.Errorf("layer %q (Discretization): cannot adapt a Discretization layer that has been initialized with `bin_boundaries`, use `num_bins` instead", l.Name())
	}
	if data == nil {
		return fmt.Errorf("layer %q (Discretization): adapt data is nil", l.Name())
	}
	vals := data.Float32Values()
	if data.DType() == tensor.String || vals == nil && data.Size() > 0 {
		return fmt.Errorf("layer %q (Discretization): adapt expects numeric data, got %v", l.Name(), data.DType())
	}
	s := discSummarize(vals, l.Epsilon)
	s = discCompress(s, l.Epsilon) // merge with the empty summary
	b := discCompress(s, 1/float64(l.NumBins))
	l.BinBoundaries = make([]float64, max(len(b[0])-1, 0))
	for i := range l.BinBoundaries {
		l.BinBoundaries[i] = float64(b[0][i])
	}
	return nil
}

// discSummarize is Keras's summarize: sorted values taken every step =
// max(n*epsilon, 1) from index step-1, each weighing step (float32).
func discSummarize(values []float32, eps float64) [2][]float32 {
	v := append([]float32(nil), values...)
	sort.Slice(v, func(i, j int) bool { return v[i] < v[j] || (v[j] != v[j] && v[i] == v[i]) })
	step := max(float64(len(v))/(1.0/eps), 1)
	start, stride := int(step-1), int(step)
	var out [2][]float32
	for i := start; i < len(v); i += stride {
		out[0] = append(out[0], v[i])
		out[1] = append(out[1], float32(step))
	}
	return out
}

// discCompress is Keras's compress_summary.
func discCompress(s [2][]float32, eps float64) [2][]float32 {
	n := len(s[0])
	if float64(n)*eps < 1 {
		return s
	}
	cum := make([]float32, n)
	var acc float32
	for i, w := range s[1] {
		acc += w
		cum[i] = acc
	}
	xp := make([]float64, n)
	fpW := make([]float64, n)
	fpB := make([]float64, n)
	for i := range cum {
		xp[i] = float64(cum[i] / cum[n-1])
		fpW[i] = float64(cum[i])
		fpB[i] = float64(s[0][i])
	}
	m := int(math.Ceil(1.0 / eps))
	var out [2][]float32
	prev := 0.0
	for i := range m {
		p := eps + float64(i)*eps
		out[0] = append(out[0], float32(numpyInterp(p, xp, fpB)))
		c := numpyInterp(p, xp, fpW)
		out[1] = append(out[1], float32(c-prev))
		prev = c
	}
	return out
}

// numpyInterp is numpy.interp for one point.
func numpyInterp(x float64, xp, fp []float64) float64 {
	n := len(xp)
	switch {
	case x != x:
		return x
	case n == 1:
		return fp[0]
	case x > xp[n-1]:
		return fp[n-1]
	case x < xp[0]:
		return fp[0]
	}
	j := sort.Search(n, func(i int) bool { return xp[i] > x }) - 1
	if j >= n-1 {
		return fp[n-1]
	}
	if xp[j] == x {
		return fp[j]
	}
	slope := (fp[j+1] - fp[j]) / (xp[j+1] - xp[j])
	r := slope*(x-xp[j]) + fp[j]
	if r != r {
		r = slope*(x-xp[j+1]) + fp[j+1]
		if r != r && fp[j] == fp[j+1] {
			r = fp[j]
		}
	}
	return r
}

// Build checks there is one input.
func (l *Discretization) Build(shapes []tensor.Shape) error { return wantInputs(shapes, 1) }

// OutputDType is int32 in "int" mode, float32 otherwise.
func (l *Discretization) OutputDType(int) tensor.DType {
	if l.OutputMode == "int" {
		return tensor.Int32
	}
	return tensor.Float32
}

func (l *Discretization) depth() int {
	if l.BinBoundaries != nil {
		return len(l.BinBoundaries) + 1
	}
	return l.NumBins
}

// ComputeOutputShape keeps the shape ("int") or encodes the last axis.
func (l *Discretization) ComputeOutputShape(shapes []tensor.Shape) ([]tensor.Shape, error) {
	if err := wantInputs(shapes, 1); err != nil {
		return nil, err
	}
	if l.OutputMode == "int" {
		return []tensor.Shape{shapes[0].Clone()}, nil
	}
	s, err := encodedShape(l.OutputMode, shapes[0], l.depth())
	return []tensor.Shape{s}, err
}

// Call buckets the inputs.
func (l *Discretization) Call(_ *Context, in []*tensor.Tensor) ([]*tensor.Tensor, error) {
	if len(in) != 1 {
		return nil, fmt.Errorf("expected 1 input, received %d", len(in))
	}
	if l.BinBoundaries == nil {
		return nil, fmt.Errorf("you need to either pass the `bin_boundaries` argument at construction time or call `adapt(dataset)` before you can start using the `Discretization` layer")
	}
	x := in[0]
	if x.DType() == tensor.String {
		return nil, fmt.Errorf("expected numeric inputs, got dtype %v", x.DType())
	}
	shape := x.Shape().Clone()
	if l.OutputMode != "int" {
		var err error
		if shape, err = encodedShape(l.OutputMode, x.Shape(), l.depth()); err != nil {
			return nil, err
		}
	}
	n := lastDim(x.Shape())
	return one(applyPreproc("discretization", l.OutputDType(0), shape, func(out *tensor.Tensor, in []*tensor.Tensor) error {
		b, x := l.BinBoundaries, in[0]
		if cap(l.idx) < x.Size() {
			l.idx = make([]int64, x.Size())
		}
		idx := l.idx[:x.Size()]
		for i := range idx {
			f := x.At(i)
			idx[i] = int64(sort.Search(len(b), func(k int) bool { return f < b[k] }))
		}
		if out.DType() == tensor.Int32 {
			for i, v := range idx {
				out.Int32s()[i] = int32(v)
			}
			return nil
		}
		encodeRows(out.Float32s(), idx, n, len(b)+1, l.OutputMode, nil)
		return nil
	}, x))
}

// GetConfig returns Keras's Discretization config (its own key set: no
// "trainable").
func (l *Discretization) GetConfig() map[string]any {
	var bins, nb any
	if l.BinBoundaries != nil {
		bins = append([]float64{}, l.BinBoundaries...)
	}
	if l.NumBins > 0 {
		nb = l.NumBins
	}
	return map[string]any{
		"bin_boundaries": bins,
		"num_bins":       nb,
		"epsilon":        l.Epsilon,
		"output_mode":    l.OutputMode,
		"sparse":         false,
		"name":           l.Name(),
		"dtype":          "float32",
	}
}

func init() {
	Register("Discretization", func(c Config) (Layer, error) { l := discretizationFromConfig(c); return l, l.Base().Err() })
}
