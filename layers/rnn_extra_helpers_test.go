package layers

import (
	"github.com/gokeras/keras/initializers"
	"github.com/gokeras/keras/ops"
	"github.com/gokeras/keras/tensor"
)

// minimalCell is Keras's MinimalRNNCell example with a tanh, a user-defined
// cell run by the generic unrolled path: h' = tanh(x·kernel + h·recurrent_kernel).
type minimalCell struct {
	BaseLayer
	units                   int
	Kernel, RecurrentKernel *tensor.Variable
}

func newMinimalCell(units int, opts ...Option) *minimalCell {
	return minimalCellFromConfig(Options(opts, map[string]any{"units": units}))
}

func minimalCellFromConfig(cfg Config) *minimalCell {
	l := &minimalCell{}
	l.BaseLayer.Init(l, "MinimalRNNCell", cfg)
	l.units = cfg.Int("units", 1)
	l.BaseLayer.Finish(cfg)
	return l
}

func init() {
	Register("MinimalRNNCell", func(c Config) (Layer, error) { l := minimalCellFromConfig(c); return l, l.Err() })
}

func (l *minimalCell) StateSize() []int { return []int{l.units} }
func (l *minimalCell) OutputSize() int  { return l.units }

func (l *minimalCell) Build(shapes []tensor.Shape) error {
	in := shapes[0][len(shapes[0])-1]
	gu, _ := initializers.Get("glorot_uniform")
	var err error
	if l.Kernel, err = l.AddWeight(WeightSpec{Name: "kernel", Shape: tensor.Shape{in, l.units}, Initializer: gu, Trainable: true}); err != nil {
		return err
	}
	l.RecurrentKernel, err = l.AddWeight(WeightSpec{Name: "recurrent_kernel", Shape: tensor.Shape{l.units, l.units}, Initializer: gu, Trainable: true})
	return err
}

func (l *minimalCell) ComputeOutputShape(shapes []tensor.Shape) ([]tensor.Shape, error) {
	o := tensor.Shape{shapes[0][0], l.units}
	return []tensor.Shape{o, o.Clone()}, nil
}

func (l *minimalCell) Step(ctx *Context, x *tensor.Tensor, states []*tensor.Tensor) (*tensor.Tensor, []*tensor.Tensor, error) {
	a, err := ops.Matmul(x, l.Kernel.Value())
	if err != nil {
		return nil, nil, err
	}
	b, err := ops.Matmul(states[0], l.RecurrentKernel.Value())
	if err != nil {
		return nil, nil, err
	}
	s, err := ops.Add(a, b)
	if err != nil {
		return nil, nil, err
	}
	h, err := ops.Tanh(s)
	if err != nil {
		return nil, nil, err
	}
	return h, []*tensor.Tensor{h}, nil
}

func (l *minimalCell) Call(ctx *Context, in []*tensor.Tensor) ([]*tensor.Tensor, error) {
	y, ns, err := l.Step(ctx, in[0], in[1:])
	if err != nil {
		return nil, err
	}
	return append([]*tensor.Tensor{y}, ns...), nil
}

func (l *minimalCell) GetConfig() map[string]any {
	cfg := l.BaseConfig()
	cfg["units"] = l.units
	return cfg
}

// opaqueCell hides a built-in cell's type, so that the RNN layer runs it
// through the generic unrolled path (one Step per time step).
type opaqueCell struct{ RNNCell }

// rnnBoolMask turns 0/1 values into a (b, t) bool tensor.
func rnnBoolMask(v []float64, b, t int) *tensor.Tensor {
	m := make([]bool, len(v))
	for i, x := range v {
		m[i] = x != 0
	}
	out, _ := tensor.FromBool(m, b, t)
	return out
}
