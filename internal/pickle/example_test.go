package pickle_test

import (
	"fmt"
	"os"

	"github.com/gokeras/keras/internal/pickle"
)

// Reads a .npy file holding a pickled object array of integer lists, as
// numpy.save writes for ragged sequences.
func ExampleReadObjectNPY() {
	b, err := os.ReadFile("testdata/objarr_p4.npy")
	if err != nil {
		panic(err)
	}
	a, err := pickle.ReadObjectNPY(b, 0)
	if err != nil {
		panic(err)
	}
	first := a.Objects[0].(*pickle.List)
	big := a.Objects[2].(*pickle.List)
	fmt.Println(a.Shape, first.Ints, big.Ints[1])
	if _, err := a.IntLists(-1<<31, 1<<31-1); err != nil {
		fmt.Println(err)
	}
	// Output:
	// [4] [1 2 3] 1099511627776
	// pickle: element 2[1] = 1099511627776 is out of range [-2147483648, 2147483647]
}
