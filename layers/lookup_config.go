package layers

import (
	"cmp"
	"fmt"
	"os"
	"strings"

	"github.com/gokeras/keras/tensor"
)

// lookupArgs are the IndexLookup arguments kept for GetConfig.
type lookupArgs struct {
	vocab     any // the `vocabulary` argument as given (a list), or nil
	idf       any // the `idf_weights` argument as given, or nil
	oovMethod string
	salt      []int64 // nil: None
	sparse    bool
}

// readLookupConfig reads IndexLookup's arguments into k. conv converts one
// token of the config (a vocabulary entry, mask_token, oov_token); defOOV is
// the class's default oov_token.
func readLookupConfig[T cmp.Ordered](cfg *Config, k *lookupTable[T], a *lookupArgs, class string, conv func(any) (T, bool), defOOV T, intKeys bool) {
	k.layer = class
	k.frozen = -1
	k.maxTokens = cfg.Int("max_tokens", 0)
	if cfg.Any("max_tokens") != nil && k.maxTokens <= 1 {
		cfg.Fail(fmt.Errorf("if set, `max_tokens` must be greater than 1. Received: max_tokens=%v", cfg.Any("max_tokens")))
	}
	k.numOOV = cfg.Int("num_oov_indices", 1)
	if k.numOOV < 0 {
		cfg.Fail(fmt.Errorf("`num_oov_indices` must be greater than or equal to 0. Received: num_oov_indices=%d", k.numOOV))
		k.numOOV = 1
	}
	token := func(key string) (T, bool) {
		var zero T
		v := cfg.Any(key)
		if v == nil {
			return zero, false
		}
		t, ok := conv(v)
		if !ok {
			cfg.Fail(fmt.Errorf("argument %s has the wrong type: %T (%v)", key, v, v))
		}
		return t, ok
	}
	k.mask, k.hasMask = token("mask_token")
	if cfg.Has("oov_token") {
		k.oov, k.hasOOV = token("oov_token")
	} else {
		k.oov, k.hasOOV = defOOV, true
	}
	k.invert = cfg.Bool("invert", false)
	mode := cfg.String("output_mode", "int")
	switch mode {
	case "binary":
		mode = "multi_hot"
	case "tf-idf":
		mode = "tf_idf"
	}
	checkMode(cfg, class, "output_mode", mode, "int", "one_hot", "multi_hot", "count", "tf_idf")
	k.mode = mode
	k.padToMax = cfg.Bool("pad_to_max_tokens", false)
	if k.padToMax && k.maxTokens <= 0 {
		cfg.Fail(fmt.Errorf("if pad_to_max_tokens is True, must set `max_tokens`. Received: max_tokens=None"))
	}
	a.sparse = cfg.Bool("sparse", false)
	if a.sparse {
		cfg.Fail(fmt.Errorf("`sparse=True` is not supported: outputs are dense tensors"))
	}
	if k.invert && mode != "int" {
		cfg.Fail(fmt.Errorf("`output_mode` must be `'int'` when `invert` is true. Received: output_mode=%s", mode))
	}
	a.oovMethod = cfg.String("oov_method", "floormod")
	checkMode(cfg, class, "oov_method", a.oovMethod, "floormod", "farmhash")
	a.salt = readSalt(cfg, class)
	if a.salt != nil && intKeys && a.oovMethod != "farmhash" {
		cfg.Fail(fmt.Errorf("`salt` can only be used when `oov_method='farmhash'`. Received: oov_method=%s", a.oovMethod))
	}
	if v := cfg.Int("vocabulary_size", -1); v >= 0 {
		k.frozen = v
	}
	// Keras's has_input_vocabulary: true when a vocabulary was given.
	k.fixed = cfg.Bool("has_input_vocabulary", cfg.Any("vocabulary") != nil)

	a.idf = cfg.Any("idf_weights")
	var idf []float64
	if a.idf != nil {
		if mode != "tf_idf" {
			cfg.Fail(fmt.Errorf("`idf_weights` should only be set if `output_mode` is `'tf_idf'`. Received: idf_weights=%v and output_mode=%s", a.idf, mode))
		}
		var ok bool
		if idf, ok = toFloats(a.idf); !ok {
			cfg.Fail(fmt.Errorf("argument idf_weights must be a list of numbers, got %T", a.idf))
		}
	}
	raw := cfg.Any("vocabulary")
	if mode == "tf_idf" && raw != nil && a.idf == nil {
		cfg.Fail(fmt.Errorf("when specifying the `vocabulary` argument, in TF-IDF output mode, the `idf_weights` argument must also be provided"))
		return
	}
	if raw == nil {
		return
	}
	vocab, err := vocabList(raw, conv, mode)
	if err != nil {
		cfg.Fail(fmt.Errorf("argument vocabulary: %w", err))
		return
	}
	if _, isPath := raw.(string); !isPath {
		a.vocab = raw
	}
	if len(cfg.errs) == 0 {
		if err := k.setVocabulary(vocab, idf); err != nil {
			cfg.Fail(err)
		}
	}
}

// vocabList reads a vocabulary argument: a list of tokens or the path of a
// text file with one token per line.
func vocabList[T any](raw any, conv func(any) (T, bool), mode string) ([]T, error) {
	var items []any
	switch v := raw.(type) {
	case string:
		if mode == "tf_idf" {
			return nil, fmt.Errorf("output_mode `'tf_idf'` does not support loading a vocabulary from file")
		}
		b, err := os.ReadFile(v)
		if err != nil {
			return nil, fmt.Errorf("vocabulary file %s does not exist: %w", v, err)
		}
		lines := strings.Split(string(b), "\n")
		for len(lines) > 0 && lines[len(lines)-1] == "" {
			lines = lines[:len(lines)-1]
		}
		out := make([]T, len(lines))
		for i, l := range lines {
			var x any = l
			var zero T
			if _, isStr := any(zero).(string); !isStr {
				var n int64
				if _, err := fmt.Sscan(l, &n); err != nil {
					return nil, fmt.Errorf("line %d of %s is not an integer: %q", i+1, v, l)
				}
				x = n
			}
			t, ok := conv(x)
			if !ok {
				return nil, fmt.Errorf("line %d of %s: bad token %q", i+1, v, l)
			}
			out[i] = t
		}
		return out, nil
	case []any:
		items = v
	case []string:
		for _, s := range v {
			items = append(items, s)
		}
	case []int:
		for _, s := range v {
			items = append(items, s)
		}
	case []int64:
		for _, s := range v {
			items = append(items, s)
		}
	case []int32:
		for _, s := range v {
			items = append(items, s)
		}
	default:
		return nil, fmt.Errorf("must be a list of tokens or a file path, got %T", raw)
	}
	out := make([]T, len(items))
	for i, it := range items {
		t, ok := conv(it)
		if !ok {
			return nil, fmt.Errorf("element %d has the wrong type: %T (%v)", i, it, it)
		}
		out[i] = t
	}
	return out, nil
}

// readSalt reads Keras's salt: None, an integer (used for both key halves)
// or a pair of integers.
func readSalt(cfg *Config, class string) []int64 {
	raw := cfg.Any("salt")
	if raw == nil {
		return nil
	}
	if f, ok := toFloat(raw); ok && f == float64(int64(f)) {
		return []int64{int64(f), int64(f)}
	}
	if is, err := toInts(raw); err == nil && len(is) == 2 {
		if _, single := toFloat(raw); !single {
			return []int64{int64(is[0]), int64(is[1])}
		}
	}
	cfg.Fail(fmt.Errorf("the `salt` argument for `%s` can only be a tuple of size 2 integers, or a single integer. Received: salt=%v", class, raw))
	return nil
}

func saltConfig(s []int64) any {
	if s == nil {
		return nil
	}
	return []any{s[0], s[1]}
}

// strHasher is the string bucket hash: FarmHash Fingerprint64, or SipHash
// keyed by the salt.
func strHasher(salt []int64) func(s []byte) uint64 {
	if salt != nil {
		k0, k1 := uint64(salt[0]), uint64(salt[1])
		return func(s []byte) uint64 { return sipHash24(k0, k1, s) }
	}
	return farmFingerprint64
}

// lookupConfig writes IndexLookup's config keys.
func lookupConfig[T cmp.Ordered](cfg map[string]any, k *lookupTable[T], a *lookupArgs, tok func(T) any) {
	maybe := func(has bool, t T) any {
		if !has {
			return nil
		}
		return tok(t)
	}
	cfg["invert"] = k.invert
	if k.maxTokens > 0 {
		cfg["max_tokens"] = k.maxTokens
	} else {
		cfg["max_tokens"] = nil
	}
	cfg["num_oov_indices"] = k.numOOV
	cfg["oov_token"] = maybe(k.hasOOV, k.oov)
	cfg["mask_token"] = maybe(k.hasMask, k.mask)
	cfg["output_mode"] = k.mode
	cfg["sparse"] = a.sparse
	cfg["pad_to_max_tokens"] = k.padToMax
	cfg["idf_weights"] = a.idf
	cfg["vocabulary"] = a.vocab
	if k.frozen >= 0 {
		cfg["vocabulary_size"] = k.frozen
	} else {
		cfg["vocabulary_size"] = nil
	}
	cfg["oov_method"] = a.oovMethod
	cfg["salt"] = saltConfig(a.salt)
}

// lookupOutput is the output dtype and shape of an IndexLookup for input
// shape s; keyDType is the dtype of inverted lookups.
func lookupOutput[T cmp.Ordered](k *lookupTable[T], s tensor.Shape, keyDType tensor.DType) (tensor.DType, tensor.Shape, error) {
	if k.mode == "int" {
		if k.invert {
			return keyDType, s.Clone(), nil
		}
		return tensor.Int64, s.Clone(), nil
	}
	out, err := encodedShape(k.mode, s, k.depth())
	return tensor.Float32, out, err
}

// lookupKeys maps keys to indices into out (int mode) or encodes them
// (other modes), n being the sample length (the last axis). idx is scratch.
func lookupKeys[T cmp.Ordered](k *lookupTable[T], keys []T, n int, out *tensor.Tensor, idx *[]int64) error {
	if err := k.ensureReady(); err != nil {
		return err
	}
	var dst []int64
	if k.mode == "int" {
		dst = out.Int64s()
	} else {
		if cap(*idx) < len(keys) {
			*idx = make([]int64, len(keys))
		}
		dst = (*idx)[:len(keys)]
	}
	var bad []T
	for i, key := range keys {
		v, ok := k.lookup(key)
		if !ok && len(bad) < 10 {
			bad = append(bad, key)
		}
		dst[i] = v
	}
	if bad != nil {
		return oovError(bad)
	}
	if k.mode == "int" {
		return nil
	}
	var w []float32
	if k.mode == "tf_idf" {
		if k.idf == nil {
			return fmt.Errorf("when `output_mode` is `'tf_idf'`, `idf_weights` must be provided")
		}
		w = k.idf
	}
	encodeRows(out.Float32s(), dst, n, k.depth(), k.mode, w)
	return nil
}

// adaptDocs feeds adapt data to k: the rows along the first axis are the
// documents (each element of a rank-1 tensor is one; a scalar is one).
func adaptDocs[T cmp.Ordered](k *lookupTable[T], name string, keys []T, s tensor.Shape) error {
	if k.fixed {
		return fmt.Errorf("cannot adapt layer '%s' after setting a static vocabulary via `vocabulary` argument or `set_vocabulary()` method", name)
	}
	k.resetState()
	per := 1
	if len(s) >= 2 {
		per = s.Size() / max(s[0], 1)
	}
	for i := 0; i < len(keys); i += per {
		k.updateDoc(keys[i:min(i+per, len(keys))])
	}
	k.finalize()
	return nil
}

// lastDim is the sample length for the encoders: the last axis (1 for a
// scalar).
func lastDim(s tensor.Shape) int {
	if len(s) == 0 {
		return 1
	}
	return s[len(s)-1]
}
