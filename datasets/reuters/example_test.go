package reuters_test

import (
	"fmt"

	"github.com/gokeras/keras/datasets/reuters"
	"github.com/gokeras/keras/utils"
)

// Loads Reuters (downloading it into ~/.keras/datasets on first use) keeping
// the 10,000 most frequent words, and pads the newswires to 200 words.
func ExampleLoadData() {
	xTrain, yTrain, _, _, err := reuters.LoadData(reuters.NumWords(10000))
	if err != nil {
		fmt.Println("Reuters is not available:", err != nil)
		return
	}
	x, err := utils.PadSequences(xTrain, utils.PadMaxLen(200))
	if err != nil {
		panic(err)
	}
	fmt.Println(x.Shape(), yTrain.Shape())
}
