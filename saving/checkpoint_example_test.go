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

func ExampleSaveTFJS() {
	m, _ := keras.NewSequential(layers.NewInputLayer([]int{4}), layers.NewDense(2, layers.WithName("out")))
	dir, _ := os.MkdirTemp("", "web_model")
	defer os.RemoveAll(dir)
	if err := saving.SaveTFJS(m, dir); err != nil {
		fmt.Println(err)
		return
	}
	loaded, err := saving.LoadTFJS(dir) // or saving.LoadModel(dir)
	if err != nil {
		fmt.Println(err)
		return
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	for _, f := range files {
		fmt.Println(filepath.Base(f))
	}
	fmt.Println(loaded.Layers()[0].Base().Name())
	// Output:
	// group1-shard1of1.bin
	// model.json
	// out
}

func ExampleNewModelCheckpoint() {
	m, _ := keras.NewSequential(layers.NewInputLayer([]int{2}), layers.NewDense(1))
	m.Compile("sgd", "mse")
	x, _ := tensor.FromFloat32([]float32{1, 2, 3, 4}, 2, 2)
	y, _ := tensor.FromFloat32([]float32{1, 0}, 2, 1)
	dir, _ := os.MkdirTemp("", "ckpt")
	defer os.RemoveAll(dir)
	cp, err := saving.NewModelCheckpoint(filepath.Join(dir, "weights.{epoch:02d}.weights.h5"),
		saving.ModelCheckpointOptions{SaveWeightsOnly: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	m.Fit(x, y, keras.Epochs(2), keras.Verbose(0), keras.Callbacks(cp))
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	for _, f := range files {
		fmt.Println(filepath.Base(f))
	}
	// Output:
	// weights.01.weights.h5
	// weights.02.weights.h5
}

func ExampleNewBackupAndRestore() {
	m, _ := keras.NewSequential(layers.NewInputLayer([]int{2}), layers.NewDense(1))
	m.Compile("adam", "mse")
	x, _ := tensor.FromFloat32([]float32{1, 2, 3, 4}, 2, 2)
	y, _ := tensor.FromFloat32([]float32{1, 0}, 2, 1)
	dir, _ := os.MkdirTemp("", "backup")
	defer os.RemoveAll(dir)
	// Back up every batch; a run killed at any point and started again with
	// the same call resumes after its last backup.
	br, _ := saving.NewBackupAndRestore(filepath.Join(dir, "run1"), saving.BackupOptions{SaveFreq: 1})
	h, err := m.Fit(x, y, keras.Epochs(3), keras.BatchSize(1), keras.Verbose(0), keras.Callbacks(br))
	if err != nil {
		fmt.Println(err)
		return
	}
	_, statErr := os.Stat(filepath.Join(dir, "run1"))
	fmt.Println(len(h.History["loss"]), os.IsNotExist(statErr))
	// Output: 3 true
}
