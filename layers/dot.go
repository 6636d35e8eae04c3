package layers

import (
	"fmt"

	"github.com/gokeras/keras/tensor"

	"github.com/gokeras/keras/ops"
)

// Dot is keras.layers.Dot: the dot product of two batched inputs along
// Axes (one axis for each input, or the same for both), with each input
// first L2-normalized along its axis when Normalize is set (the cosine
// proximity). It follows Keras's batch_dot.
type Dot struct {
	BaseLayer
	// Axes holds the axis of each input.
	Axes      [2]int
	Normalize bool
	axesList  bool
}

// NewDot makes a Dot layer for axes (one int for both inputs, or two).
// Options: With("normalize", true), WithName.
func NewDot(axes []int, opts ...Option) *Dot {
	var a any = intsAny(axes)
	if len(axes) == 1 {
		a = axes[0]
	}
	return dotFromConfig(Options(opts, map[string]any{"axes": a}))
}

func dotFromConfig(cfg Config) *Dot {
	l := &Dot{}
	l.BaseLayer.Init(l, "Dot", cfg)
	raw := cfg.Any("axes")
	v, err := toInts(raw)
	switch {
	case raw == nil:
		cfg.Fail(fmt.Errorf("argument axes is required"))
	case err != nil:
		cfg.Fail(fmt.Errorf("invalid type for argument `axes`: it should be a list or an int. Received: axes=%v", raw))
	default:
		_, isList := raw.([]any)
		_, isInts := raw.([]int)
		l.axesList = isList || isInts
		switch {
		case !l.axesList:
			l.Axes = [2]int{v[0], v[0]}
		case len(v) != 2:
			cfg.Fail(fmt.Errorf("invalid format for argument `axes`: it should contain two elements. Received: axes=%v", raw))
		default:
			l.Axes = [2]int{v[0], v[1]}
		}
	}
	l.Normalize = cfg.Bool("normalize", false)
	l.BaseLayer.Finish(cfg)
	return l
}

// resolve makes the axes non-negative for ranks r0 and r1.
func (l *Dot) resolve(r0, r1 int) [2]int {
	a := l.Axes
	if a[0] < 0 {
		a[0] = ((a[0] % r0) + r0) % r0
	}
	if a[1] < 0 {
		a[1] = ((a[1] % r1) + r1) % r1
	}
	return a
}

// Build checks the two shapes agree on the dot axes.
func (l *Dot) Build(shapes []tensor.Shape) error {
	_, err := l.ComputeOutputShape(shapes)
	return err
}

// ComputeOutputShape drops the dot axes and joins the rest (batch once).
func (l *Dot) ComputeOutputShape(shapes []tensor.Shape) ([]tensor.Shape, error) {
	if len(shapes) != 2 {
		return nil, fmt.Errorf("a `Dot` layer should be called on a list of 2 inputs. Received: input_shape=%v", shapes)
	}
	s1, s2 := shapes[0], shapes[1]
	if len(s1) < 2 || len(s2) < 2 {
		return nil, fmt.Errorf("cannot do batch_dot on inputs with rank < 2. Received inputs with shapes %v and %v", s1, s2)
	}
	a := l.resolve(len(s1), len(s2))
	if a[0] >= len(s1) || a[1] >= len(s2) {
		return nil, fmt.Errorf("axes %v are out of range for input shapes %v and %v", a, s1, s2)
	}
	if a[0] == 0 || a[1] == 0 {
		return nil, fmt.Errorf("cannot perform batch_dot over axis 0. If your inputs are not batched, add a dummy batch dimension to your inputs")
	}
	if s1[a[0]] != s2[a[1]] {
		return nil, fmt.Errorf("incompatible input shapes: axis values %d (at axis %d) != %d (at axis %d). Full input shapes: %v, %v", s1[a[0]], a[0], s2[a[1]], a[1], s1, s2)
	}
	if s1[0] >= 0 && s2[0] >= 0 && s1[0] != s2[0] {
		return nil, fmt.Errorf("cannot do batch_dot on inputs with different batch sizes. Received inputs with shapes %v and %v", s1, s2)
	}
	out := append(tensor.Shape{}, s1[:a[0]]...)
	out = append(out, s1[a[0]+1:]...)
	out = append(out, s2[1:a[1]]...)
	out = append(out, s2[a[1]+1:]...)
	if len(out) == 1 {
		out = append(out, 1)
	}
	return []tensor.Shape{out}, nil
}

// Call computes the batched dot product.
func (l *Dot) Call(_ *Context, in []*tensor.Tensor) ([]*tensor.Tensor, error) {
	if len(in) != 2 {
		return nil, fmt.Errorf("a `Dot` layer should be called on exactly 2 inputs. Received %d inputs", len(in))
	}
	outs, err := l.ComputeOutputShape([]tensor.Shape{in[0].Shape(), in[1].Shape()})
	if err != nil {
		return nil, err
	}
	x, y := in[0], in[1]
	a := l.resolve(x.Rank(), y.Rank())
	if l.Normalize {
		if x, err = applyNorm(x, normUnit, 1e-14, []int{a[0]}, nil, nil); err != nil {
			return nil, err
		}
		if y, err = applyNorm(y, normUnit, 1e-14, []int{a[1]}, nil, nil); err != nil {
			return nil, err
		}
	}
	z, err := batchDot(x, y, a[0], a[1])
	if err != nil {
		return nil, err
	}
	if z, err = ops.Reshape(z, outs[0].Clone()...); err != nil {
		return nil, err
	}
	return []*tensor.Tensor{z}, nil
}

// batchDot contracts axis a0 of x with axis a1 of y, batched over axis 0:
// x's free axes come first, then y's (Keras's batch_dot, without its final
// reshape, which the caller does).
func batchDot(x, y *tensor.Tensor, a0, a1 int) (*tensor.Tensor, error) {
	var err error
	// Move a0 last in x and a1 to position 1 in y.
	px := []int{}
	for i := 0; i < x.Rank(); i++ {
		if i != a0 {
			px = append(px, i)
		}
	}
	px = append(px, a0)
	py := []int{0, a1}
	for i := 1; i < y.Rank(); i++ {
		if i != a1 {
			py = append(py, i)
		}
	}
	if x, err = ops.Transpose(x, px); err != nil {
		return nil, err
	}
	if y, err = ops.Transpose(y, py); err != nil {
		return nil, err
	}
	b, k := x.Dim(0), x.Dim(-1)
	if x, err = ops.Reshape(x, b, -1, k); err != nil {
		return nil, err
	}
	if y, err = ops.Reshape(y, b, k, -1); err != nil {
		return nil, err
	}
	return ops.Matmul(x, y)
}

// GetConfig returns Keras's Dot config.
func (l *Dot) GetConfig() map[string]any {
	cfg := l.BaseConfig()
	if l.axesList {
		cfg["axes"] = []any{l.Axes[0], l.Axes[1]}
	} else {
		cfg["axes"] = l.Axes[0]
	}
	cfg["normalize"] = l.Normalize
	return cfg
}

func init() {
	Register("Dot", func(c Config) (Layer, error) { l := dotFromConfig(c); return l, l.Base().Err() })
}
