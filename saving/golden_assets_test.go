package saving

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/gokeras/keras"
	"github.com/gokeras/keras/layers"
	"github.com/gokeras/keras/tensor"
)

// goldenAssetsModel is the deterministic model with adapted preprocessing
// layers whose .keras file is pinned in testdata/keras_assets_listing.json:
// TextVectorization and IntegerLookup in tf_idf mode (vocabulary.txt assets
// and idf_weights own variables, TextVectorization's repeated under
// _lookup_layer), an adapted StringLookup (asset only), an adapted
// Normalization (mean, variance, count variables) and an adapted
// Discretization (bin_boundaries in the config).
func goldenAssetsModel(t *testing.T) (*keras.Model, []*tensor.Tensor) {
	t.Helper()
	keras.ClearSession()
	texts := rtStrings(t, []string{"the cat sat", "the dog ran", "a cat ran far", "the end"}, 4, 1)
	words := rtStrings(t, []string{"b", "a", "b", "c", "c", "c", "z", "b"}, 4, 2)
	ints := rtInt64(t, []int64{3, 7, 7, 7, 9, 3, 3, 11}, 4, 2)
	nums := ramp(4, 3)

	tv := layers.NewTextVectorization(layers.With("output_mode", "tf_idf"), layers.With("max_tokens", 6))
	sl := layers.NewStringLookup(layers.With("output_mode", "multi_hot"))
	il := layers.NewIntegerLookup(layers.With("output_mode", "tf_idf"))
	nm := layers.NewNormalization()
	ds := layers.NewDiscretization(layers.With("num_bins", 3), layers.With("output_mode", "multi_hot"))
	for _, a := range []struct {
		l interface{ Adapt(*tensor.Tensor) error }
		x *tensor.Tensor
	}{{tv, texts}, {sl, words}, {il, ints}, {nm, nums}, {ds, nums}} {
		if err := a.l.Adapt(a.x); err != nil {
			t.Fatal(err)
		}
	}
	it := keras.Input([]int{1}, layers.With("dtype", "string"), layers.WithName("text"))
	iw := keras.Input([]int{2}, layers.With("dtype", "string"), layers.WithName("words"))
	ii := keras.Input([]int{2}, layers.With("dtype", "int64"), layers.WithName("ints"))
	in := keras.Input([]int{3}, layers.WithName("nums"))
	cat := layers.NewConcatenate().Apply(tv.Apply(it), sl.Apply(iw), il.Apply(ii), nm.Apply(in), ds.Apply(in))
	out := layers.NewDense(2, layers.WithName("head")).Apply(cat)
	m, err := keras.NewModel([]*layers.KerasTensor{it, iw, ii, in}, []*layers.KerasTensor{out}, layers.WithName("preprocessing"))
	if err != nil {
		t.Fatal(err)
	}
	rtScramble(t, m, 0)
	return m, []*tensor.Tensor{texts, words, ints, nums}
}

// TestGoldenAssetsListing checks the layout of a .keras file holding
// assets and own variables against the listing h5py and zipfile made of it
// (testdata/keras_assets_listing.json, written by testdata/gen/saving_gen.py,
// which also asserts Keras's paths), and that the file loads with identical
// predictions. Run with SAVING_UPDATE_GOLDEN=1 to rewrite
// testdata/go_written_assets.keras, then rerun the script.
func TestGoldenAssetsListing(t *testing.T) {
	m, x := goldenAssetsModel(t)
	var buf bytes.Buffer
	if err := WriteModel(m, &buf); err != nil {
		t.Fatal(err)
	}
	committed := filepath.Join("testdata", "go_written_assets.keras")
	if os.Getenv("SAVING_UPDATE_GOLDEN") != "" {
		if err := os.WriteFile(committed, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b, err := os.ReadFile(filepath.Join("testdata", "keras_assets_listing.json"))
	if err != nil {
		t.Fatal(err)
	}
	var want listing
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatal(err)
	}
	got := listKeras(t, buf.Bytes())
	gj, _ := json.MarshalIndent(got, "", " ")
	wj, _ := json.MarshalIndent(want, "", " ")
	if !bytes.Equal(gj, wj) {
		t.Errorf("listing of a Go-written .keras with assets differs from the pinned h5py listing:\ngot  %s\nwant %s", gj, wj)
	}
	wantOut := predict(t, m, x)
	back, err := LoadModel(committed)
	if err != nil {
		t.Fatalf("loading %s: %v", committed, err)
	}
	rtSame(t, committed, wantOut, predict(t, back, x))
}
