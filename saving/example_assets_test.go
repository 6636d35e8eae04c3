package saving_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/gokeras/keras"
	"github.com/gokeras/keras/layers"
	"github.com/gokeras/keras/saving"
	"github.com/gokeras/keras/tensor"
)

// An adapted StringLookup keeps its vocabulary in the .keras file as the
// asset assets/layers/string_lookup/vocabulary.txt (the layer implements
// saving.AssetLayer), not in its config.
func ExampleAssetLayer() {
	words, _ := tensor.FromStrings([]string{"b", "a", "b", "c"}, 4)
	lookup := layers.NewStringLookup()
	if err := lookup.Adapt(words); err != nil {
		fmt.Println(err)
		return
	}
	m, _ := keras.NewSequential(layers.NewInputLayer([]int{1}, layers.With("dtype", "string")), lookup)
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "lookup.keras")
	if err := saving.SaveModel(m, path); err != nil {
		fmt.Println(err)
		return
	}
	loaded, err := saving.LoadModel(path)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(loaded.Layers()[0].(*layers.StringLookup).GetVocabulary(true))
	// Output: [[UNK] b c a]
}

// An IntegerLookup in tf_idf mode saves its IDF weights as the own
// variable layers/integer_lookup/vars/idf_weights (the layer implements
// saving.OwnVariablesLayer), in .keras and .weights.h5 files alike.
func ExampleOwnVariablesLayer() {
	data, _ := tensor.FromInt64([]int64{7, 7, 3}, 3)
	lookup := layers.NewIntegerLookup(layers.With("output_mode", "tf_idf"))
	if err := lookup.Adapt(data); err != nil {
		fmt.Println(err)
		return
	}
	m, _ := keras.NewSequential(layers.NewInputLayer([]int{2}, layers.With("dtype", "int64")), lookup)
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "idf.keras")
	if err := saving.SaveModel(m, path); err != nil {
		fmt.Println(err)
		return
	}
	loaded, err := saving.LoadModel(path)
	if err != nil {
		fmt.Println(err)
		return
	}
	x, _ := tensor.FromInt64([]int64{7, 3}, 1, 2)
	a, _ := m.Predict(x, keras.Verbose(0))
	b, _ := loaded.Predict(x, keras.Verbose(0))
	fmt.Println(a[0].Float32s()[1] == b[0].Float32s()[1], a[0].Float32s()[1] > 0)
	// Output: true true
}
