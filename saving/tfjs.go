package saving

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// TensorFlow.js "layers-model" format: a directory holding model.json —
// {"modelTopology", "weightsManifest", "format": "layers-model",
// "generatedBy", "convertedBy"} — and the binary weight shards that the
// manifest names. modelTopology is either tfjs's own model.save() shape
// ({"class_name", "config", "keras_version": "tfjs-layers x.y.z",
// "backend"}) or the tfjs converter's ({"keras_version", "backend",
// "model_config": {...}, "training_config"}). Each manifest group lists
// shard paths, whose concatenation holds the group's weights in order:
// float32 or int32 little-endian, or quantized (uint8/uint16 with
// value = q*scale + min, or float16).

// TFJSModelFile is the name of a TensorFlow.js layers model's JSON file.
const TFJSModelFile = "model.json"

// LoadTFJS is tf.loadLayersModel("file://...") for a TensorFlow.js
// layers-model: path is the model's directory or its model.json. Weights
// are matched to the model's variables by name as tfjs's loadWeights does
// ("dense/kernel", tf-keras's "lstm/lstm_cell/kernel", with or without a
// model-name prefix), falling back to order when the names do not match.
//
// Semantics: a file written by tfjs (keras_version "tfjs-layers ...") or
// by the converter from a Keras 1/2 model runs with Keras 2's
// hard_sigmoid, as tfjs does; LegacySemantics overrides. The model is
// compiled from the file's training config when it has one and it can be
// used (unless NoCompile); tfjs optimizer weights are not loaded.
func LoadTFJS(path string, opts ...LoadOption) (Model, error) {
	dir, file := path, TFJSModelFile
	if st, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("load tfjs model: %w", err)
	} else if !st.IsDir() {
		dir, file = filepath.Dir(path), filepath.Base(path)
	}
	b, err := readFileBounded(filepath.Join(dir, file), maxTFJSJSON)
	if err != nil {
		return nil, fmt.Errorf("load tfjs model: %w", err)
	}
	m, err := ReadTFJS(b, os.DirFS(dir), opts...)
	if err != nil {
		return nil, fmt.Errorf("load tfjs model %s: %w", filepath.Join(dir, file), err)
	}
	return m, nil
}

// ReadTFJS is LoadTFJS for a model.json held in memory; weight shard paths
// are opened in weights (the model.json's directory). Shard paths that
// leave weights (absolute, "..", URLs) are rejected, and every allocation
// is bounded by the shards' real sizes.
func ReadTFJS(modelJSON []byte, weights fs.FS, opts ...LoadOption) (Model, error) {
	mj, err := parseTFJSModelJSON(modelJSON)
	if err != nil {
		return nil, err
	}
	lc := newLoadConfig(opts)
	noCompile := lc.noCompile
	lc.noCompile = true
	m, err := modelFromObject(mj.ModelTopology, lc, tfjsVersion(mj.ModelTopology))
	lc.noCompile = noCompile
	if err != nil {
		return nil, err
	}
	ws, err := readTFJSWeights(weights, mj.WeightsManifest)
	if err != nil {
		return nil, err
	}
	if len(ws) > 0 {
		if len(m.Inputs()) == 0 {
			return nil, fmt.Errorf("model %q has no input shape in its topology, so its weights cannot be loaded", m.Base().Name())
		}
		if err := assignTFJSWeights(m, ws); err != nil {
			return nil, fmt.Errorf("model %q: %w", m.Base().Name(), err)
		}
	}
	tc := mj.TrainingConfig
	if tc == nil {
		tc, _ = mj.ModelTopology["training_config"].(map[string]any)
	}
	if tc != nil && !lc.noCompile {
		if err := compileFromTFJSTrainingConfig(m, tc); err != nil {
			warnf("model %q: the saved training configuration could not be used (%v); the model was *not* compiled. Compile it manually", m.Base().Name(), err)
		}
	}
	return m, nil
}

// tfjsVersion is the writer's version for LegacySemantics' decision:
// converter files record the Keras version that wrote the model
// ("2.5.0"); tfjs itself ("tfjs-layers 4.22.0") and SaveTFJS record tfjs
// semantics, reported as "tfjs".
func tfjsVersion(topo map[string]any) string {
	v, _ := topo["keras_version"].(string)
	if v != "" && v[0] >= '0' && v[0] <= '9' {
		return v
	}
	return "tfjs"
}

// IsTFJS reports whether path is a TensorFlow.js layers model: a directory
// holding model.json, or a .json file with a "weightsManifest".
func IsTFJS(path string) bool {
	st, err := os.Stat(path)
	if err != nil {
		return false
	}
	if st.IsDir() {
		_, err := os.Stat(filepath.Join(path, TFJSModelFile))
		return err == nil
	}
	if !strings.HasSuffix(path, ".json") {
		return false
	}
	b, err := readFileBounded(path, maxTFJSJSON)
	if err != nil {
		return false
	}
	return bytes.Contains(b, []byte(`"weightsManifest"`)) && bytes.Contains(b, []byte(`"modelTopology"`))
}

func readFileBounded(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%s is larger than %d bytes", path, limit)
	}
	return b, nil
}

var (
	camelHump   = regexp.MustCompile(`([a-z0-9])([A-Z])`)
	trailDigits = regexp.MustCompile(`([a-z])([0-9])$`)
)

// tfjsSnake turns tfjs's camelCase identifiers ("meanSquaredError",
// "learningRate", "beta1") into Keras's snake_case ones.
func tfjsSnake(s string) string {
	s = camelHump.ReplaceAllString(s, "${1}_${2}")
	s = strings.ToLower(s)
	return trailDigits.ReplaceAllString(s, "${1}_${2}")
}

// compileFromTFJSTrainingConfig compiles m from a tfjs trainingConfig
// ({"loss", "metrics", "optimizer_config"} with camelCase names) or a
// converter's Keras training_config.
func compileFromTFJSTrainingConfig(m Model, tc map[string]any) error {
	cc := map[string]any{}
	snakeAll := func(v any) any {
		switch x := v.(type) {
		case string:
			return tfjsSnake(x)
		case []any:
			out := make([]any, len(x))
			for i, e := range x {
				if s, ok := e.(string); ok {
					out[i] = tfjsSnake(s)
				} else {
					out[i] = e
				}
			}
			return out
		}
		return v
	}
	cc["loss"] = snakeAll(tc["loss"])
	cc["metrics"] = snakeAll(tc["metrics"])
	if ms, ok := cc["metrics"].([]any); ok && len(ms) == 1 {
		if inner, ok := ms[0].([]any); ok {
			cc["metrics"] = snakeAll(inner)
		}
	}
	if oc, ok := tc["optimizer_config"].(map[string]any); ok {
		cfg, _ := oc["config"].(map[string]any)
		out := map[string]any{}
		for k, v := range cfg {
			out[tfjsSnake(k)] = v
		}
		cls, _ := oc["class_name"].(string)
		if cls == "RMSProp" {
			cls = "RMSprop"
		}
		cc["optimizer"] = legacyOptimizer(map[string]any{"class_name": cls, "config": out})
	}
	return applyCompileConfig(m, cc)
}

// marshalTFJS encodes a model.json as tfjs does (keys in struct order).
func marshalTFJS(mj *tfjsModelJSON) ([]byte, error) {
	return json.Marshal(mj)
}
