package utils_test

import (
	"fmt"

	"github.com/gokeras/keras/utils"
)

func ExamplePadSequences() {
	x, err := utils.PadSequences([][]int32{{1, 2, 3}, {4, 5}, {6}}, utils.PadMaxLen(2), utils.PadPadding("post"))
	if err != nil {
		panic(err)
	}
	fmt.Println(x.Shape(), x.Int32s())
	// Output: (3, 2) [2 3 4 5 6 0]
}
