package layers

import (
	"fmt"
	"strings"

	"github.com/gokeras/keras/tensor"
)

// StringLookup is keras.layers.StringLookup: it maps strings to integer
// indices from a vocabulary (given, or learned by Adapt), or with
// output_mode "one_hot", "multi_hot", "count" or "tf_idf" to encoded
// float32 vectors; with invert it maps indices back to strings.
//
// Index layout as in Keras: with output_mode "int", the mask token (if
// any) is index 0, then num_oov_indices OOV indices (default 1, token
// "[UNK]"), then the vocabulary. Inputs are String tensors; "int" outputs are
// int64.
type StringLookup struct {
	BaseLayer
	table    lookupTable[string]
	args     lookupArgs
	encoding string
	idx      []int64 // scratch for the encoders
}

// NewStringLookup makes a StringLookup layer. Options (Keras's arguments):
// With("vocabulary", []string{...}), With("max_tokens", n),
// With("num_oov_indices", n), With("mask_token", s), With("oov_token", s),
// With("invert", true), With("output_mode", "multi_hot"),
// With("pad_to_max_tokens", true), With("idf_weights", []float64{...}),
// With("salt", n), WithName.
func NewStringLookup(opts ...Option) *StringLookup {
	return stringLookupFromConfig(Options(opts, nil))
}

func stringLookupFromConfig(cfg Config) *StringLookup {
	l := &StringLookup{}
	takeDType(&cfg, "float32")
	l.BaseLayer.Init(l, "StringLookup", cfg)
	l.encoding = cfg.String("encoding", "utf-8")
	if e := strings.ToLower(strings.ReplaceAll(l.encoding, "-", "")); e != "utf8" {
		cfg.Fail(fmt.Errorf("only encoding \"utf-8\" is supported. Received: encoding=%q", l.encoding))
	}
	readLookupConfig(&cfg, &l.table, &l.args, "StringLookup", convString, "[UNK]", false)
	l.table.oovBucket = stringBucket(l.args.salt)
	l.BaseLayer.Finish(cfg)
	return l
}

func convString(v any) (string, bool) {
	s, ok := v.(string)
	return s, ok
}

// stringBucket hashes strings into OOV buckets as
// tf.strings.to_hash_bucket_fast (FarmHash) or, with a salt,
// to_hash_bucket_strong (SipHash) do.
func stringBucket(salt []int64) func(string, int) int64 {
	h := strHasher(salt)
	return func(s string, n int) int64 { return int64(h([]byte(s)) % uint64(n)) }
}

// Adapt is Keras's adapt: it learns the vocabulary from a String tensor,
// ordering terms by frequency (ties: by the terms, high to low) and keeping
// the max_tokens most frequent; with tf_idf it also learns the IDF weights,
// log(1 + documents / (1 + documents containing the term)). Rows along the
// first axis are the documents (each element of a rank-1 tensor is one).
func (l *StringLookup) Adapt(data *tensor.Tensor) error {
	if data == nil || data.DType() != tensor.String {
		return fmt.Errorf("layer %q (StringLookup): adapt expects a string tensor, got %v", l.Name(), dtypeOf(data))
	}
	if err := adaptDocs(&l.table, l.Name(), data.Strings(), data.Shape()); err != nil {
		return fmt.Errorf("layer %q (StringLookup): %w", l.Name(), err)
	}
	return nil
}

func dtypeOf(t *tensor.Tensor) any {
	if t == nil {
		return "nil"
	}
	return t.DType()
}

// SetVocabulary is Keras's set_vocabulary: it replaces the vocabulary (and,
// for tf_idf, the IDF weights, one per vocabulary entry).
func (l *StringLookup) SetVocabulary(vocab []string, idfWeights []float64) error {
	if err := l.table.setVocabulary(vocab, idfWeights); err != nil {
		return fmt.Errorf("layer %q (StringLookup): %w", l.Name(), err)
	}
	return nil
}

// GetVocabulary is Keras's get_vocabulary: the terms in index order, with
// the mask and OOV tokens first when includeSpecial is true.
func (l *StringLookup) GetVocabulary(includeSpecial bool) []string {
	return l.table.vocabulary(includeSpecial)
}

// VocabularySize is Keras's vocabulary_size(): terms plus special tokens.
func (l *StringLookup) VocabularySize() int { return l.table.size() }

// IDFWeights returns the TF-IDF weights (one per output column), or nil.
func (l *StringLookup) IDFWeights() []float32 { return l.table.idf }

// Build checks there is one input.
func (l *StringLookup) Build(shapes []tensor.Shape) error { return wantInputs(shapes, 1) }

// OutputDType is int64 for "int" lookups, string when inverting, float32
// for the encoded modes.
func (l *StringLookup) OutputDType(int) tensor.DType {
	dt, _, _ := lookupOutput(&l.table, tensor.Shape{1}, tensor.String)
	return dt
}

// ComputeOutputShape keeps the shape ("int") or encodes the last axis.
func (l *StringLookup) ComputeOutputShape(shapes []tensor.Shape) ([]tensor.Shape, error) {
	if err := wantInputs(shapes, 1); err != nil {
		return nil, err
	}
	_, s, err := lookupOutput(&l.table, shapes[0], tensor.String)
	return []tensor.Shape{s}, err
}

// Call looks the inputs up (String tensor; int indices when inverting).
func (l *StringLookup) Call(_ *Context, in []*tensor.Tensor) ([]*tensor.Tensor, error) {
	if len(in) != 1 {
		return nil, fmt.Errorf("expected 1 input, received %d", len(in))
	}
	x := in[0]
	dt, shape, err := lookupOutput(&l.table, x.Shape(), tensor.String)
	if err != nil {
		return nil, err
	}
	if l.table.invert {
		var buf []int64
		return one(applyPreproc("string_lookup_invert", dt, shape, func(out *tensor.Tensor, in []*tensor.Tensor) error {
			var err error
			if buf, err = intValues(in[0], buf); err != nil {
				return err
			}
			dst := out.Strings()
			for i, v := range buf {
				dst[i] = l.table.reverse(v)
			}
			return nil
		}, x))
	}
	if x.DType() != tensor.String {
		return nil, fmt.Errorf("expected string inputs, got dtype %v", x.DType())
	}
	n := lastDim(x.Shape())
	return one(applyPreproc("string_lookup", dt, shape, func(out *tensor.Tensor, in []*tensor.Tensor) error {
		return lookupKeys(&l.table, in[0].Strings(), n, out, &l.idx)
	}, x))
}

// one wraps a single output.
func one(t *tensor.Tensor, err error) ([]*tensor.Tensor, error) {
	if err != nil {
		return nil, err
	}
	return []*tensor.Tensor{t}, nil
}

// GetConfig returns Keras's StringLookup config. As in Keras, "vocabulary"
// holds only a vocabulary given as a list; an adapted one is saved as an
// asset (SaveAssets).
func (l *StringLookup) GetConfig() map[string]any {
	cfg := l.BaseConfig()
	lookupConfig(cfg, &l.table, &l.args, func(s string) any { return s })
	cfg["encoding"] = l.encoding
	return cfg
}

func init() {
	Register("StringLookup", func(c Config) (Layer, error) { l := stringLookupFromConfig(c); return l, l.Base().Err() })
}
