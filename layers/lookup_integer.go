package layers

import (
	"fmt"
	"strconv"

	"github.com/gokeras/keras/tensor"
)

// IntegerLookup is keras.layers.IntegerLookup: StringLookup for integer
// tokens. Index layout as in Keras: with output_mode "int", the mask token
// (default None) is index 0, then num_oov_indices OOV indices (oov_token
// -1), then the vocabulary. Inputs are int32, int64, uint8 or whole-number
// float32 tensors; "int" outputs (and inverted lookups) are int64.
//
// With num_oov_indices > 1, OOV values go to bucket value mod
// num_oov_indices (oov_method "floormod") or to the FarmHash (or, with a
// salt, SipHash) of their decimal form ("farmhash"), as in Keras.
type IntegerLookup struct {
	BaseLayer
	table lookupTable[int64]
	args  lookupArgs
	keys  []int64 // scratch
	idx   []int64
}

// NewIntegerLookup makes an IntegerLookup layer. Options as StringLookup's
// (tokens are integers), plus With("oov_method", "farmhash").
func NewIntegerLookup(opts ...Option) *IntegerLookup {
	return integerLookupFromConfig(Options(opts, nil))
}

func integerLookupFromConfig(cfg Config) *IntegerLookup {
	l := &IntegerLookup{}
	takeDType(&cfg, "float32")
	l.BaseLayer.Init(l, "IntegerLookup", cfg)
	if vd := cfg.String("vocabulary_dtype", "int64"); vd != "int64" {
		cfg.Fail(fmt.Errorf("only `vocabulary_dtype='int64'` is supported at this time. Received: vocabulary_dtype=%s", vd))
	}
	readLookupConfig(&cfg, &l.table, &l.args, "IntegerLookup", convInt64, -1, true)
	if l.args.oovMethod == "farmhash" {
		h := strHasher(l.args.salt)
		l.table.oovBucket = func(v int64, n int) int64 { return int64(h(strconv.AppendInt(nil, v, 10)) % uint64(n)) }
	} else {
		l.table.oovBucket = func(v int64, n int) int64 { return ((v % int64(n)) + int64(n)) % int64(n) }
	}
	l.BaseLayer.Finish(cfg)
	return l
}

func convInt64(v any) (int64, bool) {
	f, ok := toFloat(v)
	if !ok || f != float64(int64(f)) {
		return 0, false
	}
	return int64(f), true
}

// Adapt learns the vocabulary from integer data, as StringLookup.Adapt.
func (l *IntegerLookup) Adapt(data *tensor.Tensor) error {
	if data == nil {
		return fmt.Errorf("layer %q (IntegerLookup): adapt data is nil", l.Name())
	}
	keys, err := intValues(data, nil)
	if err != nil {
		return fmt.Errorf("layer %q (IntegerLookup): adapt: %w", l.Name(), err)
	}
	if err := adaptDocs(&l.table, l.Name(), keys, data.Shape()); err != nil {
		return fmt.Errorf("layer %q (IntegerLookup): %w", l.Name(), err)
	}
	return nil
}

// SetVocabulary is Keras's set_vocabulary.
func (l *IntegerLookup) SetVocabulary(vocab []int64, idfWeights []float64) error {
	if err := l.table.setVocabulary(vocab, idfWeights); err != nil {
		return fmt.Errorf("layer %q (IntegerLookup): %w", l.Name(), err)
	}
	return nil
}

// GetVocabulary is Keras's get_vocabulary.
func (l *IntegerLookup) GetVocabulary(includeSpecial bool) []int64 {
	return l.table.vocabulary(includeSpecial)
}

// VocabularySize is Keras's vocabulary_size().
func (l *IntegerLookup) VocabularySize() int { return l.table.size() }

// IDFWeights returns the TF-IDF weights (one per output column), or nil.
func (l *IntegerLookup) IDFWeights() []float32 { return l.table.idf }

// Build checks there is one input.
func (l *IntegerLookup) Build(shapes []tensor.Shape) error { return wantInputs(shapes, 1) }

// OutputDType is int64 for "int" lookups and float32 for the encoded modes.
func (l *IntegerLookup) OutputDType(int) tensor.DType {
	dt, _, _ := lookupOutput(&l.table, tensor.Shape{1}, tensor.Int64)
	return dt
}

// ComputeOutputShape keeps the shape ("int") or encodes the last axis.
func (l *IntegerLookup) ComputeOutputShape(shapes []tensor.Shape) ([]tensor.Shape, error) {
	if err := wantInputs(shapes, 1); err != nil {
		return nil, err
	}
	_, s, err := lookupOutput(&l.table, shapes[0], tensor.Int64)
	return []tensor.Shape{s}, err
}

// Call looks the inputs up (or, inverting, maps indices back to tokens).
func (l *IntegerLookup) Call(_ *Context, in []*tensor.Tensor) ([]*tensor.Tensor, error) {
	if len(in) != 1 {
		return nil, fmt.Errorf("expected 1 input, received %d", len(in))
	}
	x := in[0]
	dt, shape, err := lookupOutput(&l.table, x.Shape(), tensor.Int64)
	if err != nil {
		return nil, err
	}
	n := lastDim(x.Shape())
	return one(applyPreproc("integer_lookup", dt, shape, func(out *tensor.Tensor, in []*tensor.Tensor) error {
		var err error
		if l.keys, err = intValues(in[0], l.keys); err != nil {
			return err
		}
		if l.table.invert {
			dst := out.Int64s()
			for i, v := range l.keys {
				dst[i] = l.table.reverse(v)
			}
			return nil
		}
		return lookupKeys(&l.table, l.keys, n, out, &l.idx)
	}, x))
}

// GetConfig returns Keras's IntegerLookup config (vocabulary as in
// StringLookup.GetConfig).
func (l *IntegerLookup) GetConfig() map[string]any {
	cfg := l.BaseConfig()
	lookupConfig(cfg, &l.table, &l.args, func(v int64) any { return v })
	cfg["vocabulary_dtype"] = "int64"
	return cfg
}

func init() {
	Register("IntegerLookup", func(c Config) (Layer, error) { l := integerLookupFromConfig(c); return l, l.Base().Err() })
}
