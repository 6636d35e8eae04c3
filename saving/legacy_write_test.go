package saving

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/gokeras/keras"
	"github.com/gokeras/keras/layers"
	"github.com/gokeras/keras/tensor"
)

// A model written in the legacy HDF5 format loads back (through the same
// reader that loads real Keras 2/3 .h5 files) with identical predictions
// and its compile state.
func TestLegacyH5RoundTrip(t *testing.T) {
	keras.ClearSession()
	m, err := keras.NewSequential(layers.NewInputLayer([]int{4}),
		layers.NewDense(8, layers.WithActivation("relu")),
		layers.NewBatchNormalization(),
		layers.NewDense(3, layers.WithActivation("softmax")))
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Compile("adam", "sparse_categorical_crossentropy", "accuracy"); err != nil {
		t.Fatal(err)
	}
	x := tensor.Zeros(5, 4)
	for i := range x.Float32s() {
		x.Float32s()[i] = float32(i%7) / 7
	}
	y, _ := tensor.New(tensor.Int32, 5)
	if _, err := m.Fit(x, y, keras.Epochs(2), keras.Verbose(0)); err != nil {
		t.Fatal(err)
	}
	want, err := m.Predict(x, keras.Verbose(0))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "model.h5")
	if err := SaveLegacyH5(m, path); err != nil {
		t.Fatal(err)
	}
	back, err := LoadModel(path)
	if err != nil {
		t.Fatal(err)
	}
	got, err := back.Predict(x, keras.Verbose(0))
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range want[0].Float32s() {
		if got[0].Float32s()[i] != v {
			t.Fatalf("prediction %d: %v after loading, %v before", i, got[0].Float32s()[i], v)
		}
	}
	if _, err := back.Evaluate(x, y, keras.Verbose(0)); err != nil {
		t.Errorf("the loaded model is not compiled: %v", err)
	}
	if err := SaveLegacyH5(m, filepath.Join(t.TempDir(), "m.weights.h5")); err == nil || !strings.Contains(err.Error(), "must end in .h5") {
		t.Errorf("a .weights.h5 name should be refused, got %v", err)
	}
}
