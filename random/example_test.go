package random_test

import (
	"fmt"

	"github.com/gokeras/keras/random"
	"github.com/gokeras/keras/tensor"
)

func ExampleSetSeed() {
	random.SetSeed(1337)
	a, _ := random.Normal([]int{3}, 0, 1, random.NextSeed())
	random.SetSeed(1337)
	b, _ := random.Normal([]int{3}, 0, 1, random.NextSeed())
	fmt.Println(a.Float32s()[0] == b.Float32s()[0])
	// Output: true
}

func ExampleDropout() {
	x := tensor.Zeros(2, 4)
	x.Fill(1)
	y, _ := random.Dropout(x, 0.5, random.NewSeedGenerator(0), nil)
	for _, v := range y.Float32s() {
		if v != 0 && v != 2 {
			fmt.Println("unexpected", v)
		}
	}
	fmt.Println(y.Shape())
	// Output: (2, 4)
}

func ExamplePermutation() {
	p := random.Permutation(5, 42)
	fmt.Println(len(p), p[0] >= 0 && p[0] < 5)
	// Output: 5 true
}
