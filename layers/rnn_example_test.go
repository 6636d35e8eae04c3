package layers_test

import (
	"fmt"

	"github.com/gokeras/keras/layers"
	"github.com/gokeras/keras/tensor"
)

func ExampleNewLSTM() {
	lstm := layers.NewLSTM(4, layers.WithName("encoder"), layers.With("return_sequences", true), layers.With("return_state", true))
	x := tensor.Zeros(2, 10, 8) // (batch, timesteps, features)
	outs, err := layers.CallLayer(&layers.Context{}, lstm, []*tensor.Tensor{x})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, o := range outs {
		fmt.Println(o.Shape())
	}
	for _, w := range layers.Weights(lstm) {
		fmt.Println(w.Path(), w.Shape())
	}
	// Output:
	// (2, 10, 4)
	// (2, 4)
	// (2, 4)
	// encoder/lstm_cell/kernel (8, 16)
	// encoder/lstm_cell/recurrent_kernel (4, 16)
	// encoder/lstm_cell/bias (16,)
}

func ExampleNewGRU() {
	gru := layers.NewGRU(3, layers.With("go_backwards", true))
	out, err := layers.CallLayer(&layers.Context{}, gru, []*tensor.Tensor{tensor.Zeros(5, 7, 2)})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(out[0].Shape(), gru.Bias().Shape())
	// Output: (5, 3) (2, 9)
}

func ExampleNewSimpleRNN() {
	rnn := layers.NewSimpleRNN(6, layers.With("stateful", true))
	x := tensor.Zeros(4, 3, 2)
	for i := 0; i < 2; i++ { // the second call starts from the first call's final state
		if _, err := layers.CallLayer(&layers.Context{}, rnn, []*tensor.Tensor{x}); err != nil {
			fmt.Println(err)
			return
		}
	}
	rnn.ResetStates()
	fmt.Println(rnn.States()[0].Shape())
	// Output: (4, 6)
}

func ExampleNewLSTMCell() {
	cell := layers.NewLSTMCell(2)
	x, h, c := tensor.Zeros(3, 5), tensor.Zeros(3, 2), tensor.Zeros(3, 2)
	outs, err := layers.CallLayer(&layers.Context{}, cell, []*tensor.Tensor{x, h, c})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(outs), outs[0].Shape()) // output, new h, new c
	// Output: 3 (3, 2)
}

func ExampleNewGRUCell() {
	cell := layers.NewGRUCell(4, layers.With("reset_after", false))
	outs, err := layers.CallLayer(&layers.Context{}, cell, []*tensor.Tensor{tensor.Zeros(1, 3)})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(outs), outs[1].Shape()) // output, new h
	// Output: 2 (1, 4)
}

func ExampleNewSimpleRNNCell() {
	cell := layers.NewSimpleRNNCell(3)
	outs, err := layers.CallLayer(&layers.Context{}, cell, []*tensor.Tensor{tensor.Zeros(2, 4), tensor.Zeros(2, 3)})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(outs[0].Shape())
	// Output: (2, 3)
}

func ExampleNewEmbedding() {
	emb := layers.NewEmbedding(1000, 16, layers.With("mask_zero", true))
	ids, _ := tensor.FromInt32([]int32{5, 42, 0, 0, 7, 9, 3, 0}, 2, 4) // 0 is padding
	h, err := layers.CallLayer(&layers.Context{}, emb, []*tensor.Tensor{ids})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(h[0].Shape())
	// An LSTM applied to the Embedding's output skips the padded steps.
	out, err := layers.CallLayer(&layers.Context{}, layers.NewLSTM(8), h)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(out[0].Shape())

	bad, _ := tensor.FromInt32([]int32{1000}, 1, 1)
	_, err = layers.CallLayer(&layers.Context{}, emb, []*tensor.Tensor{bad})
	fmt.Println(err != nil)
	// Output:
	// (2, 4, 16)
	// (2, 8)
	// true
}

func ExampleNewBidirectional() {
	bi := layers.NewBidirectional(layers.NewLSTM(4, layers.WithName("enc"), layers.With("return_sequences", true)), layers.WithName("bi"))
	out, err := layers.CallLayer(&layers.Context{}, bi, []*tensor.Tensor{tensor.Zeros(2, 6, 3)})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(out[0].Shape()) // forward and backward outputs concatenated
	fmt.Println(layers.Weights(bi)[3].Path())
	// Output:
	// (2, 6, 8)
	// bi/backward_enc/lstm_cell/kernel
}

func ExampleNewTimeDistributed() {
	td := layers.NewTimeDistributed(layers.NewDense(5))
	out, err := layers.CallLayer(&layers.Context{}, td, []*tensor.Tensor{tensor.Zeros(2, 7, 3)})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(out[0].Shape())
	// Output: (2, 7, 5)
}
