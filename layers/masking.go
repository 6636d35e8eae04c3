package layers

import (
	"github.com/gokeras/keras/ops"
	"github.com/gokeras/keras/tensor"
)

// MaskComputer is implemented by layers that compute their outputs' masks
// themselves (Keras's compute_mask): Embedding with mask_zero, Masking,
// recurrent layers. It is called after Call with the call's inputs (whose
// Mask() holds the incoming masks) and outputs; it returns one mask (or nil)
// per output.
type MaskComputer interface {
	ComputeMask(inputs, outputs []*tensor.Tensor) ([]*tensor.Tensor, error)
}

// MaskSupporter is implemented by layers that pass their input's mask on to
// their outputs unchanged (Keras's supports_masking with the default
// compute_mask): element-wise layers, Dense, normalization, dropout. A layer
// that implements neither interface drops the mask, as Keras does.
type MaskSupporter interface {
	SupportsMasking() bool
}

// propagateMasks attaches output masks after a layer call.
func propagateMasks(l Layer, inputs, outputs []*tensor.Tensor) error {
	if mc, ok := l.(MaskComputer); ok {
		masks, err := mc.ComputeMask(inputs, outputs)
		if err != nil {
			return err
		}
		for i, m := range masks {
			if i < len(outputs) && m != nil {
				outputs[i].SetMask(m)
			}
		}
		return nil
	}
	if len(inputs) == 0 || inputs[0].Mask() == nil {
		return nil
	}
	if ms, ok := l.(MaskSupporter); ok && ms.SupportsMasking() {
		for _, o := range outputs {
			if o.Mask() == nil {
				o.SetMask(inputs[0].Mask())
			}
		}
	}
	return nil
}

// Masking is keras.layers.Masking: timesteps whose features all equal
// mask_value are masked (skipped by recurrent layers, ignored by losses) and
// zeroed.
type Masking struct {
	BaseLayer
	MaskValue float64
}

// NewMasking makes a Masking layer. Options: With("mask_value", v)
// (default 0).
func NewMasking(opts ...Option) *Masking { return maskingFromConfig(Options(opts, nil)) }

func maskingFromConfig(cfg Config) *Masking {
	l := &Masking{}
	l.BaseLayer.Init(l, "Masking", cfg)
	l.MaskValue = cfg.Float("mask_value", 0)
	l.BaseLayer.Finish(cfg)
	return l
}

func init() {
	Register("Masking", func(c Config) (Layer, error) { l := maskingFromConfig(c); return l, l.Base().Err() })
}

// Build does nothing.
func (l *Masking) Build(shapes []tensor.Shape) error { return wantInputs(shapes, 1) }

// ComputeOutputShape returns the input shape.
func (l *Masking) ComputeOutputShape(shapes []tensor.Shape) ([]tensor.Shape, error) {
	return sameShape(shapes)
}

// keep is any(x != mask_value, axis=-1): the timesteps that are real.
func (l *Masking) keep(x *tensor.Tensor) (*tensor.Tensor, error) {
	ne, err := ops.NotEqual(x, ops.Const(float32(l.MaskValue)))
	if err != nil {
		return nil, err
	}
	return ops.Any(ne, []int{-1}, false)
}

// Call zeroes the masked timesteps.
func (l *Masking) Call(_ *Context, in []*tensor.Tensor) ([]*tensor.Tensor, error) {
	keep, err := l.keep(in[0])
	if err != nil {
		return nil, err
	}
	k, err := ops.ExpandDims(keep, -1)
	if err != nil {
		return nil, err
	}
	kf, err := ops.Cast(k, tensor.Float32)
	if err != nil {
		return nil, err
	}
	y, err := ops.Multiply(in[0], kf)
	if err != nil {
		return nil, err
	}
	return []*tensor.Tensor{y}, nil
}

// ComputeMask is any(x != mask_value, axis=-1).
func (l *Masking) ComputeMask(inputs, _ []*tensor.Tensor) ([]*tensor.Tensor, error) {
	keep, err := l.keep(inputs[0])
	if err != nil {
		return nil, err
	}
	return []*tensor.Tensor{keep}, nil
}

// GetConfig returns Keras's Masking config.
func (l *Masking) GetConfig() map[string]any {
	cfg := l.BaseConfig()
	cfg["mask_value"] = l.MaskValue
	return cfg
}

// Layers that keep their input's mask, as Keras's supports_masking = True.

// SupportsMasking reports that Dense passes masks on.
func (l *Dense) SupportsMasking() bool { return true }

// SupportsMasking reports that Activation passes masks on.
func (l *Activation) SupportsMasking() bool { return true }

// SupportsMasking reports that Dropout passes masks on.
func (l *Dropout) SupportsMasking() bool { return true }

// SupportsMasking reports that Identity passes masks on.
func (l *Identity) SupportsMasking() bool { return true }

// SupportsMasking reports that ReLU passes masks on.
func (l *ReLU) SupportsMasking() bool { return true }

// SupportsMasking reports that LeakyReLU passes masks on.
func (l *LeakyReLU) SupportsMasking() bool { return true }

// SupportsMasking reports that ELU passes masks on.
func (l *ELU) SupportsMasking() bool { return true }

// SupportsMasking reports that PReLU passes masks on.
func (l *PReLU) SupportsMasking() bool { return true }

// SupportsMasking reports that Softmax passes masks on.
func (l *Softmax) SupportsMasking() bool { return true }

// SupportsMasking reports that BatchNormalization passes masks on.
func (l *BatchNormalization) SupportsMasking() bool { return true }

// SupportsMasking reports that LayerNormalization passes masks on.
func (l *LayerNormalization) SupportsMasking() bool { return true }

// SupportsMasking reports that UnitNormalization passes masks on.
func (l *UnitNormalization) SupportsMasking() bool { return true }

// SupportsMasking reports that GaussianNoise passes masks on.
func (l *GaussianNoise) SupportsMasking() bool { return true }

// SupportsMasking reports that GaussianDropout passes masks on.
func (l *GaussianDropout) SupportsMasking() bool { return true }

// ComputeMask is ids != 0 when mask_zero is set.
func (l *Embedding) ComputeMask(inputs, _ []*tensor.Tensor) ([]*tensor.Tensor, error) {
	if !l.MaskZero {
		return nil, nil
	}
	m, err := ops.NotEqual(inputs[0], ops.Const(0))
	if err != nil {
		return nil, err
	}
	return []*tensor.Tensor{m}, nil
}

// ComputeMask passes the input mask on to the sequence output
// (return_sequences); a last-step output and the states carry no mask.
func (l *rnnLayer) ComputeMask(inputs, _ []*tensor.Tensor) ([]*tensor.Tensor, error) {
	if !l.ReturnSequences || len(inputs) == 0 {
		return nil, nil
	}
	return []*tensor.Tensor{inputs[0].Mask()}, nil
}
