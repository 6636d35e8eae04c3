package layers

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
)

// dropIndex marks a looked-up value that the count/multi-hot encoders drop:
// the mask token outside "int" mode (Keras maps it to int64 max).
const dropIndex = math.MaxInt64

// lookupTable is the vocabulary logic of Keras's IndexLookup, shared by
// StringLookup (T = string), IntegerLookup (T = int64) and TextVectorization:
// the special tokens, the token -> index table, adapt's counting and
// Keras's vocabulary order, and the TF-IDF weights.
type lookupTable[T cmp.Ordered] struct {
	layer     string // the owning layer's class name, for errors
	maxTokens int    // 0: no cap (None)
	numOOV    int
	hasMask   bool
	mask      T
	hasOOV    bool // oov_token is not None
	oov       T
	invert    bool
	mode      string // int, one_hot, multi_hot, count, tf_idf
	padToMax  bool
	oovBucket func(key T, n int) int64 // OOV bucket in [0, n) for num_oov_indices > 1
	fixed     bool                     // has_input_vocabulary: adapt is refused

	tokens []T // the vocabulary without special tokens
	index  map[T]int64
	set    bool      // a vocabulary was set or adapted
	idf    []float32 // tf_idf: one weight per output column

	frozen int // vocabulary_size recorded at set/adapt time (-1: None)

	// adapt state
	counts    map[T]int64
	docCounts map[T]int64
	numDocs   int64
}

// oovStart is the index of the first OOV bucket: 1 when the mask token takes
// index 0 (int mode), else 0.
func (k *lookupTable[T]) oovStart() int {
	if k.hasMask && k.mode == "int" {
		return 1
	}
	return 0
}

// tokenStart is the index of the first vocabulary term.
func (k *lookupTable[T]) tokenStart() int { return k.oovStart() + k.numOOV }

// size is Keras's vocabulary_size(): special tokens plus terms.
func (k *lookupTable[T]) size() int { return k.tokenStart() + len(k.tokens) }

// depth is the width of the encoded output (non-int modes).
func (k *lookupTable[T]) depth() int {
	if k.padToMax {
		return k.maxTokens
	}
	if k.frozen >= 0 {
		return k.frozen
	}
	return k.size()
}

// vocabulary is Keras's get_vocabulary(include_special_tokens).
func (k *lookupTable[T]) vocabulary(special bool) []T {
	var out []T
	if special {
		if k.oovStart() == 1 {
			out = append(out, k.mask)
		}
		for range k.numOOV {
			out = append(out, k.oov)
		}
	}
	return append(out, k.tokens...)
}

// setVocabulary is Keras's set_vocabulary: vocab may start with the special
// tokens in order (they are then skipped); terms must be unique and contain
// no mask (or, when inverting, OOV) token.
func (k *lookupTable[T]) setVocabulary(vocab []T, idf []float64) error {
	if k.mode == "tf_idf" && idf == nil {
		return fmt.Errorf("`idf_weights` must be set if output_mode is 'tf_idf'")
	}
	if k.mode != "tf_idf" && idf != nil {
		return fmt.Errorf("`idf_weights` should only be set if output_mode is `'tf_idf'`. Received: output_mode=%s and idf_weights=%v", k.mode, idf)
	}
	if len(vocab) == 0 {
		return fmt.Errorf("cannot set an empty vocabulary. Received: vocabulary=[]")
	}
	start := k.tokenStart()
	special := k.vocabulary(true)[:start]
	found := len(vocab) >= start && slices.Equal(special, vocab[:start])
	tokens := vocab
	if found {
		tokens = vocab[start:]
	}
	seen := make(map[T]int, len(tokens))
	var repeated []string
	for _, t := range tokens {
		seen[t]++
		if seen[t] == 2 {
			repeated = append(repeated, fmt.Sprint(t))
		}
	}
	if len(repeated) > 0 {
		return fmt.Errorf("the passed vocabulary has at least one repeated term. Please uniquify your dataset. The repeated terms are: %v", repeated)
	}
	if k.hasMask && seen[k.mask] > 0 {
		return fmt.Errorf("found reserved mask token at unexpected location in `vocabulary`. Note that passed `vocabulary` does not need to include the OOV and mask tokens. Either remove all mask and OOV tokens, or include them only at the start of the vocabulary in precisely this order: %v. Received: mask_token=%v", special, k.mask)
	}
	if k.hasOOV && k.invert && seen[k.oov] > 0 {
		return fmt.Errorf("found reserved OOV token at unexpected location in `vocabulary`. Note that passed `vocabulary` does not need to include the OOV and mask tokens. Either remove all mask and OOV tokens, or include them only at the start of the vocabulary in precisely this order: %v. Received: oov_token=%v", special, k.oov)
	}
	if n := start + len(tokens); k.maxTokens > 0 && n > k.maxTokens {
		return fmt.Errorf("attempted to set a vocabulary larger than the maximum vocab size. Received vocabulary size is %d; `max_tokens` is %d", n, k.maxTokens)
	}
	var weights []float32
	if k.mode == "tf_idf" {
		if len(idf) != len(vocab) {
			return fmt.Errorf("`idf_weights` must be the same length as vocabulary. len(idf_weights) is %d; len(vocabulary) is %d", len(idf), len(vocab))
		}
		front, frontVal := 0, 0.0
		if !found {
			front = start
			for _, w := range idf {
				frontVal += w
			}
			frontVal /= float64(len(idf))
		}
		weights = k.padIDF(idf, front, frontVal)
	}
	k.install(slices.Clone(tokens))
	k.idf = weights
	return nil
}

// padIDF pads weights with front copies of frontVal and, with
// pad_to_max_tokens, zeros up to max_tokens, as float32.
func (k *lookupTable[T]) padIDF(w []float64, front int, frontVal float64) []float32 {
	n := front + len(w)
	if k.padToMax && k.maxTokens > n {
		n = k.maxTokens
	}
	out := make([]float32, n)
	for i := range front {
		out[i] = float32(frontVal)
	}
	for i, v := range w {
		out[front+i] = float32(v)
	}
	return out
}

func (k *lookupTable[T]) install(tokens []T) {
	k.tokens = tokens
	k.index = make(map[T]int64, len(tokens))
	start := int64(k.tokenStart())
	for i, t := range tokens {
		k.index[t] = start + int64(i)
	}
	k.set = true
	k.frozen = k.size()
}

// resetState clears adapt's counts.
func (k *lookupTable[T]) resetState() {
	k.counts = map[T]int64{}
	k.docCounts = map[T]int64{}
	k.numDocs = 0
}

// updateDoc counts the tokens of one document (a row of the adapt data).
func (k *lookupTable[T]) updateDoc(doc []T) {
	for _, t := range doc {
		k.counts[t]++
	}
	if k.mode == "tf_idf" {
		seen := make(map[T]bool, len(doc))
		for _, t := range doc {
			if !seen[t] {
				seen[t] = true
				k.docCounts[t]++
			}
		}
		k.numDocs++
	}
}

// finalize is Keras's finalize_state: the vocabulary is the counted tokens
// (special tokens removed) by count, high to low, ties broken by the tokens
// themselves, high to low (numpy's lexsort reversed), cut to max_tokens.
func (k *lookupTable[T]) finalize() {
	if len(k.counts) == 0 {
		k.resetState()
		return
	}
	if k.hasMask {
		delete(k.counts, k.mask)
	}
	if k.hasOOV {
		delete(k.counts, k.oov)
	}
	tokens := make([]T, 0, len(k.counts))
	for t := range k.counts {
		tokens = append(tokens, t)
	}
	slices.SortFunc(tokens, func(a, b T) int {
		if c := cmp.Compare(k.counts[b], k.counts[a]); c != 0 {
			return c
		}
		return cmp.Compare(b, a)
	})
	if k.maxTokens > 0 {
		if n := k.maxTokens - k.tokenStart(); n >= 0 && len(tokens) > n {
			tokens = tokens[:n]
		}
	}
	k.install(tokens)
	if k.mode == "tf_idf" {
		w := make([]float64, len(tokens))
		mean := 0.0
		for i, t := range tokens {
			w[i] = float64(float32(math.Log(1 + float64(k.numDocs)/float64(1+k.docCounts[t]))))
			mean += w[i]
		}
		if len(w) > 0 {
			mean /= float64(len(w))
		}
		k.idf = k.padIDF(w, k.tokenStart(), mean)
	}
	k.resetState()
}

// lookup maps one key to its index: the mask token to 0 (int mode) or to
// dropIndex, known terms to their index, others to an OOV bucket. ok is
// false for an OOV key when there are no OOV buckets.
func (k *lookupTable[T]) lookup(key T) (idx int64, ok bool) {
	if k.hasMask && key == k.mask {
		if k.mode == "int" {
			return 0, true
		}
		return dropIndex, true
	}
	if i, found := k.index[key]; found {
		return i, true
	}
	switch {
	case k.numOOV == 0:
		return -1, false
	case k.numOOV == 1:
		return int64(k.oovStart()), true
	}
	return int64(k.oovStart()) + k.oovBucket(key, k.numOOV), true
}

// reverse maps an index back to its term (invert=True): 0 to the mask
// token when there is one, terms' indices to the terms, anything else to the
// OOV token.
func (k *lookupTable[T]) reverse(idx int64) T {
	if k.hasMask && idx == 0 {
		return k.mask
	}
	if i := idx - int64(k.tokenStart()); i >= 0 && i < int64(len(k.tokens)) {
		return k.tokens[i]
	}
	return k.oov
}

// ensureReady is Keras's _ensure_known_vocab_size.
func (k *lookupTable[T]) ensureReady() error {
	if k.mode == "int" || k.padToMax || k.set {
		return nil
	}
	return fmt.Errorf("when using `output_mode=%s` and `pad_to_max_tokens=False`, you must set the layer's vocabulary before calling it. Either pass a `vocabulary` argument to the layer, or call `adapt` with some sample data", k.mode)
}

// oovError is Keras's message for OOV inputs without OOV buckets.
func oovError[T any](found []T) error {
	parts := make([]string, len(found))
	for i, f := range found {
		parts[i] = fmt.Sprintf("%v", f)
	}
	return fmt.Errorf("when `num_oov_indices=0` all inputs should be in vocabulary, found OOV values [%s], consider setting `num_oov_indices=1`", strings.Join(parts, " "))
}
