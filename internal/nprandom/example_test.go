package nprandom_test

import (
	"fmt"

	"github.com/gokeras/keras/internal/nprandom"
)

func ExampleRandomState_Permutation() {
	r, _ := nprandom.New(113) // numpy.random.RandomState(113)
	fmt.Println(r.Permutation(10))
	// Output: [9 3 6 1 0 7 4 8 2 5]
}
