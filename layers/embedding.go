package layers

import (
	"fmt"

	"github.com/gokeras/keras/constraints"
	"github.com/gokeras/keras/initializers"
	"github.com/gokeras/keras/regularizers"
	"github.com/gokeras/keras/tensor"
)

// Embedding is keras.layers.Embedding: it maps integer token ids in
// [0, input_dim) to rows of an (input_dim, output_dim) embeddings matrix.
// Inputs of any shape give outputs of that shape plus output_dim. Float
// inputs are truncated to integers, as Keras casts them to int32.
//
// With mask_zero, id 0 is padding: an LSTM, GRU or SimpleRNN applied
// directly to the Embedding's output skips those time steps (Keras's mask
// propagation, limited here to that direct connection).
type Embedding struct {
	BaseLayer
	InputDim, OutputDim int
	MaskZero            bool
	init                initializers.Initializer
	reg, actReg         regularizers.Regularizer
	cons                constraints.Constraint

	Embeddings *tensor.Variable
}

// NewEmbedding makes an Embedding layer. Options: With("mask_zero", true),
// With("embeddings_initializer", ...) (default "uniform", i.e.
// RandomUniform(-0.05, 0.05)), With("embeddings_regularizer", ...),
// With("embeddings_constraint", ...), WithActivityRegularizer, WithName.
func NewEmbedding(inputDim, outputDim int, opts ...Option) *Embedding {
	return embeddingFromConfig(Options(opts, map[string]any{"input_dim": inputDim, "output_dim": outputDim}))
}

func init() {
	Register("Embedding", func(c Config) (Layer, error) { l := embeddingFromConfig(c); return l, l.Base().Err() })
}

func embeddingFromConfig(cfg Config) *Embedding {
	l := &Embedding{}
	l.BaseLayer.Init(l, "Embedding", cfg)
	l.InputDim = cfg.Int("input_dim", 0)
	if l.InputDim <= 0 {
		cfg.Fail(fmt.Errorf("`input_dim` must be a positive integer. Received: input_dim=%v", cfg.Any("input_dim")))
	}
	l.OutputDim = cfg.Int("output_dim", 0)
	if l.OutputDim <= 0 {
		cfg.Fail(fmt.Errorf("`output_dim` must be a positive integer. Received: output_dim=%v", cfg.Any("output_dim")))
	}
	l.init = getInitializer(&cfg, "embeddings_initializer", "uniform")
	l.reg = getRegularizer(&cfg, "embeddings_regularizer")
	l.actReg = getRegularizer(&cfg, "activity_regularizer")
	l.cons = getConstraint(&cfg, "embeddings_constraint")
	l.MaskZero = cfg.Bool("mask_zero", false)
	cfg.Any("input_length") // deprecated in Keras 3, ignored
	if r := cfg.Any("lora_rank"); r != nil {
		cfg.Fail(fmt.Errorf("lora_rank is not supported"))
	}
	cfg.Any("lora_alpha")
	if q := cfg.Any("quantization_config"); q != nil {
		cfg.Fail(fmt.Errorf("quantization_config is not supported"))
	}
	l.BaseLayer.Finish(cfg)
	return l
}

// Build creates the embeddings (input_dim, output_dim).
func (l *Embedding) Build(shapes []tensor.Shape) error {
	if err := wantInputs(shapes, 1); err != nil {
		return err
	}
	var err error
	l.Embeddings, err = l.AddWeight(WeightSpec{Name: "embeddings", Shape: tensor.Shape{l.InputDim, l.OutputDim},
		Initializer: l.init, Regularizer: l.reg, Constraint: l.cons, Trainable: true})
	return err
}

// ComputeOutputShape appends output_dim to the input shape.
func (l *Embedding) ComputeOutputShape(shapes []tensor.Shape) ([]tensor.Shape, error) {
	if err := wantInputs(shapes, 1); err != nil {
		return nil, err
	}
	return []tensor.Shape{append(shapes[0].Clone(), l.OutputDim)}, nil
}

// Call gathers the embedding rows of the ids. An id outside [0, input_dim)
// is an error naming the layer, the id and input_dim; in a compiled step
// replay the same check is reported through the gather op's Err.
func (l *Embedding) Call(ctx *Context, in []*tensor.Tensor) ([]*tensor.Tensor, error) {
	ids := in[0]
	switch ids.DType() {
	case tensor.Int32, tensor.Int64, tensor.Float32, tensor.Uint8:
	default:
		return nil, fmt.Errorf("expected integer token ids, got dtype %v", ids.DType())
	}
	op := &embeddingOp{layer: l.Name(), n: ids.Size(), dim: l.OutputDim, vocab: l.InputDim, maskZero: l.MaskZero}
	if err := op.readIDs(ids); err != nil {
		return nil, err
	}
	y, err := tensor.Apply(op, tensor.Float32, append(ids.Shape().Clone(), l.OutputDim), ids, l.Embeddings.Value())
	if err != nil {
		return nil, err
	}
	if err := addActivityLoss(ctx, l.actReg, y); err != nil {
		return nil, err
	}
	return []*tensor.Tensor{y}, nil
}

// GetConfig returns Keras's Embedding config.
func (l *Embedding) GetConfig() map[string]any {
	cfg := l.BaseConfig()
	cfg["input_dim"] = l.InputDim
	cfg["output_dim"] = l.OutputDim
	cfg["embeddings_initializer"] = serializeObj("keras.initializers", l.init)
	cfg["embeddings_regularizer"] = serializeObj("keras.regularizers", l.reg)
	cfg["activity_regularizer"] = serializeObj("keras.regularizers", l.actReg)
	cfg["embeddings_constraint"] = serializeObj("keras.constraints", l.cons)
	cfg["mask_zero"] = l.MaskZero
	cfg["quantization_config"] = nil
	return cfg
}
