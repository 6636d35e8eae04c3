package layers_test

import (
	"fmt"

	"github.com/gokeras/keras/layers"
	"github.com/gokeras/keras/tensor"
)

func ExampleTextVectorization() {
	texts, _ := tensor.FromStrings([]string{"foo bar", "bar baz", "baz bada boom"}, 3)
	tv := layers.NewTextVectorization(layers.With("output_sequence_length", 4))
	if err := tv.Adapt(texts); err != nil {
		panic(err)
	}
	fmt.Printf("%q\n", tv.GetVocabulary(true))
	x, _ := tensor.FromStrings([]string{"Foo qux bar!", "qux baz"}, 2, 1)
	out, err := layers.CallLayer(&layers.Context{}, tv, []*tensor.Tensor{x})
	if err != nil {
		panic(err)
	}
	fmt.Println(out[0].Shape(), out[0].Int64s())
	// Output:
	// ["" "[UNK]" "baz" "bar" "foo" "boom" "bada"]
	// (2, 4) [4 1 3 0 1 2 0 0]
}

func ExampleStringLookup() {
	l := layers.NewStringLookup(layers.With("vocabulary", []string{"a", "b", "c", "d"}))
	x, _ := tensor.FromStrings([]string{"a", "c", "d", "d", "z", "b"}, 2, 3)
	out, err := layers.CallLayer(&layers.Context{}, l, []*tensor.Tensor{x})
	if err != nil {
		panic(err)
	}
	fmt.Println(out[0].Int64s())
	// Output: [1 3 4 4 0 2]
}

func ExampleIntegerLookup() {
	l := layers.NewIntegerLookup(layers.With("vocabulary", []int{12, 36, 1138, 42}), layers.With("output_mode", "multi_hot"))
	x, _ := tensor.FromInt64([]int64{12, 1138, 12, 36, 42, 1000}, 2, 3)
	out, err := layers.CallLayer(&layers.Context{}, l, []*tensor.Tensor{x})
	if err != nil {
		panic(err)
	}
	fmt.Println(out[0].Shape(), out[0].Float32s())
	// Output: (2, 5) [0 1 0 1 0 1 0 1 0 1]
}

func ExampleHashing() {
	h := layers.NewHashing(3)
	x, _ := tensor.FromStrings([]string{"A", "B", "C", "D", "E"}, 5, 1)
	out, err := layers.CallLayer(&layers.Context{}, h, []*tensor.Tensor{x})
	if err != nil {
		panic(err)
	}
	fmt.Println(out[0].Int64s()) // as TensorFlow's FarmHash buckets
	// Output: [1 0 1 1 2]
}

func ExampleCategoryEncoding() {
	l := layers.NewCategoryEncoding(4, layers.With("output_mode", "count"))
	x, _ := tensor.FromInt32([]int32{0, 1, 1, 3, 2, 2, 2, 1}, 2, 4)
	out, err := layers.CallLayer(&layers.Context{}, l, []*tensor.Tensor{x})
	if err != nil {
		panic(err)
	}
	fmt.Println(out[0].Float32s())
	// Output: [1 2 0 1 0 1 3 0]
}

func ExampleDiscretization() {
	l := layers.NewDiscretization(layers.With("bin_boundaries", []float64{0, 1, 2}))
	x, _ := tensor.FromFloat32([]float32{-1.5, 1.0, 3.4, 0.5, 0.0, 3.0, 1.2, 0.8}, 2, 4)
	out, err := layers.CallLayer(&layers.Context{}, l, []*tensor.Tensor{x})
	if err != nil {
		panic(err)
	}
	fmt.Println(out[0].Int32s())
	// Output: [0 2 3 1 1 3 2 1]
}

func ExampleNormalization() {
	l := layers.NewNormalization()
	data, _ := tensor.FromFloat32([]float32{1, 10, 3, 20, 5, 30}, 3, 2)
	if err := l.Adapt(data); err != nil {
		panic(err)
	}
	fmt.Println(l.Mean.Value().Float32s(), l.Variance.Value().Float32s())
	out, err := layers.CallLayer(&layers.Context{}, l, []*tensor.Tensor{data})
	if err != nil {
		panic(err)
	}
	fmt.Printf("%.4f\n", out[0].Float32s())
	// Output:
	// [3 20] [2.6666667 66.666664]
	// [-1.2247 -1.2247 0.0000 0.0000 1.2247 1.2247]
}
