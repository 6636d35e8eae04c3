package imdb_test

import (
	"fmt"

	"github.com/gokeras/keras/datasets/imdb"
	"github.com/gokeras/keras/utils"
)

// Loads IMDB (downloading it into ~/.keras/datasets on first use) keeping
// the 10,000 most frequent words, and pads the reviews to 200 words.
func ExampleLoadData() {
	xTrain, yTrain, _, _, err := imdb.LoadData(imdb.NumWords(10000))
	if err != nil {
		fmt.Println("IMDB is not available:", err != nil)
		return
	}
	x, err := utils.PadSequences(xTrain, utils.PadMaxLen(200))
	if err != nil {
		panic(err)
	}
	fmt.Println(x.Shape(), yTrain.Shape())
}
