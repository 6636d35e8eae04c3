package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gokeras/keras"
	"github.com/gokeras/keras/layers"
	"github.com/gokeras/keras/saving"
	"github.com/gokeras/keras/tensor"
	"github.com/gokeras/keras/utils"
)

func TestCommands(t *testing.T) {
	dir := t.TempDir()
	m, err := keras.NewSequential(layers.NewInputLayer([]int{3}), layers.NewDense(2))
	if err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(dir, "m.keras")
	if err := saving.SaveModel(m, src); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := run([]string{"summary", src}, &out); err != nil || !strings.Contains(out.String(), "Dense") {
		t.Fatalf("summary: %v\n%s", err, out.String())
	}
	x, _ := tensor.FromFloat32([]float32{1, 2, 3, 4, 5, 6}, 2, 3)
	in := filepath.Join(dir, "x.npy")
	if err := utils.SaveNPY(in, x); err != nil {
		t.Fatal(err)
	}
	res := filepath.Join(dir, "y.npy")
	if err := run([]string{"predict", src, "--input", in, "--output", res}, &out); err != nil {
		t.Fatal(err)
	}
	y, err := utils.LoadNPY(res)
	if err != nil || !y.Shape().Equal(tensor.Shape{2, 2}) {
		t.Fatalf("predict output %v, %v", y, err)
	}
	if err := run([]string{"predict", src, "--input", in + "," + in, "--output", res}, &out); err == nil || !strings.Contains(err.Error(), "takes 1 input(s), got 2") {
		t.Errorf("two inputs for one: %v", err)
	}
	bad, _ := tensor.FromFloat32([]float32{1, 2, 3, 4}, 2, 2)
	utils.SaveNPY(in, bad)
	if err := run([]string{"predict", src, "--input", in, "--output", res}, &out); err == nil || !strings.Contains(err.Error(), "expected shape") {
		t.Errorf("wrong shape: %v", err)
	}
	js := filepath.Join(dir, "m.json")
	wts := filepath.Join(dir, "m.weights.h5")
	if err := run([]string{"convert", src, js}, &out); err != nil {
		t.Fatal(err)
	}
	if err := run([]string{"convert", src, wts}, &out); err != nil {
		t.Fatal(err)
	}
	if err := run([]string{"convert", js, filepath.Join(dir, "n.keras"), "--weights", wts}, &out); err != nil {
		t.Fatal(err)
	}
}

// TestConvertTFJS converts a .keras file to a TensorFlow.js layers model
// (a directory) and back.
func TestConvertTFJS(t *testing.T) {
	dir := t.TempDir()
	m, err := keras.NewSequential(layers.NewInputLayer([]int{3}), layers.NewDense(2, layers.WithName("d")))
	if err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(dir, "m.keras")
	if err := saving.SaveModel(m, src); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	tfjsDir := filepath.Join(dir, "web_model")
	if err := run([]string{"convert", src, tfjsDir}, &out); err != nil {
		t.Fatal(err)
	}
	if !saving.IsTFJS(tfjsDir) {
		t.Fatalf("%s is not a tfjs model after convert", tfjsDir)
	}
	back := filepath.Join(dir, "back.keras")
	if err := run([]string{"convert", filepath.Join(tfjsDir, "model.json"), back}, &out); err != nil {
		t.Fatal(err)
	}
	if err := run([]string{"summary", tfjsDir}, &out); err != nil || !strings.Contains(out.String(), "Dense") {
		t.Fatalf("summary of a tfjs model: %v\n%s", err, out.String())
	}
}
