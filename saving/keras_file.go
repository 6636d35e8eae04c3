package saving

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// KerasVersion is the keras_version written to metadata.json: the Keras
// release whose file format this package writes.
const KerasVersion = "3.16.0"

const (
	configEntry   = "config.json"
	metadataEntry = "metadata.json"
	weightsEntry  = "model.weights.h5"
)

// LoadModel is keras.models.load_model. It reads a Keras 3 ".keras" zip
// (config.json, metadata.json, model.weights.h5: architecture, weights,
// compile state and optimizer state), a legacy Keras 1/2 ".h5" full model,
// a bare config JSON (no weights), or a TensorFlow.js layers model (a
// directory holding model.json, or a model.json with a weightsManifest; see
// LoadTFJS), deciding by content rather than by extension.
func LoadModel(path string, opts ...LoadOption) (Model, error) {
	if IsTFJS(path) {
		return LoadTFJS(path, opts...)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("load_model: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("load_model: %w", err)
	}
	m, err := ReadModel(f, st.Size(), opts...)
	if err != nil {
		return nil, fmt.Errorf("load_model %s: %w", path, err)
	}
	return m, nil
}

// ReadModel is LoadModel for a file held by r whose real size is size.
// Every allocation is bounded by size.
func ReadModel(r io.ReaderAt, size int64, opts ...LoadOption) (Model, error) {
	lc := newLoadConfig(opts)
	head := make([]byte, 8)
	n, _ := r.ReadAt(head, 0)
	head = head[:n]
	switch {
	case bytes.HasPrefix(head, []byte("PK")):
		return readKeras(r, size, lc)
	case bytes.HasPrefix(head, []byte("\x89HDF")):
		return readLegacyH5Model(r, size, lc)
	case len(bytes.TrimSpace(head)) > 0 && bytes.TrimSpace(head)[0] == '{':
		if size > 1<<30 {
			return nil, fmt.Errorf("config JSON of %d bytes is too large", size)
		}
		b := make([]byte, size)
		if _, err := r.ReadAt(b, 0); err != nil && err != io.EOF {
			return nil, err
		}
		return ModelFromJSON(string(b), opts...)
	}
	return nil, fmt.Errorf("unrecognized model file: not a .keras zip, an HDF5 .h5 file or a config JSON")
}

func readKeras(r io.ReaderAt, size int64, lc *loadConfig) (Model, error) {
	a, err := openArchive(r, size)
	if err != nil {
		return nil, err
	}
	cfgBytes, err := a.read(configEntry)
	if err != nil {
		return nil, err
	}
	version := ""
	if a.has(metadataEntry) {
		mb, err := a.read(metadataEntry)
		if err != nil {
			return nil, err
		}
		var meta map[string]any
		if err := json.Unmarshal(mb, &meta); err == nil {
			version, _ = meta["keras_version"].(string)
		}
	}
	var obj any
	if err := json.Unmarshal(cfgBytes, &obj); err != nil {
		return nil, fmt.Errorf("%s: invalid JSON: %w", configEntry, err)
	}
	m, err := modelFromObject(obj, lc, version)
	if err != nil {
		return nil, err
	}
	if !a.has(weightsEntry) {
		if a.has("model.weights.npz") {
			return nil, fmt.Errorf("model.weights.npz (weights_format=\"npz\") is not supported; save with the default h5 weights format")
		}
		return nil, fmt.Errorf(".keras archive: no %s entry", weightsEntry)
	}
	wb, err := a.read(weightsEntry)
	if err != nil {
		return nil, err
	}
	tree, err := readH5(bytes.NewReader(wb), int64(len(wb)))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", weightsEntry, err)
	}
	if err := loadKerasWeights(m, tree, true, false); err != nil {
		return nil, fmt.Errorf("%s: %w", weightsEntry, err)
	}
	if err := loadModelAssets(m, a); err != nil {
		return nil, err
	}
	return m, nil
}

// SaveModel is model.save(path). A path ending in ".h5" (not
// ".weights.h5") is written in the legacy HDF5 format (SaveLegacyH5);
// otherwise it must be a ".keras" file: a zip of
// metadata.json, config.json (with build_config and compile_config) and
// model.weights.h5 (layer weights under Keras 3's generated paths and the
// optimizer state under optimizer/vars). The file is written to a temporary
// name and renamed, so a failed save leaves an existing file intact.
func SaveModel(m Model, path string) error {
	if strings.HasSuffix(path, ".h5") && !strings.HasSuffix(path, ".weights.h5") {
		return SaveLegacyH5(m, path)
	}
	if !strings.HasSuffix(path, ".keras") {
		return fmt.Errorf("save_model: the filename must end in .keras (or .h5 for the legacy format), got %q (use SaveWeights for .weights.h5)", path)
	}
	return writeAtomic(path, func(w io.Writer) error { return WriteModel(m, w) })
}

// WriteModel writes the .keras zip of m to w.
func WriteModel(m Model, w io.Writer) error {
	obj, err := serializeModel(m, true)
	if err != nil {
		return err
	}
	cfg, err := json.Marshal(obj)
	if err != nil {
		return fmt.Errorf("model %q: encoding config.json: %w", m.Base().Name(), err)
	}
	meta, _ := json.Marshal(map[string]any{"keras_version": KerasVersion, "date_saved": time.Now().Format("2006-01-02@15:04:05")})
	var h5 bytes.Buffer
	if err := writeH5(kerasWeightsTree(m, true), &h5); err != nil {
		return fmt.Errorf("model %q: writing %s: %w", m.Base().Name(), weightsEntry, err)
	}
	assets, err := modelAssets(m)
	if err != nil {
		return fmt.Errorf("model %q: %w", m.Base().Name(), err)
	}
	zw := zip.NewWriter(w)
	now := time.Now()
	entries := append([]assetEntry{{metadataEntry, meta}, {configEntry, cfg}, {weightsEntry, h5.Bytes()}}, assets...)
	for _, e := range entries {
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: e.name, Method: zip.Store, Modified: now})
		if err != nil {
			return err
		}
		if _, err := fw.Write(e.data); err != nil {
			return err
		}
	}
	return zw.Close()
}

// writeAtomic writes path through write under a temporary name in the same
// directory, syncs it and renames it into place.
func writeAtomic(path string, write func(io.Writer) error) (err error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if err = write(f); err != nil {
		return err
	}
	if err = f.Chmod(0o644); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}
