package utils_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"

	"github.com/gokeras/keras/random"
	"github.com/gokeras/keras/tensor"
	"github.com/gokeras/keras/utils"
)

func ExampleToCategorical() {
	y, _ := tensor.FromInt32([]int32{0, 2, 1}, 3)
	onehot, err := utils.ToCategorical(y, 0) // 0: infer max(y)+1 classes
	if err != nil {
		panic(err)
	}
	fmt.Println(onehot.Shape(), onehot.Float32s())
	// Output: (3, 3) [1 0 0 0 0 1 0 1 0]
}

func ExampleNormalize() {
	x, _ := tensor.FromFloat32([]float32{3, 4, 0, 0}, 2, 2)
	n, err := utils.Normalize(x, -1, 2) // Keras defaults: axis=-1, order=2
	if err != nil {
		panic(err)
	}
	fmt.Println(n.Float32s())
	// Output: [0.6 0.8 0 0]
}

func ExampleWriteNPY() {
	x, _ := tensor.FromInt32([]int32{1, 2, 3, 4, 5, 6}, 2, 3)
	var buf bytes.Buffer
	if err := utils.WriteNPY(&buf, x); err != nil {
		panic(err)
	}
	y, err := utils.ReadNPY(&buf)
	if err != nil {
		panic(err)
	}
	fmt.Println(y.DType(), y.Shape(), y.Int32s())
	// Output: int32 (2, 3) [1 2 3 4 5 6]
}

func ExampleSetRandomSeed() {
	utils.SetRandomSeed(1337) // keras.utils.set_random_seed(1337)
	a := random.Permutation(5, random.NextSeed())
	utils.SetRandomSeed(1337)
	b := random.Permutation(5, random.NextSeed())
	fmt.Println(fmt.Sprint(a) == fmt.Sprint(b))
	// Output: true
}

func ExampleSaveNPY() {
	dir, err := os.MkdirTemp("", "npy")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "labels.npy") // numpy.load(path) reads it
	y, _ := tensor.FromUint8([]uint8{5, 0, 4}, 3)
	if err := utils.SaveNPY(path, y); err != nil {
		panic(err)
	}
	back, err := utils.LoadNPY(path)
	if err != nil {
		panic(err)
	}
	fmt.Println(back.DType(), back.Shape(), back.Uint8s())
	// Output: uint8 (3,) [5 0 4]
}
