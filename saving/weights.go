package saving

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
)

// SaveWeights is model.save_weights(path) for a ".weights.h5" file: the
// layers' variables in Keras 3's layout (no optimizer state), written
// atomically.
func SaveWeights(m Model, path string) error {
	if !strings.HasSuffix(path, ".weights.h5") {
		return fmt.Errorf("save_weights: the filename must end in .weights.h5, got %q", path)
	}
	return writeAtomic(path, func(w io.Writer) error {
		return writeH5(kerasWeightsTree(m, false), w)
	})
}

// LoadWeights is model.load_weights(path, skip_mismatch): it reads Keras 3
// ".weights.h5" files (by Keras 3's generated paths), the weights inside a
// ".keras" file, and Keras 1/2 weight files (save_weights .h5 files and the
// model_weights group of full-model .h5 files), which are matched by order
// of the layers that have weights, as Keras does. With skipMismatch, layers
// whose saved weights do not fit are skipped with a warning instead of
// failing the load.
func LoadWeights(m Model, path string, skipMismatch bool) error {
	return loadWeightsFile(m, path, false, skipMismatch)
}

// LoadWeightsByName is load_weights(path, by_name=True) for legacy Keras
// 1/2 weight files: saved layers are matched to the model's layers by name;
// layers without a saved counterpart keep their weights.
func LoadWeightsByName(m Model, path string, skipMismatch bool) error {
	return loadWeightsFile(m, path, true, skipMismatch)
}

func loadWeightsFile(m Model, path string, byName, skipMismatch bool) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("load_weights: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return fmt.Errorf("load_weights: %w", err)
	}
	if err := ReadWeights(m, f, st.Size(), byName, skipMismatch); err != nil {
		return fmt.Errorf("load_weights %s: %w", path, err)
	}
	return nil
}

// ReadWeights is LoadWeights for a file held by r whose real size is size.
func ReadWeights(m Model, r io.ReaderAt, size int64, byName, skipMismatch bool) error {
	if len(m.Inputs()) == 0 {
		return fmt.Errorf("model %q is not built yet; build it (give it an input shape) before loading weights", m.Base().Name())
	}
	head := make([]byte, 4)
	n, _ := r.ReadAt(head, 0)
	if n == 4 && string(head[:2]) == "PK" {
		a, err := openArchive(r, size)
		if err != nil {
			return err
		}
		b, err := a.read(weightsEntry)
		if err != nil {
			return err
		}
		r, size = bytes.NewReader(b), int64(len(b))
	}
	root, err := readH5(r, size)
	if err != nil {
		return err
	}
	if _, ok := root.attrStrings("layer_names"); ok {
		return loadLegacyWeights(m, root, byName, skipMismatch)
	}
	if g := root.child("model_weights"); g != nil {
		return loadLegacyWeights(m, g, byName, skipMismatch)
	}
	if byName {
		return fmt.Errorf("loading by name needs a legacy Keras 2 weights file; Keras 3 .weights.h5 files are loaded by structure")
	}
	return loadKerasWeights(m, root, false, skipMismatch)
}
