package layers

import (
	"fmt"

	"github.com/gokeras/keras/tensor"
)

// TextVectorization is keras.layers.TextVectorization: it turns strings into
// token indices ("int": int64, shape (batch, output_sequence_length)) or
// per-sample encodings ("multi_hot", "count", "tf_idf": float32, shape
// (batch, vocabulary size)). Each string is standardized (standardize),
// split into tokens (split), expanded to n-grams (ngrams) and looked up in a
// vocabulary learned by Adapt or given with the vocabulary option. Index 0 is
// padding (the mask token "") and index 1 the OOV token "[UNK]" in "int"
// mode; in the other modes index 0 is "[UNK]".
//
// Inputs are String tensors of shape (batch,) or (batch, 1).
//
// Deviations from Keras: standardize and split take only Keras's named
// modes or None (no Python callables); ragged and sparse outputs and
// output_mode "one_hot" are not supported. Without output_sequence_length,
// "int" outputs are padded to the longest sequence of the batch as in Keras;
// inside a compiled training step the width is fixed by the batch the step
// was traced with, and a later batch with a longer text is an error: set
// output_sequence_length for training.
type TextVectorization struct {
	BaseLayer
	table       lookupTable[string]
	args        lookupArgs
	standardize string // "" for None
	split       string // "" for None
	ngramsArg   any
	ngrams      []int
	seqLen      int // output_sequence_length; 0 for None
	encoding    string

	// scratch
	toks, grams []string
	sbuf        []byte
	idx         []int64
	offs        []int
}

// NewTextVectorization makes a TextVectorization layer. Options (Keras's
// arguments): With("max_tokens", n), With("standardize", mode or nil),
// With("split", mode or nil), With("ngrams", n or []int{...}),
// With("output_mode", "int"|"multi_hot"|"count"|"tf_idf"),
// With("output_sequence_length", n), With("pad_to_max_tokens", true),
// With("vocabulary", []string{...}), With("idf_weights", []float64{...}),
// WithName.
func NewTextVectorization(opts ...Option) *TextVectorization {
	return textVectorizationFromConfig(Options(opts, nil))
}

func textVectorizationFromConfig(cfg Config) *TextVectorization {
	l := &TextVectorization{}
	takeDType(&cfg, "float32")
	l.BaseLayer.Init(l, "TextVectorization", cfg)
	l.standardize = noneString(&cfg, "standardize", "lower_and_strip_punctuation")
	if l.standardize != "" {
		checkMode(&cfg, "TextVectorization", "standardize", l.standardize, "lower_and_strip_punctuation", "lower", "strip_punctuation")
	}
	l.split = noneString(&cfg, "split", "whitespace")
	if l.split != "" {
		checkMode(&cfg, "TextVectorization", "split", l.split, "whitespace", "character")
	}
	l.ngramsArg = cfg.Any("ngrams")
	if l.ngramsArg != nil {
		if f, ok := toFloat(l.ngramsArg); ok && f == float64(int(f)) {
			for i := 1; i <= int(f); i++ {
				l.ngrams = append(l.ngrams, i)
			}
		} else if is, err := toInts(l.ngramsArg); err == nil {
			l.ngrams = is
		} else {
			cfg.Fail(fmt.Errorf("`ngrams` must be None, an integer, or a tuple of integers. Received: ngrams=%v", l.ngramsArg))
		}
	}
	if cfg.Bool("ragged", false) {
		cfg.Fail(fmt.Errorf("`ragged=True` is not supported: outputs are dense tensors"))
	}
	l.encoding = cfg.String("encoding", "utf-8")
	// The vocabulary arguments go to the inner StringLookup, with mask ""
	// and OOV "[UNK]".
	m := cfg.Map()
	m["mask_token"] = ""
	readLookupConfig(&cfg, &l.table, &l.args, "TextVectorization", convString, "[UNK]", false)
	l.table.oovBucket = stringBucket(nil)
	if l.table.mode == "one_hot" {
		cfg.Fail(fmt.Errorf("output_mode \"one_hot\" is not supported by TextVectorization; use \"int\" followed by a one-hot encoding"))
	}
	if v := cfg.Any("output_sequence_length"); v != nil {
		if l.table.mode != "int" {
			cfg.Fail(fmt.Errorf("`output_sequence_length` must not be set if `output_mode` is not 'int'. Received output_sequence_length=%v", v))
		}
		l.seqLen = cfg.Int("output_sequence_length", 0)
		if l.seqLen <= 0 {
			cfg.Fail(fmt.Errorf("`output_sequence_length` must be either None or a positive integer when `output_mode` is 'int'. Received: output_sequence_length=%v", v))
		}
	}
	l.BaseLayer.Finish(cfg)
	return l
}

// noneString reads a string argument that may be None ("" then).
func noneString(cfg *Config, key, def string) string {
	if cfg.Has(key) && cfg.Any(key) == nil {
		return ""
	}
	return cfg.String(key, def)
}

// tokenize standardizes, splits and n-grams each row of x (a String tensor
// of shape (batch,) or (batch, 1), or with split None (batch, k)) into
// l.grams, with row i's tokens at l.grams[l.offs[i]:l.offs[i+1]].
func (l *TextVectorization) tokenize(x *tensor.Tensor) error {
	if x.DType() != tensor.String {
		return fmt.Errorf("expected string inputs, got dtype %v", x.DType())
	}
	s := x.Shape()
	per := 1
	if l.split == "" {
		per = lastDim(s)
	} else if len(s) > 1 && s[len(s)-1] != 1 {
		return fmt.Errorf("when using `TextVectorization` to tokenize strings, the input rank must be 1 or the last shape dimension must be 1. Received: inputs.shape=%v with rank=%d", s, len(s))
	}
	strs := x.Strings()
	l.grams, l.offs = l.grams[:0], append(l.offs[:0], 0)
	for i := 0; i < len(strs); i += max(per, 1) {
		l.toks = l.toks[:0]
		for _, str := range strs[i:min(i+per, len(strs))] {
			var std string
			std, l.sbuf = standardizeText(str, l.standardize, l.sbuf)
			l.toks = splitText(l.toks, std, l.split)
		}
		if l.ngrams != nil {
			l.grams = appendNgrams(l.grams, l.toks, l.ngrams)
		} else {
			l.grams = append(l.grams, l.toks...)
		}
		l.offs = append(l.offs, len(l.grams))
	}
	return nil
}

// Adapt learns the vocabulary (and for tf_idf the IDF weights) from a String
// tensor of texts, each text one document, as Keras's adapt.
func (l *TextVectorization) Adapt(data *tensor.Tensor) error {
	fail := func(err error) error { return fmt.Errorf("layer %q (TextVectorization): %w", l.Name(), err) }
	if data == nil || data.DType() != tensor.String {
		return fail(fmt.Errorf("adapt expects a string tensor, got %v", dtypeOf(data)))
	}
	if l.table.fixed {
		return fail(fmt.Errorf("cannot adapt layer '%s' after setting a static vocabulary via `vocabulary` argument or `set_vocabulary()` method", l.Name()))
	}
	x := data
	if len(data.Shape()) == 1 && l.split == "" {
		var err error
		if x, err = data.View(data.Shape()[0], 1); err != nil {
			return fail(err)
		}
	}
	if err := l.tokenize(x); err != nil {
		return fail(err)
	}
	l.table.resetState()
	for i := 0; i+1 < len(l.offs); i++ {
		l.table.updateDoc(l.grams[l.offs[i]:l.offs[i+1]])
	}
	l.table.finalize()
	return nil
}

// SetVocabulary is Keras's set_vocabulary.
func (l *TextVectorization) SetVocabulary(vocab []string, idfWeights []float64) error {
	if err := l.table.setVocabulary(vocab, idfWeights); err != nil {
		return fmt.Errorf("layer %q (TextVectorization): %w", l.Name(), err)
	}
	return nil
}

// GetVocabulary is Keras's get_vocabulary: in "int" mode "" and "[UNK]"
// first (when includeSpecial), then the terms by index.
func (l *TextVectorization) GetVocabulary(includeSpecial bool) []string {
	return l.table.vocabulary(includeSpecial)
}

// VocabularySize is Keras's vocabulary_size().
func (l *TextVectorization) VocabularySize() int { return l.table.size() }

// IDFWeights returns the TF-IDF weights (one per output column), or nil.
func (l *TextVectorization) IDFWeights() []float32 { return l.table.idf }

// Build checks there is one input.
func (l *TextVectorization) Build(shapes []tensor.Shape) error { return wantInputs(shapes, 1) }

// OutputDType is int64 in "int" mode, float32 otherwise.
func (l *TextVectorization) OutputDType(int) tensor.DType {
	if l.table.mode == "int" {
		return tensor.Int64
	}
	return tensor.Float32
}

// ComputeOutputShape is (batch, output_sequence_length) in "int" mode
// (unknown length without it) and (batch, depth) otherwise.
func (l *TextVectorization) ComputeOutputShape(shapes []tensor.Shape) ([]tensor.Shape, error) {
	if err := wantInputs(shapes, 1); err != nil {
		return nil, err
	}
	s := shapes[0]
	b := -1
	if len(s) > 0 {
		b = s[0]
	}
	if l.table.mode == "int" {
		if l.seqLen > 0 {
			return []tensor.Shape{{b, l.seqLen}}, nil
		}
		if l.split == "" && len(s) > 1 {
			return []tensor.Shape{{b, s[len(s)-1]}}, nil
		}
		return []tensor.Shape{{b, -1}}, nil
	}
	return []tensor.Shape{{b, l.table.depth()}}, nil
}

// Call vectorizes a batch of texts.
func (l *TextVectorization) Call(_ *Context, in []*tensor.Tensor) ([]*tensor.Tensor, error) {
	if len(in) != 1 {
		return nil, fmt.Errorf("expected 1 input, received %d", len(in))
	}
	x := in[0]
	if err := l.tokenize(x); err != nil {
		return nil, err
	}
	rows := len(l.offs) - 1
	if l.table.mode != "int" {
		if err := l.table.ensureReady(); err != nil {
			return nil, err
		}
		return one(applyPreproc("text_vectorization", tensor.Float32, tensor.Shape{rows, l.table.depth()}, l.encodeForward, x))
	}
	width := l.seqLen
	if width == 0 {
		for i := range rows {
			width = max(width, l.offs[i+1]-l.offs[i])
		}
	}
	return one(applyPreproc("text_vectorization", tensor.Int64, tensor.Shape{rows, width}, func(out *tensor.Tensor, in []*tensor.Tensor) error {
		return l.intForward(out, in[0], width)
	}, x))
}

// intForward writes each row's indices, truncated or zero-padded to width.
func (l *TextVectorization) intForward(out, x *tensor.Tensor, width int) error {
	if err := l.tokenize(x); err != nil {
		return err
	}
	dst := out.Int64s()
	clear(dst)
	for r := 0; r+1 < len(l.offs); r++ {
		toks := l.grams[l.offs[r]:l.offs[r+1]]
		if len(toks) > width && l.seqLen == 0 {
			return fmt.Errorf("a text has %d tokens but this compiled step pads to %d (the longest text of the batch it was traced with); set output_sequence_length", len(toks), width)
		}
		row := dst[r*width : (r+1)*width]
		for i, t := range toks[:min(len(toks), width)] {
			v, _ := l.table.lookup(t)
			row[i] = v
		}
	}
	return nil
}

// encodeForward writes each row's multi_hot, count or tf_idf encoding.
func (l *TextVectorization) encodeForward(out *tensor.Tensor, in []*tensor.Tensor) error {
	if err := l.tokenize(in[0]); err != nil {
		return err
	}
	depth := l.table.depth()
	var w []float32
	if l.table.mode == "tf_idf" {
		if l.table.idf == nil {
			return fmt.Errorf("when `output_mode` is `'tf_idf'`, `idf_weights` must be provided")
		}
		w = l.table.idf
	}
	dst := out.Float32s()
	rows := len(l.offs) - 1
	if len(dst) != rows*depth {
		return fmt.Errorf("batch of %d texts does not match the traced batch of %d", rows, len(dst)/max(depth, 1))
	}
	for r := range rows {
		toks := l.grams[l.offs[r]:l.offs[r+1]]
		if cap(l.idx) < len(toks) {
			l.idx = make([]int64, len(toks))
		}
		idx := l.idx[:len(toks)]
		for i, t := range toks {
			idx[i], _ = l.table.lookup(t)
		}
		encodeRows(dst[r*depth:(r+1)*depth], idx, len(idx), depth, l.table.mode, w)
	}
	return nil
}

// GetConfig returns Keras's TextVectorization config. As in Keras,
// "vocabulary" holds only a vocabulary given as a list (an adapted one is an
// asset, see SaveAssets) and "vocabulary_size" the current size.
func (l *TextVectorization) GetConfig() map[string]any {
	cfg := l.BaseConfig()
	str := func(s string) any {
		if s == "" {
			return nil
		}
		return s
	}
	if l.table.maxTokens > 0 {
		cfg["max_tokens"] = l.table.maxTokens
	} else {
		cfg["max_tokens"] = nil
	}
	cfg["standardize"] = str(l.standardize)
	cfg["split"] = str(l.split)
	cfg["ngrams"] = l.ngramsArg
	cfg["output_mode"] = l.table.mode
	if l.seqLen > 0 {
		cfg["output_sequence_length"] = l.seqLen
	} else {
		cfg["output_sequence_length"] = nil
	}
	cfg["pad_to_max_tokens"] = l.table.padToMax
	cfg["sparse"] = false
	cfg["ragged"] = false
	cfg["vocabulary"] = l.args.vocab
	cfg["idf_weights"] = l.args.idf
	cfg["encoding"] = l.encoding
	cfg["vocabulary_size"] = l.table.size()
	return cfg
}

func init() {
	Register("TextVectorization", func(c Config) (Layer, error) {
		l := textVectorizationFromConfig(c)
		return l, l.Base().Err()
	})
}
