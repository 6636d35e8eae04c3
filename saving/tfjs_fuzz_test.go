package saving

import (
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
)

// FuzzReadTFJS feeds arbitrary model.json text and shard bytes to the
// TensorFlow.js reader: it must return a model or an error, never panic,
// and never allocate beyond what the shard holds. Seeds: the committed
// tfjs fixtures (plain, quantized, converter-shaped) and small manifests.
func FuzzReadTFJS(f *testing.F) {
	for _, name := range []string{"mlp", "mlp_uint8", "mlp_float16", "cnn_uint16", "lstm_converter", "functional"} {
		dir := filepath.Join("testdata", "tfjs", name)
		js, err := os.ReadFile(filepath.Join(dir, "model.json"))
		if err != nil {
			continue
		}
		mj, err := parseTFJSModelJSON(js)
		if err != nil || len(mj.WeightsManifest) == 0 || len(mj.WeightsManifest[0].Paths) == 0 {
			continue
		}
		shard, _ := os.ReadFile(filepath.Join(dir, mj.WeightsManifest[0].Paths[0]))
		f.Add(js, shard)
	}
	dense := `{"modelTopology": {"class_name": "Sequential", "config": {"name": "s", "layers": [{"class_name": "Dense", "config": {"units": 1, "batch_input_shape": [null, 2], "name": "d"}}]}, "keras_version": "tfjs-layers 4.22.0"}, "format": "layers-model", "weightsManifest": [{"paths": ["w.bin"], "weights": [{"name": "d/kernel", "shape": [2, 1], "dtype": "float32"}, {"name": "d/bias", "shape": [1], "dtype": "float32", "quantization": {"dtype": "uint8", "min": -1, "scale": 0.1}}]}]}`
	f.Add([]byte(dense), make([]byte, 9))
	f.Add([]byte(`{"modelTopology": {"keras_version": "2.5.0", "model_config": {"class_name": "Sequential", "config": []}}, "weightsManifest": [{"paths": ["../x"], "weights": []}]}`), []byte{})
	f.Add([]byte(`{"modelTopology": {}, "weightsManifest": [{"paths": ["w.bin"], "weights": [{"name": "a", "shape": [1000000000, 1000000000], "dtype": "float32"}]}]}`), []byte{1, 2, 3})
	old := WarningOutput
	WarningOutput = nil
	defer func() { WarningOutput = old }()
	f.Fuzz(func(t *testing.T, js, shard []byte) {
		fsys := fstest.MapFS{"w.bin": {Data: shard}, "weights.bin": {Data: shard}, "group1-shard1of1.bin": {Data: shard}}
		ReadTFJS(js, fsys, NoCompile())
	})
}
