package fashion_mnist_test

import (
	"fmt"

	"github.com/gokeras/keras/datasets/fashion_mnist"
)

// The example does not run as a test (no Output comment): it needs the files
// in the Keras cache or the network.
func ExampleLoadData() {
	xTrain, yTrain, xTest, yTest, err := fashion_mnist.LoadData()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(xTrain.Shape(), yTrain.Shape(), xTest.Shape(), yTest.Shape())
	fmt.Println(fashion_mnist.ClassNames[yTrain.Uint8s()[0]])
	// Prints: (60000, 28, 28) (60000,) (10000, 28, 28) (10000,)
	// Ankle boot
}
