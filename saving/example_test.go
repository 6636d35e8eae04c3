package saving_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/gokeras/keras"
	"github.com/gokeras/keras/layers"
	"github.com/gokeras/keras/saving"
)

func ExampleSaveModel() {
	m, _ := keras.NewSequential(layers.NewInputLayer([]int{4}), layers.NewDense(2, layers.WithName("out")))
	m.Compile("adam", "mse")
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "model.keras")
	if err := saving.SaveModel(m, path); err != nil {
		fmt.Println(err)
		return
	}
	loaded, err := saving.LoadModel(path)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(loaded.Layers()[0].Base().Name(), loaded.Optimizer().ClassName())
	// Output: out Adam
}

func ExampleModelFromJSON() {
	js := `{"class_name": "Sequential", "config": [{"class_name": "Dense",
		"config": {"name": "d", "units": 3, "batch_input_shape": [null, 5]}}]}`
	m, err := saving.ModelFromJSON(js)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(m.Outputs()[0].Shape())
	// Output: (None, 3)
}

func ExampleLoadWeights() {
	m, _ := keras.NewSequential(layers.NewInputLayer([]int{2}), layers.NewDense(1))
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "m.weights.h5")
	saving.SaveWeights(m, path)
	fmt.Println(saving.LoadWeights(m, path, false))
	// Output: <nil>
}

func ExampleRegisterSerializable() {
	saving.RegisterSerializable("MyPackage", "Passthrough", func(c layers.Config) (layers.Layer, error) {
		l := layers.NewIdentity(layers.WithName(c.String("name", "")))
		return l, l.Base().Err()
	})
	_, err := saving.ModelFromJSON(`{"class_name": "Sequential", "config": {"name": "s", "layers": [
		{"class_name": "InputLayer", "config": {"batch_shape": [null, 2]}},
		{"class_name": "Passthrough", "config": {"name": "p"}, "registered_name": "MyPackage>Passthrough"}]}}`)
	fmt.Println(err)
	// Output: <nil>
}
