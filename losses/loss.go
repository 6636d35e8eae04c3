package losses

import (
	"fmt"

	"github.com/gokeras/keras/tensor"
)

// Loss is keras.losses.Loss: a configured loss that maps (y_true, y_pred,
// sample_weight) to a reduced loss.
type Loss interface {
	// Call computes the reduced loss (a float32 scalar tensor, or the
	// weighted per-sample values for reduction "none"), differentiable with
	// respect to yPred through package autodiff. sampleWeight may be nil.
	Call(yTrue, yPred, sampleWeight *tensor.Tensor) (*tensor.Tensor, error)
	// Name is the loss name, e.g. "sparse_categorical_crossentropy".
	Name() string
	// ClassName is the Keras class name, e.g. "SparseCategoricalCrossentropy".
	ClassName() string
	// GetConfig returns the Keras config: name, reduction and the class's
	// own arguments (from_logits, axis, ...).
	GetConfig() map[string]any
}

// spec describes one Keras loss class.
type spec struct {
	class    string
	defName  string
	fnName   string   // Keras functional name, e.g. "mean_squared_error"
	keys     []string // config keys after name and reduction, in Keras order
	defaults func(*settings)
	per      perSampleFn
}

// base implements Loss for every class; the exported types embed it.
type base struct {
	sp *spec
	s  settings
}

func newBase(class string, opts []Option) (base, error) {
	sp := specs[class]
	s, err := build(class, sp.defName, sp.keys, sp.defaults, opts)
	if err != nil {
		return base{}, err
	}
	return base{sp: sp, s: s}, nil
}

func (b *base) who() string { return fmt.Sprintf("loss %q (%s)", b.s.name, b.sp.class) }

// Name returns the loss name (Keras `name`).
func (b *base) Name() string { return b.s.name }

// ClassName returns the Keras class name.
func (b *base) ClassName() string { return b.sp.class }

// Reduction returns the configured reduction.
func (b *base) Reduction() string { return b.s.reduction }

// Call computes the loss as keras.losses.Loss.__call__: per-sample values,
// then sample weights (and the ignore_class mask) and the reduction.
func (b *base) Call(yTrue, yPred, sampleWeight *tensor.Tensor) (*tensor.Tensor, error) {
	who := b.who()
	values, mask, err := b.sp.per(&b.s, who, yTrue, yPred)
	if err != nil {
		return nil, err
	}
	if m := yPred.Mask(); m != nil {
		if sampleWeight, err = ApplyMask(sampleWeight, m, b.s.reduction); err != nil {
			return nil, fmt.Errorf("%s: applying the mask of y_pred: %w", who, err)
		}
	}
	return reduceWeighted(who, values, sampleWeight, mask, b.s.reduction)
}

// GetConfig returns the Keras config of the loss.
func (b *base) GetConfig() map[string]any {
	s := &b.s
	cfg := map[string]any{"name": s.name, "reduction": s.reduction}
	for _, k := range b.sp.keys {
		switch k {
		case "from_logits":
			cfg[k] = s.fromLogits
		case "label_smoothing":
			cfg[k] = s.labelSmoothing
		case "axis":
			if b.sp.class == "Dice" || b.sp.class == "Tversky" {
				cfg[k] = s.axisCfg
			} else {
				cfg[k] = s.axis
			}
		case "ignore_class":
			if s.ignoreClass == nil {
				cfg[k] = nil
			} else {
				cfg[k] = *s.ignoreClass
			}
		case "delta":
			cfg[k] = s.delta
		case "alpha":
			cfg[k] = s.alpha
		case "beta":
			cfg[k] = s.beta
		case "gamma":
			cfg[k] = s.gamma
		case "apply_class_balancing":
			cfg[k] = s.applyClassBalancing
		}
	}
	return cfg
}
