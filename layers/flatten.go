package layers

import (
	"fmt"

	"github.com/gokeras/keras/ops"
	"github.com/gokeras/keras/tensor"
)

// Flatten is keras.layers.Flatten: it reshapes (batch, d1, d2, ...) to
// (batch, d1*d2*...), sharing storage with its input.
type Flatten struct {
	BaseLayer
	dataFormat string
}

// NewFlatten makes a Flatten layer. Options: WithName,
// With("data_format", "channels_first").
func NewFlatten(opts ...Option) *Flatten { return flattenFromConfig(Options(opts, nil)) }

func flattenFromConfig(cfg Config) *Flatten {
	l := &Flatten{}
	l.BaseLayer.Init(l, "Flatten", cfg)
	l.dataFormat = cfg.String("data_format", "channels_last")
	if l.dataFormat != "channels_last" && l.dataFormat != "channels_first" {
		cfg.Fail(fmt.Errorf("data_format must be channels_last or channels_first, got %q", l.dataFormat))
	}
	l.BaseLayer.Finish(cfg)
	return l
}

// Build checks the input rank.
func (l *Flatten) Build(shapes []tensor.Shape) error { return wantInputs(shapes, 1) }

// ComputeOutputShape returns (batch, product of the other dimensions).
func (l *Flatten) ComputeOutputShape(shapes []tensor.Shape) ([]tensor.Shape, error) {
	if err := wantInputs(shapes, 1); err != nil {
		return nil, err
	}
	s := shapes[0]
	if len(s) == 0 {
		return nil, fmt.Errorf("cannot flatten a scalar input")
	}
	n := 1
	for _, d := range s[1:] {
		if d < 0 {
			n = -1
			break
		}
		n *= d
	}
	if len(s) == 1 {
		return []tensor.Shape{{s[0], 1}}, nil
	}
	return []tensor.Shape{{s[0], n}}, nil
}

// Call flattens each sample. With channels_first, channels are moved last
// first, as Keras does, so that weights after Flatten line up.
func (l *Flatten) Call(_ *Context, in []*tensor.Tensor) ([]*tensor.Tensor, error) {
	x := in[0]
	if x.Rank() == 0 {
		return nil, fmt.Errorf("cannot flatten a scalar input")
	}
	if l.dataFormat == "channels_first" && x.Rank() > 2 {
		perm := []int{0}
		for i := 2; i < x.Rank(); i++ {
			perm = append(perm, i)
		}
		perm = append(perm, 1)
		var err error
		if x, err = ops.Transpose(x, perm); err != nil {
			return nil, err
		}
	}
	y, err := ops.Reshape(x, x.Dim(0), -1)
	if err != nil {
		return nil, err
	}
	return []*tensor.Tensor{y}, nil
}

// GetConfig returns Keras's Flatten config.
func (l *Flatten) GetConfig() map[string]any {
	cfg := l.BaseConfig()
	cfg["data_format"] = l.dataFormat
	return cfg
}
