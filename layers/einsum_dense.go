package layers

import (
	"fmt"

	"github.com/gokeras/keras/activations"
	"github.com/gokeras/keras/constraints"
	"github.com/gokeras/keras/initializers"
	"github.com/gokeras/keras/ops"
	"github.com/gokeras/keras/regularizers"
	"github.com/gokeras/keras/tensor"
)

// EinsumDense is keras.layers.EinsumDense: activation(einsum(equation,
// inputs, kernel) + bias), a dense layer of any dimensionality. The kernel
// and bias shapes follow from the equation, the input shape and output_shape
// exactly as Keras computes them (see einsumShapes).
//
// LoRA and quantization are not supported: lora_rank and
// quantization_config are accepted only when unset.
type EinsumDense struct {
	BaseLayer
	Equation    string
	OutputShape []int // Keras's partial_output_shape; -1 for None
	BiasAxes    string
	hasBias     bool
	Activation  activations.Activation
	kernelInit  initializers.Initializer
	biasInit    initializers.Initializer
	kernelReg   regularizers.Regularizer
	biasReg     regularizers.Regularizer
	actReg      regularizers.Regularizer
	kernelCons  constraints.Constraint
	biasCons    constraints.Constraint

	Kernel, Bias *tensor.Variable
}

// NewEinsumDense makes an EinsumDense layer: equation like "abc,cd->abd"
// (input, kernel -> output, optionally with "..." on the left or right),
// outputShape the output shape without the batch axis and the axes the
// ellipsis stands for (-1 for unknown). Options: WithActivation,
// With("bias_axes", "d"), WithKernelInitializer (default "glorot_uniform",
// given the kernel's input and output axes as Keras does),
// WithBiasInitializer ("zeros"), the regularizer and constraint options,
// WithName.
func NewEinsumDense(equation string, outputShape []int, opts ...Option) *EinsumDense {
	return einsumDenseFromConfig(Options(opts, map[string]any{"equation": equation, "output_shape": outputShape}))
}

func init() {
	Register("EinsumDense", func(c Config) (Layer, error) { l := einsumDenseFromConfig(c); return l, l.Base().Err() })
}

func einsumDenseFromConfig(cfg Config) *EinsumDense {
	l := &EinsumDense{}
	l.BaseLayer.Init(l, "EinsumDense", cfg)
	l.Equation = cfg.String("equation", "")
	if l.Equation == "" {
		cfg.Fail(fmt.Errorf("argument equation is required"))
	}
	if !cfg.Has("output_shape") || cfg.Any("output_shape") == nil {
		cfg.Fail(fmt.Errorf("argument output_shape is required"))
	}
	l.OutputShape = cfg.Ints("output_shape", nil)
	if v := cfg.Any("bias_axes"); v != nil {
		s, ok := v.(string)
		if !ok {
			cfg.Fail(fmt.Errorf("argument bias_axes must be a string, got %T (%v)", v, v))
		}
		l.BiasAxes, l.hasBias = s, ok
	}
	l.Activation = getActivation(&cfg, "activation")
	l.kernelInit = getInitializer(&cfg, "kernel_initializer", "glorot_uniform")
	l.biasInit = getInitializer(&cfg, "bias_initializer", "zeros")
	l.kernelReg = getRegularizer(&cfg, "kernel_regularizer")
	l.biasReg = getRegularizer(&cfg, "bias_regularizer")
	l.actReg = getRegularizer(&cfg, "activity_regularizer")
	l.kernelCons = getConstraint(&cfg, "kernel_constraint")
	l.biasCons = getConstraint(&cfg, "bias_constraint")
	for _, k := range []string{"lora_rank", "lora_alpha", "quantization_config", "gptq_unpacked_column_size"} {
		if v := cfg.Any(k); v != nil {
			cfg.Fail(fmt.Errorf("argument %s is not supported (got %v)", k, v))
		}
	}
	l.BaseLayer.Finish(cfg)
	return l
}

// Build creates the kernel and, with bias_axes, the bias.
func (l *EinsumDense) Build(shapes []tensor.Shape) error {
	if err := wantInputs(shapes, 1); err != nil {
		return err
	}
	a, err := einsumShapes(l.Equation, l.BiasAxes, l.hasBias, shapes[0], l.OutputShape)
	if err != nil {
		return err
	}
	init := l.kernelInit
	if vs, ok := init.(*initializers.VarianceScaling); ok && (vs.InputAxes == nil || vs.OutputAxes == nil) {
		c := *vs // same seed and class, Keras's _update_kernel_initializer
		c.InputAxes, c.OutputAxes = a.inputAxes, a.outputAxes
		init = &c
	}
	l.Kernel, err = l.AddWeight(WeightSpec{Name: "kernel", Shape: a.kernel, Initializer: init,
		Regularizer: l.kernelReg, Constraint: l.kernelCons, Trainable: true})
	if err != nil {
		return err
	}
	if a.bias != nil {
		l.Bias, err = l.AddWeight(WeightSpec{Name: "bias", Shape: a.bias, Initializer: l.biasInit,
			Regularizer: l.biasReg, Constraint: l.biasCons, Trainable: true})
	}
	return err
}

// ComputeOutputShape is Keras's full output shape for the equation.
func (l *EinsumDense) ComputeOutputShape(shapes []tensor.Shape) ([]tensor.Shape, error) {
	if err := wantInputs(shapes, 1); err != nil {
		return nil, err
	}
	a, err := einsumShapes(l.Equation, l.BiasAxes, l.hasBias, shapes[0], l.OutputShape)
	if err != nil {
		return nil, err
	}
	return []tensor.Shape{a.output}, nil
}

// Call computes activation(einsum(equation, x, kernel) + bias).
func (l *EinsumDense) Call(ctx *Context, in []*tensor.Tensor) ([]*tensor.Tensor, error) {
	x := in[0]
	if x.DType() != tensor.Float32 {
		return nil, fmt.Errorf("expected float32 input, got %v", x.DType())
	}
	y, err := ops.Einsum(l.Equation, x, l.Kernel.Value())
	if err != nil {
		return nil, fmt.Errorf("input of shape %v and kernel of shape %v: %w", x.Shape(), l.Kernel.Shape(), err)
	}
	if l.Bias != nil {
		if y, err = ops.Add(y, l.Bias.Value()); err != nil {
			return nil, err
		}
	}
	if l.Activation.Name() != "linear" {
		if y, err = l.Activation.Call(y); err != nil {
			return nil, err
		}
	}
	if err := addActivityLoss(ctx, l.actReg, y); err != nil {
		return nil, err
	}
	return []*tensor.Tensor{y}, nil
}

// GetConfig returns Keras's EinsumDense config.
func (l *EinsumDense) GetConfig() map[string]any {
	cfg := l.BaseConfig()
	cfg["output_shape"] = shapeAny(l.OutputShape)
	cfg["equation"] = l.Equation
	cfg["activation"] = activations.Serialize(l.Activation)
	var bias any
	if l.hasBias {
		bias = l.BiasAxes
	}
	cfg["bias_axes"] = bias
	cfg["kernel_initializer"] = serializeObj("keras.initializers", l.kernelInit)
	cfg["bias_initializer"] = serializeObj("keras.initializers", l.biasInit)
	cfg["kernel_regularizer"] = serializeObj("keras.regularizers", l.kernelReg)
	cfg["bias_regularizer"] = serializeObj("keras.regularizers", l.biasReg)
	cfg["activity_regularizer"] = serializeObj("keras.regularizers", l.actReg)
	cfg["kernel_constraint"] = serializeObj("keras.constraints", l.kernelCons)
	cfg["bias_constraint"] = serializeObj("keras.constraints", l.biasCons)
	cfg["quantization_config"] = nil
	return cfg
}
