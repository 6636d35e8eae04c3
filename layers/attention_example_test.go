package layers_test

import (
	"fmt"

	"github.com/gokeras/keras/layers"
	"github.com/gokeras/keras/tensor"
)

func ExampleNewAttention() {
	// One query attends to two value steps; the causal mask keeps query 0
	// on step 0 only, and the scores are the second output.
	q, _ := tensor.FromFloat32([]float32{1, 0, 0, 1}, 1, 2, 2)
	v, _ := tensor.FromFloat32([]float32{1, 2, 3, 4}, 1, 2, 2)
	att := layers.NewAttention(layers.With("use_causal_mask", true), layers.With("return_attention_scores", true))
	outs, err := layers.CallLayer(&layers.Context{}, att, []*tensor.Tensor{q, v})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(outs[0].Shape(), outs[1].Shape())
	fmt.Printf("%.3f\n", outs[1].Float32s())
	// Output:
	// (1, 2, 2) (1, 2, 2)
	// [1.000 0.000 0.119 0.881]
}

func ExampleNewAdditiveAttention() {
	q := tensor.Zeros(2, 3, 4)
	v := tensor.Zeros(2, 5, 6)
	k := tensor.Zeros(2, 5, 4)
	att := layers.NewAdditiveAttention(layers.WithName("additive_attention"))
	outs, err := layers.CallLayer(&layers.Context{}, att, []*tensor.Tensor{q, v, k})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(outs[0].Shape(), att.Scale.Path(), att.Scale.Shape())
	// Output: (2, 3, 6) additive_attention/scale (4,)
}

func ExampleNewMultiHeadAttention() {
	// Causal self-attention over 4 steps of 8 features with 2 heads of 3.
	mha := layers.NewMultiHeadAttention(2, 3, layers.WithName("mha"),
		layers.With("use_causal_mask", true), layers.With("return_attention_scores", true))
	x := tensor.Zeros(1, 4, 8)
	outs, err := layers.CallLayer(&layers.Context{}, mha, []*tensor.Tensor{x, x})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(outs[0].Shape(), outs[1].Shape())
	fmt.Printf("%.2f\n", outs[1].Float32s()[4:8]) // head 0, query 1
	for _, w := range layers.Weights(mha) {
		fmt.Println(w.Path(), w.Shape())
	}
	// Output:
	// (1, 4, 8) (1, 2, 4, 4)
	// [0.50 0.50 0.00 0.00]
	// mha/query/kernel (8, 2, 3)
	// mha/query/bias (2, 3)
	// mha/key/kernel (8, 2, 3)
	// mha/key/bias (2, 3)
	// mha/value/kernel (8, 2, 3)
	// mha/value/bias (2, 3)
	// mha/attention_output/kernel (2, 3, 8)
	// mha/attention_output/bias (8,)
}

func ExampleNewMultiHeadAttention_attentionMask() {
	// An explicit attention_mask is the fourth input (value again as key).
	mha := layers.NewMultiHeadAttention(1, 2, layers.With("return_attention_scores", true))
	q := tensor.Zeros(1, 2, 4)
	v := tensor.Zeros(1, 3, 4)
	mask, _ := tensor.FromBool([]bool{true, false, true, true, true, false}, 1, 2, 3)
	outs, err := layers.CallLayer(&layers.Context{}, mha, []*tensor.Tensor{q, v, v, mask})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%.2f\n", outs[1].Float32s())
	// Output: [0.50 0.00 0.50 0.50 0.50 0.00]
}

func ExampleNewEinsumDense() {
	// Project (batch, steps, 4) into 2 heads of 3, as MultiHeadAttention does.
	d := layers.NewEinsumDense("abc,cde->abde", []int{-1, 2, 3}, layers.With("bias_axes", "de"))
	x := tensor.Zeros(5, 7, 4)
	y, err := layers.CallLayer(&layers.Context{}, d, []*tensor.Tensor{x})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(y[0].Shape(), d.Kernel.Shape(), d.Bias.Shape())
	// Output: (5, 7, 2, 3) (4, 2, 3) (2, 3)
}
