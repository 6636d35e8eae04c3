package saving

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/gokeras/keras"
	"github.com/gokeras/keras/layers"
	"github.com/gokeras/keras/tensor"
)

// FuzzReadModel feeds arbitrary bytes to the .keras / .h5 / JSON reader:
// it must return an error or a model, never panic or allocate beyond the
// input's size. Seeds: the committed Go-written .keras and small zips.
func FuzzReadModel(f *testing.F) {
	if b, err := os.ReadFile(filepath.Join("testdata", "go_written.keras")); err == nil {
		f.Add(b)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("config.json")
	w.Write([]byte(`{"class_name": "Sequential", "config": {"name": "s", "layers": []}}`))
	zw.Close()
	f.Add(buf.Bytes())
	if b := legacyH5WithOptimizer(f); b != nil {
		f.Add(b)
	}
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte("\x89HDF\r\n\x1a\n"))
	f.Add([]byte(`{"class_name": "Sequential", "config": []}`))
	old := WarningOutput
	WarningOutput = nil
	defer func() { WarningOutput = old }()
	f.Fuzz(func(t *testing.T, b []byte) {
		ReadModel(bytes.NewReader(b), int64(len(b)))
	})
}

// FuzzModelFromJSON feeds arbitrary config JSON to the model rebuilder.
func FuzzModelFromJSON(f *testing.F) {
	for _, s := range []string{
		`{"class_name": "Sequential", "config": {"name": "s", "layers": [{"class_name": "InputLayer", "config": {"batch_shape": [null, 4]}}, {"class_name": "Dense", "config": {"units": 2}}]}}`,
		`{"class_name": "Sequential", "config": [{"class_name": "Dense", "config": {"units": 2, "batch_input_shape": [null, 3]}}]}`,
		`{"class_name": "Model", "config": {"name": "m", "layers": [{"name": "i", "class_name": "InputLayer", "config": {"batch_input_shape": [null, 3]}, "inbound_nodes": []}, {"name": "d", "class_name": "Dense", "config": {"units": 2}, "inbound_nodes": [[["i", 0, 0, {}]]]}], "input_layers": [["i", 0, 0]], "output_layers": [["d", 0, 0]]}}`,
		`{"class_name": "Functional", "config": {"name": "f", "layers": [{"name": "i", "class_name": "InputLayer", "config": {"batch_shape": [null, 3]}, "inbound_nodes": []}, {"name": "d", "class_name": "Dense", "config": {"units": 2}, "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"keras_history": ["i", 0, 0]}}], "kwargs": {}}]}], "input_layers": ["i", 0, 0], "output_layers": ["d", 0, 0]}}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ModelFromJSON(s, NoCompile())
	})
}

// legacyH5WithOptimizer is a small legacy .h5 model file with a training
// config and optimizer state, as a fuzzing seed.
func legacyH5WithOptimizer(f *testing.F) []byte {
	keras.ClearSession()
	m, err := keras.NewSequential(layers.NewInputLayer([]int{3}), layers.NewDense(2))
	if err != nil {
		f.Fatal(err)
	}
	if err := m.Compile("adam", "mse"); err != nil {
		f.Fatal(err)
	}
	x, y := tensor.Zeros(2, 3), tensor.Zeros(2, 2)
	if _, err := m.Fit(x, y, keras.Epochs(1), keras.Verbose(0)); err != nil {
		f.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteLegacyH5(m, &buf); err != nil {
		f.Fatal(err)
	}
	return buf.Bytes()
}
