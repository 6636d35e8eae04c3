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

// Reads a CIFAR-style batch dict that Python 3 pickled at protocol 2, where
// bytes are written as _codecs.encode calls that NumpyBytesGlobals admits.
func ExampleNumpyBytesGlobals() {
	b, err := os.ReadFile("testdata/cifar_small_p2.pkl")
	if err != nil {
		panic(err)
	}
	v, err := pickle.Load(b, pickle.Options{Allowed: pickle.NumpyBytesGlobals})
	if err != nil {
		panic(err)
	}
	d := v.(*pickle.Dict)
	labels, _ := d.GetText("labels")
	data, _ := d.GetText("data")
	a, err := pickle.NDArray(data)
	if err != nil {
		panic(err)
	}
	img, err := a.Bytes()
	if err != nil {
		panic(err)
	}
	fmt.Println(labels.(*pickle.List).Ints, a.Shape, a.Descr, img)
	// Output:
	// [4 0] [2 4] u1 [0 1 2 3 7 8 9 10]
}
