package saving

import (
	"bytes"
	"os"
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

// The optimizer state goes into optimizer_weights and comes back, so that
// training resumes exactly: one more step on the saved and on the loaded
// model gives the same weights.
func TestLegacyH5OptimizerState(t *testing.T) {
	keras.ClearSession()
	m, err := keras.NewSequential(layers.NewInputLayer([]int{4}),
		layers.NewDense(6, layers.WithActivation("relu")),
		layers.NewDense(3, layers.WithActivation("softmax")))
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Compile("adam", "sparse_categorical_crossentropy"); err != nil {
		t.Fatal(err)
	}
	x := tensor.Zeros(8, 4)
	for i := range x.Float32s() {
		x.Float32s()[i] = float32(i%5) / 5
	}
	y, _ := tensor.New(tensor.Int32, 8)
	for i := range y.Int32s() {
		y.Int32s()[i] = int32(i % 3)
	}
	if _, err := m.Fit(x, y, keras.Epochs(3), keras.BatchSize(4), keras.Verbose(0), keras.Shuffle(false)); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "model.h5")
	if err := SaveLegacyH5(m, path); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, _ := f.Stat()
	root, err := readH5(f, st.Size())
	if err != nil {
		t.Fatal(err)
	}
	og := root.child("optimizer_weights")
	if og == nil {
		t.Fatal("no optimizer_weights group")
	}
	names, _ := og.attrStrings("weight_names")
	if want := len(m.Optimizer().Variables()); len(names) != want || want < 2 {
		t.Fatalf("weight_names %v, want %d names", names, want)
	}
	back, err := LoadModel(path)
	if err != nil {
		t.Fatal(err)
	}
	ov, bv := m.Optimizer().Variables(), back.Optimizer().Variables()
	if len(ov) != len(bv) {
		t.Fatalf("loaded optimizer has %d variables, saved %d", len(bv), len(ov))
	}
	for i := range ov {
		a, b := ov[i].Value(), bv[i].Value()
		for j := 0; j < a.Size(); j++ {
			if a.At(j) != b.At(j) {
				t.Fatalf("optimizer variable %d (%s) element %d: %v loaded, %v saved", i, ov[i].Path(), j, b.At(j), a.At(j))
			}
		}
	}
	for _, mm := range []*keras.Sequential{m, back.(*keras.Sequential)} {
		if _, err := mm.TrainOnBatch(x, y); err != nil {
			t.Fatal(err)
		}
	}
	wa, wb := m.Weights(), back.Weights()
	for i := range wa {
		a, b := wa[i].Value().Float32s(), wb[i].Value().Float32s()
		for j := range a {
			if a[j] != b[j] {
				t.Fatalf("after one more step, weight %s[%d]: %v (loaded) vs %v (original)", wa[i].Path(), j, b[j], a[j])
			}
		}
	}
}

// A legacy optimizer state that does not fit leaves a fresh optimizer and
// a warning saying why, as Keras 3 does.
func TestLegacyH5OptimizerStateErrors(t *testing.T) {
	newModel := func() *keras.Sequential {
		keras.ClearSession()
		m, err := keras.NewSequential(layers.NewInputLayer([]int{3}), layers.NewDense(2))
		if err != nil {
			t.Fatal(err)
		}
		if err := m.Compile("adam", "mse"); err != nil {
			t.Fatal(err)
		}
		return m
	}
	saved := newModel()
	if _, err := saved.Fit(tensor.Zeros(4, 3), tensor.Zeros(4, 2), keras.Epochs(1), keras.Verbose(0)); err != nil {
		t.Fatal(err)
	}
	var file bytes.Buffer
	if err := WriteLegacyH5(saved, &file); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, version string
		mutate        func(og *h5Node)
		want          string
	}{
		{"keras 2 file", "2.15.0", func(*h5Node) {}, "is not loaded"},
		{"no weight_names", "3.5.0", func(og *h5Node) { delete(og.attrs, "weight_names") }, "no weight_names attribute"},
		{"missing dataset", "3.5.0", func(og *h5Node) {
			names, _ := og.attrStrings("weight_names")
			og.attrs["weight_names"] = append(names[:len(names)-1:len(names)-1], "adam/nowhere")
		}, `dataset "adam/nowhere" is missing`},
		{"too few variables", "3.5.0", func(og *h5Node) {
			names, _ := og.attrStrings("weight_names")
			og.attrs["weight_names"] = names[:len(names)-1]
		}, "whereas the saved optimizer has"},
		{"wrong shape", "3.5.0", func(og *h5Node) {
			names, _ := og.attrStrings("weight_names")
			og.lookup(names[len(names)-1]).data = tensor.Zeros(5)
		}, "shape mismatch"},
	}
	old := WarningOutput
	defer func() { WarningOutput = old }()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			root, err := readH5(bytes.NewReader(file.Bytes()), int64(file.Len()))
			if err != nil {
				t.Fatal(err)
			}
			og := root.child("optimizer_weights")
			c.mutate(og)
			var warn strings.Builder
			WarningOutput = &warn
			m := newModel()
			loadLegacyOptimizer(m, og, c.version)
			if !strings.Contains(warn.String(), c.want) {
				t.Fatalf("warning %q, want one containing %q", warn.String(), c.want)
			}
			if it := m.Optimizer().Variables()[0].Value().At(0); it != 0 {
				t.Errorf("the optimizer state was partly loaded: iteration %v", it)
			}
		})
	}
}
