package mnist_test

import (
	"fmt"

	"github.com/gokeras/keras/datasets/mnist"
)

// The example does not run as a test (no Output comment): it needs MNIST in
// the Keras cache, the network, or the Go module cache.
func ExampleLoadData() {
	xTrain, yTrain, xTest, yTest, err := mnist.LoadData()
	if err != nil {
		// The error lists every place searched; mnist.SetupCommand makes
		// the data available offline.
		fmt.Println(err)
		return
	}
	fmt.Println(xTrain.Shape(), yTrain.Shape(), xTest.Shape(), yTest.Shape())
	// Prints: (60000, 28, 28) (60000,) (10000, 28, 28) (10000,)
}
