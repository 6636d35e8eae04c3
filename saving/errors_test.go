package saving

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gokeras/keras"
	"github.com/gokeras/keras/layers"
)

func TestUnknownClassAndRegistration(t *testing.T) {
	js := `{"class_name": "Sequential", "config": {"name": "s", "layers": [
		{"class_name": "InputLayer", "config": {"batch_shape": [null, 3]}},
		{"module": null, "class_name": "L1Distance", "config": {"name": "l1"}, "registered_name": "Custom>L1Distance"}]}}`
	_, err := ModelFromJSON(js)
	if err == nil || !strings.Contains(err.Error(), `unknown layer class "L1Distance"`) {
		t.Fatalf("error %v, want one naming L1Distance", err)
	}
	identity := func(c layers.Config) (layers.Layer, error) {
		l := layers.NewIdentity(layers.WithName(c.String("name", "")))
		return l, l.Base().Err()
	}
	m, err := ModelFromJSON(js, Custom{"L1Distance": identity})
	if err != nil {
		t.Fatalf("with a Custom factory: %v", err)
	}
	if got := m.Layers()[0].Base().Name(); got != "l1" {
		t.Errorf("custom layer name %q, want l1", got)
	}
	RegisterSerializable("", "L1DistanceTest", identity)
	if _, err := ModelFromJSON(strings.ReplaceAll(js, `"L1Distance"`, `"L1DistanceTest"`)); err != nil {
		t.Errorf("after RegisterSerializable: %v", err)
	}
}

func TestLegacyForms(t *testing.T) {
	for name, js := range map[string]string{
		"list-form sequential": `{"class_name": "Sequential", "keras_version": "2.0.0", "config": [{"class_name": "Dense", "config": {"name": "d", "units": 2, "activation": "hard_sigmoid", "batch_input_shape": [null, 3]}}]}`,
		"keras 2 functional":   `{"class_name": "Model", "config": {"name": "m", "layers": [{"name": "i", "class_name": "InputLayer", "config": {"batch_input_shape": [null, 3], "name": "i"}, "inbound_nodes": []}, {"name": "d", "class_name": "Dense", "config": {"name": "d", "units": 2}, "inbound_nodes": [[["i", 0, 0, {}]]]}], "input_layers": [["i", 0, 0]], "output_layers": [["d", 0, 0]]}}`,
		"keras 1 dense":        `{"class_name": "Sequential", "config": [{"class_name": "Dense", "config": {"name": "d", "output_dim": 2, "init": "glorot_uniform", "input_dim": 3, "W_regularizer": null, "bias": true}}]}`,
	} {
		t.Run(name, func(t *testing.T) {
			m, err := ModelFromJSON(js)
			if err != nil {
				t.Fatal(err)
			}
			if got := m.Outputs()[0].Shape(); len(got) != 2 || got[1] != 2 {
				t.Errorf("output shape %v, want (None, 2)", got)
			}
		})
	}
	// Keras 2's hard_sigmoid keeps its meaning.
	m, err := ModelFromJSON(`{"class_name": "Sequential", "keras_version": "2.4.0", "config": {"name": "s", "layers": [{"class_name": "Activation", "config": {"name": "a", "activation": "hard_sigmoid", "batch_input_shape": [null, 1]}}]}}`)
	if err != nil {
		t.Fatal(err)
	}
	x := ramp(1, 1) // -0.3
	out := predict(t, m, x)[0].Float32s()[0]
	if want := float32(0.2*-0.3 + 0.5); abs32(out-want) > 1e-6 {
		t.Errorf("Keras 2 hard_sigmoid(-0.3) = %v, want %v", out, want)
	}
}

func abs32(x float32) float32 {
	if x < 0 {
		return -x
	}
	return x
}

func TestUnsafeZipEntries(t *testing.T) {
	for _, name := range []string{"../evil", "/abs", `a\b`, "a/../../b", "C:x"} {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		w, _ := zw.Create(name)
		w.Write([]byte("x"))
		zw.Close()
		_, err := ReadModel(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
		if err == nil || !strings.Contains(err.Error(), "unsafe entry name") {
			t.Errorf("entry %q: error %v, want an unsafe entry name error", name, err)
		}
	}
}

func TestShapeMismatchMessage(t *testing.T) {
	small, _ := keras.NewSequential(layers.NewInputLayer([]int{3}), layers.NewDense(2))
	big, _ := keras.NewSequential(layers.NewInputLayer([]int{3}), layers.NewDense(5))
	p := filepath.Join(t.TempDir(), "w.weights.h5")
	if err := SaveWeights(small, p); err != nil {
		t.Fatal(err)
	}
	err := LoadWeights(big, p, false)
	if err == nil || !strings.Contains(err.Error(), "expected (3, 5), found (3, 2)") || !strings.Contains(err.Error(), "layers/dense/vars/0") {
		t.Fatalf("error %v, want a shape mismatch naming the layer, path and shapes", err)
	}
	old := WarningOutput
	var warn bytes.Buffer
	WarningOutput = &warn
	defer func() { WarningOutput = old }()
	if err := LoadWeights(big, p, true); err != nil {
		t.Fatalf("skipMismatch: %v", err)
	}
	if !strings.Contains(warn.String(), "skipping") {
		t.Errorf("no warning for a skipped layer: %q", warn.String())
	}
}

func TestSaveIsAtomic(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "m.keras")
	os.WriteFile(p, []byte("old"), 0o644)
	if err := SaveModel(nil, p); err == nil {
		t.Fatal("saving a nil model succeeded")
	}
	if b, _ := os.ReadFile(p); string(b) != "old" {
		t.Errorf("a failed save changed the file")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("a failed save left %d files", len(entries))
	}
}
