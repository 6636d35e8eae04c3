package layers

import (
	"fmt"

	"github.com/gokeras/keras/tensor"
)

// CategoryEncoding is keras.layers.CategoryEncoding: it encodes integer
// category ids in [0, num_tokens) as "one_hot" vectors (one per id),
// "multi_hot" vectors (one per sample: 1 for each id present) or "count"
// vectors (how often each id occurs), as float32. Inputs are int32, int64,
// uint8 or whole-number float32 tensors; multi_hot and count take rank 1 (one
// sample) or rank 2 (batch, ids) inputs.
//
// Deviations from Keras: sparse outputs and count_weights are not
// supported; ids outside [0, num_tokens) are ignored (they encode as
// zeros), where Keras's backends differ (TensorFlow errors on negative ids).
type CategoryEncoding struct {
	BaseLayer
	NumTokens  int
	OutputMode string
	keys       []int64 // scratch
}

// NewCategoryEncoding makes a CategoryEncoding layer for numTokens
// categories. Options: With("output_mode", "one_hot"|"multi_hot"|"count")
// (default "multi_hot"), WithName.
func NewCategoryEncoding(numTokens int, opts ...Option) *CategoryEncoding {
	return categoryEncodingFromConfig(Options(opts, map[string]any{"num_tokens": numTokens}))
}

func categoryEncodingFromConfig(cfg Config) *CategoryEncoding {
	l := &CategoryEncoding{}
	takeDType(&cfg, "float32")
	l.BaseLayer.Init(l, "CategoryEncoding", cfg)
	l.OutputMode = cfg.String("output_mode", "multi_hot")
	if l.OutputMode == "binary" {
		l.OutputMode = "multi_hot"
	}
	if l.OutputMode != "count" && l.OutputMode != "one_hot" && l.OutputMode != "multi_hot" {
		cfg.Fail(fmt.Errorf("unknown arg for output_mode: %s", l.OutputMode))
	}
	if cfg.Any("num_tokens") == nil {
		cfg.Fail(fmt.Errorf("num_tokens must be set to use this layer. If the number of tokens is not known beforehand, use the IntegerLookup layer instead"))
	}
	l.NumTokens = cfg.Int("num_tokens", 0)
	if cfg.Any("num_tokens") != nil && l.NumTokens < 1 {
		cfg.Fail(fmt.Errorf("`num_tokens` must be >= 1. Received: num_tokens=%d", l.NumTokens))
	}
	if cfg.Bool("sparse", false) {
		cfg.Fail(fmt.Errorf("`sparse=True` is not supported: outputs are dense tensors"))
	}
	l.BaseLayer.Finish(cfg)
	return l
}

// Build checks there is one input.
func (l *CategoryEncoding) Build(shapes []tensor.Shape) error { return wantInputs(shapes, 1) }

// ComputeOutputShape appends (one_hot) or substitutes (the other modes)
// an axis of num_tokens.
func (l *CategoryEncoding) ComputeOutputShape(shapes []tensor.Shape) ([]tensor.Shape, error) {
	if err := wantInputs(shapes, 1); err != nil {
		return nil, err
	}
	s, err := encodedShape(l.OutputMode, shapes[0], l.NumTokens)
	return []tensor.Shape{s}, err
}

// Call encodes the ids.
func (l *CategoryEncoding) Call(_ *Context, in []*tensor.Tensor) ([]*tensor.Tensor, error) {
	if len(in) != 1 {
		return nil, fmt.Errorf("expected 1 input, received %d", len(in))
	}
	x := in[0]
	shape, err := encodedShape(l.OutputMode, x.Shape(), l.NumTokens)
	if err != nil {
		return nil, err
	}
	n := lastDim(x.Shape())
	return one(applyPreproc("category_encoding", tensor.Float32, shape, func(out *tensor.Tensor, in []*tensor.Tensor) error {
		var err error
		if l.keys, err = intValues(in[0], l.keys); err != nil {
			return err
		}
		encodeRows(out.Float32s(), l.keys, n, l.NumTokens, l.OutputMode, nil)
		return nil
	}, x))
}

// GetConfig returns Keras's CategoryEncoding config.
func (l *CategoryEncoding) GetConfig() map[string]any {
	cfg := l.BaseConfig()
	cfg["num_tokens"] = l.NumTokens
	cfg["output_mode"] = l.OutputMode
	cfg["sparse"] = false
	return cfg
}

func init() {
	Register("CategoryEncoding", func(c Config) (Layer, error) { l := categoryEncodingFromConfig(c); return l, l.Base().Err() })
}
