package layers

import (
	"cmp"
	"fmt"
	"strconv"
	"strings"

	"github.com/gokeras/keras/tensor"
)

// Keras 3 does not keep an adapted vocabulary in the layer config: the
// .keras format stores it as the asset file "vocabulary.txt" (one term per
// line, special tokens first; save_assets) and, for tf_idf, the weights as
// the own variable "idf_weights" (save_own_variables). A vocabulary given
// as a list stays in the config. The lookup layers and TextVectorization
// expose the same four hooks for a saver to call:
//
//	SaveAssets() map[string][]byte       // nil when the config holds the vocabulary
//	LoadAssets(map[string][]byte) error
//	SaveOwnVariables() map[string]*tensor.Tensor
//	LoadOwnVariables(map[string]*tensor.Tensor) error
//
// Load the own variables before the assets, as Keras does.

func saveVocab[T cmp.Ordered](k *lookupTable[T], a *lookupArgs) map[string][]byte {
	if a.vocab != nil {
		return nil
	}
	v := k.vocabulary(true)
	parts := make([]string, len(v))
	for i, t := range v {
		parts[i] = fmt.Sprint(t)
	}
	return map[string][]byte{"vocabulary.txt": []byte(strings.Join(parts, "\n"))}
}

func loadVocab[T cmp.Ordered](k *lookupTable[T], a *lookupArgs, files map[string][]byte, parse func(string) (T, error)) error {
	if a.vocab != nil {
		return nil
	}
	b, ok := files["vocabulary.txt"]
	if !ok {
		return fmt.Errorf("asset vocabulary.txt is missing")
	}
	lines := strings.Split(string(b), "\n")
	for len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	vocab := make([]T, len(lines))
	for i, l := range lines {
		t, err := parse(l)
		if err != nil {
			return fmt.Errorf("vocabulary.txt line %d: %w", i+1, err)
		}
		vocab[i] = t
	}
	var idf []float64
	if k.mode == "tf_idf" {
		if k.idf == nil {
			return fmt.Errorf("idf_weights must be loaded before the vocabulary")
		}
		idf = make([]float64, len(vocab))
		for i := range idf {
			if i < len(k.idf) {
				idf[i] = float64(k.idf[i])
			}
		}
	}
	return k.setVocabulary(vocab, idf)
}

func saveIDF[T cmp.Ordered](k *lookupTable[T]) map[string]*tensor.Tensor {
	if k.mode != "tf_idf" || k.idf == nil {
		return nil
	}
	t, _ := tensor.FromFloat32(append([]float32(nil), k.idf...), len(k.idf))
	return map[string]*tensor.Tensor{"idf_weights": t}
}

func loadIDF[T cmp.Ordered](k *lookupTable[T], store map[string]*tensor.Tensor) error {
	if k.mode != "tf_idf" {
		return nil
	}
	t, ok := store["idf_weights"]
	if !ok || t == nil {
		return fmt.Errorf("variable idf_weights is missing")
	}
	k.idf = t.Float32Values()
	return nil
}

func parseString(s string) (string, error) { return s, nil }
func parseInt64(s string) (int64, error)   { return strconv.ParseInt(s, 10, 64) }

// SaveAssets returns Keras's vocabulary.txt asset (nil when the config holds
// the vocabulary).
func (l *StringLookup) SaveAssets() map[string][]byte { return saveVocab(&l.table, &l.args) }

// LoadAssets restores the vocabulary from SaveAssets's files.
func (l *StringLookup) LoadAssets(files map[string][]byte) error {
	return wrapName(l.Name(), "StringLookup", loadVocab(&l.table, &l.args, files, parseString))
}

// SaveOwnVariables returns {"idf_weights": ...} in tf_idf mode.
func (l *StringLookup) SaveOwnVariables() map[string]*tensor.Tensor { return saveIDF(&l.table) }

// LoadOwnVariables restores the IDF weights.
func (l *StringLookup) LoadOwnVariables(store map[string]*tensor.Tensor) error {
	return wrapName(l.Name(), "StringLookup", loadIDF(&l.table, store))
}

// SaveAssets returns Keras's vocabulary.txt asset (nil when the config holds
// the vocabulary).
func (l *IntegerLookup) SaveAssets() map[string][]byte { return saveVocab(&l.table, &l.args) }

// LoadAssets restores the vocabulary from SaveAssets's files.
func (l *IntegerLookup) LoadAssets(files map[string][]byte) error {
	return wrapName(l.Name(), "IntegerLookup", loadVocab(&l.table, &l.args, files, parseInt64))
}

// SaveOwnVariables returns {"idf_weights": ...} in tf_idf mode.
func (l *IntegerLookup) SaveOwnVariables() map[string]*tensor.Tensor { return saveIDF(&l.table) }

// LoadOwnVariables restores the IDF weights.
func (l *IntegerLookup) LoadOwnVariables(store map[string]*tensor.Tensor) error {
	return wrapName(l.Name(), "IntegerLookup", loadIDF(&l.table, store))
}

// SaveAssets returns Keras's vocabulary.txt asset (nil when the config holds
// the vocabulary).
func (l *TextVectorization) SaveAssets() map[string][]byte { return saveVocab(&l.table, &l.args) }

// LoadAssets restores the vocabulary from SaveAssets's files.
func (l *TextVectorization) LoadAssets(files map[string][]byte) error {
	return wrapName(l.Name(), "TextVectorization", loadVocab(&l.table, &l.args, files, parseString))
}

// SaveOwnVariables returns {"idf_weights": ...} in tf_idf mode.
func (l *TextVectorization) SaveOwnVariables() map[string]*tensor.Tensor { return saveIDF(&l.table) }

// LoadOwnVariables restores the IDF weights.
func (l *TextVectorization) LoadOwnVariables(store map[string]*tensor.Tensor) error {
	return wrapName(l.Name(), "TextVectorization", loadIDF(&l.table, store))
}

func wrapName(name, class string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("layer %q (%s): %w", name, class, err)
}
