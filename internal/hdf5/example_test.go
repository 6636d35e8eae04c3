package hdf5_test

import (
	"bytes"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/gokeras/keras/internal/hdf5"
)

// Writing a Keras-3-style weights file and reading it back.
func Example() {
	w := hdf5.NewWriter()
	vars, err := w.Root().CreateGroup("layers")
	if err != nil {
		log.Fatal(err)
	}
	dense, _ := vars.CreateGroup("dense")
	v, _ := dense.CreateGroup("vars")
	if _, err := v.CreateDataset("0", []int{2, 2}, []float32{1, 2, 3, 4}); err != nil {
		log.Fatal(err)
	}
	if _, err := v.CreateDataset("1", []int{2}, []float32{0.5, -0.5}); err != nil {
		log.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := w.WriteTo(&buf); err != nil {
		log.Fatal(err)
	}

	f, err := hdf5.Open(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		log.Fatal(err)
	}
	err = f.Walk(func(path string, obj any) error {
		if d, ok := obj.(*hdf5.Dataset); ok {
			x, err := d.ReadFloat32()
			fmt.Println(path, d.DType(), d.Shape(), x, err)
		}
		return nil
	})
	if err != nil {
		log.Fatal(err)
	}
	// Output:
	// /layers/dense/vars/0 float32 [2 2] [1 2 3 4] <nil>
	// /layers/dense/vars/1 float32 [2] [0.5 -0.5] <nil>
}

// Legacy Keras 2 files keep their metadata in attributes.
func ExampleGroup_Attr() {
	w := hdf5.NewWriter()
	w.Root().SetAttr("keras_version", hdf5.FixedString("2.4.0"))
	w.Root().SetAttr("backend", "tensorflow")
	mw, _ := w.Root().CreateGroup("model_weights")
	mw.SetAttr("layer_names", hdf5.FixedStrings{"dense", "dense_1"})
	b, _ := w.Bytes()

	f, _ := hdf5.Open(bytes.NewReader(b), int64(len(b)))
	g, _ := f.Root().Group("model_weights")
	names, _ := g.Attr("layer_names")
	version, _ := f.Root().Attr("keras_version")
	fmt.Printf("%q %q\n", names, version)
	// Output: ["dense" "dense_1"] "2.4.0"
}

// Members lists a group in h5py's order (by name).
func ExampleGroup_Members() {
	w := hdf5.NewWriter()
	w.Root().CreateGroup("vars")
	w.Root().CreateDataset("b", nil, []int64{7})
	w.Root().CreateDataset("a", []int{1}, []float32{1})
	b, _ := w.Bytes()
	f, _ := hdf5.Open(bytes.NewReader(b), int64(len(b)))
	ms, _ := f.Root().Members()
	for _, m := range ms {
		fmt.Println(m.Name, m.Kind)
	}
	// Output:
	// a dataset
	// b dataset
	// vars group
}

// Save writes atomically (temporary file + rename).
func ExampleWriter_Save() {
	dir, _ := os.MkdirTemp("", "hdf5")
	defer os.RemoveAll(dir)
	w := hdf5.NewWriter()
	w.Root().CreateDataset("iterations", nil, []int64{1400})
	path := filepath.Join(dir, "model.weights.h5")
	if err := w.Save(path); err != nil {
		log.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	f, _ := hdf5.Open(bytes.NewReader(data), int64(len(data)))
	d, _ := f.Root().Dataset("iterations")
	n, _ := d.ReadInt64()
	fmt.Println(d.Shape(), n)
	// Output: [] [1400]
}

// Hostile input is an error, never a panic or a huge allocation.
func ExampleOpen_malformed() {
	_, err := hdf5.Open(bytes.NewReader([]byte("not an hdf5 file")), 16)
	fmt.Println(err)
	// Output: hdf5.Open: hdf5: malformed file: no HDF5 signature found (not an HDF5 file)
}
