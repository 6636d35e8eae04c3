package cifar100_test

import (
	"fmt"

	"github.com/gokeras/keras/datasets/cifar100"
)

// The example does not run as a test (no Output comment): it needs the
// archive in the Keras cache or the network (169 MB).
func ExampleLoadData() {
	xTrain, yTrain, _, _, err := cifar100.LoadData("coarse")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(xTrain.Shape(), yTrain.Shape(), yTrain.DType())
	// Prints: (50000, 32, 32, 3) (50000, 1) int64
}
