package cifar10_test

import (
	"fmt"

	"github.com/gokeras/keras/datasets/cifar10"
)

// The example does not run as a test (no Output comment): it needs the
// archive in the Keras cache or the network (170 MB).
func ExampleLoadData() {
	xTrain, yTrain, xTest, yTest, err := cifar10.LoadData()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(xTrain.Shape(), yTrain.Shape(), xTest.Shape(), yTest.Shape())
	fmt.Println(cifar10.ClassNames[yTrain.Uint8s()[0]])
	// Prints: (50000, 32, 32, 3) (50000, 1) (10000, 32, 32, 3) (10000, 1)
	// frog
}
