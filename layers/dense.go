package layers

import (
	"fmt"

	"github.com/gokeras/keras/activations"
	"github.com/gokeras/keras/constraints"
	"github.com/gokeras/keras/initializers"
	"github.com/gokeras/keras/regularizers"
	"github.com/gokeras/keras/tensor"
)

// Dense is keras.layers.Dense: activation(inputs · kernel + bias), applied to
// the last axis of inputs of any rank >= 2.
type Dense struct {
	BaseLayer
	Units      int
	Activation activations.Activation
	UseBias    bool
	kernelInit initializers.Initializer
	biasInit   initializers.Initializer
	kernelReg  regularizers.Regularizer
	biasReg    regularizers.Regularizer
	actReg     regularizers.Regularizer
	kernelCons constraints.Constraint
	biasCons   constraints.Constraint

	Kernel, Bias *tensor.Variable
}

// NewDense makes a Dense layer with the given number of units. Options:
// WithActivation, WithUseBias, WithKernelInitializer (default
// "glorot_uniform"), WithBiasInitializer ("zeros"), the regularizer and
// constraint options, WithName.
func NewDense(units int, opts ...Option) *Dense {
	return denseFromConfig(Options(opts, map[string]any{"units": units}))
}

func denseFromConfig(cfg Config) *Dense {
	l := &Dense{}
	l.BaseLayer.Init(l, "Dense", cfg)
	l.Units = cfg.Int("units", 0)
	if l.Units <= 0 {
		cfg.Fail(fmt.Errorf("received an invalid value for argument `units`, expected a positive integer, received: units=%v", cfg.Any("units")))
	}
	l.UseBias = cfg.Bool("use_bias", true)
	l.Activation = getActivation(&cfg, "activation")
	l.kernelInit = getInitializer(&cfg, "kernel_initializer", "glorot_uniform")
	l.biasInit = getInitializer(&cfg, "bias_initializer", "zeros")
	l.kernelReg = getRegularizer(&cfg, "kernel_regularizer")
	l.biasReg = getRegularizer(&cfg, "bias_regularizer")
	l.actReg = getRegularizer(&cfg, "activity_regularizer")
	l.kernelCons = getConstraint(&cfg, "kernel_constraint")
	l.biasCons = getConstraint(&cfg, "bias_constraint")
	cfg.Any("lora_rank")
	cfg.Any("lora_alpha")
	cfg.Any("quantization_config")
	l.BaseLayer.Finish(cfg)
	return l
}

// Build creates kernel (in, units) and bias (units).
func (l *Dense) Build(shapes []tensor.Shape) error {
	if err := wantInputs(shapes, 1); err != nil {
		return err
	}
	s := shapes[0]
	if len(s) < 2 {
		return fmt.Errorf("input 0 is incompatible with the layer: expected min_ndim=2, found ndim=%d. Full shape received: %v", len(s), s)
	}
	in := s[len(s)-1]
	if in <= 0 {
		return fmt.Errorf("the last dimension of the inputs to a Dense layer should be defined, found shape %v", s)
	}
	var err error
	l.Kernel, err = l.AddWeight(WeightSpec{Name: "kernel", Shape: tensor.Shape{in, l.Units}, Initializer: l.kernelInit,
		Regularizer: l.kernelReg, Constraint: l.kernelCons, Trainable: true})
	if err != nil {
		return err
	}
	if l.UseBias {
		l.Bias, err = l.AddWeight(WeightSpec{Name: "bias", Shape: tensor.Shape{l.Units}, Initializer: l.biasInit,
			Regularizer: l.biasReg, Constraint: l.biasCons, Trainable: true})
	}
	return err
}

// ComputeOutputShape replaces the last axis with units.
func (l *Dense) ComputeOutputShape(shapes []tensor.Shape) ([]tensor.Shape, error) {
	if err := wantInputs(shapes, 1); err != nil {
		return nil, err
	}
	out := shapes[0].Clone()
	out[len(out)-1] = l.Units
	return []tensor.Shape{out}, nil
}

// Call computes activation(x·kernel + bias).
func (l *Dense) Call(ctx *Context, in []*tensor.Tensor) ([]*tensor.Tensor, error) {
	x := in[0]
	if x.DType() != tensor.Float32 {
		return nil, fmt.Errorf("expected float32 input, got %v", x.DType())
	}
	s := x.Shape()
	k := l.Kernel.Shape()[0]
	if len(s) < 2 || s[len(s)-1] != k {
		return nil, fmt.Errorf("input 0 is incompatible with the layer: expected axis -1 of input shape to have value %d, but received input with shape %v", k, s)
	}
	// Only the plain relu (Keras's defaults, serialized as the bare name) is
	// fused; a relu with max_value or a slope goes through its own op.
	name, _ := activations.Serialize(l.Activation).(string)
	op := &denseOp{rows: s.Size() / k, in: k, units: l.Units, relu: name == "relu"}
	args := []*tensor.Tensor{x, l.Kernel.Value()}
	if l.UseBias {
		args = append(args, l.Bias.Value())
	}
	outShape := s.Clone()
	outShape[len(outShape)-1] = l.Units
	y, err := tensor.Apply(op, tensor.Float32, outShape, args...)
	if err != nil {
		return nil, err
	}
	if !op.relu && name != "linear" {
		if y, err = l.Activation.Call(y); err != nil {
			return nil, err
		}
	}
	if err := addActivityLoss(ctx, l.actReg, y); err != nil {
		return nil, err
	}
	return []*tensor.Tensor{y}, nil
}

// GetConfig returns Keras's Dense config.
func (l *Dense) GetConfig() map[string]any {
	cfg := l.BaseConfig()
	cfg["units"] = l.Units
	cfg["activation"] = activations.Serialize(l.Activation)
	cfg["use_bias"] = l.UseBias
	cfg["kernel_initializer"] = serializeObj("keras.initializers", l.kernelInit)
	cfg["bias_initializer"] = serializeObj("keras.initializers", l.biasInit)
	cfg["kernel_regularizer"] = serializeObj("keras.regularizers", l.kernelReg)
	cfg["bias_regularizer"] = serializeObj("keras.regularizers", l.biasReg)
	cfg["activity_regularizer"] = serializeObj("keras.regularizers", l.actReg)
	cfg["kernel_constraint"] = serializeObj("keras.constraints", l.kernelCons)
	cfg["bias_constraint"] = serializeObj("keras.constraints", l.biasCons)
	return cfg
}
