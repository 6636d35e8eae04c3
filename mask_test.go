package keras

import (
	"math"
	"testing"

	"github.com/gokeras/keras/layers"
	"github.com/gokeras/keras/tensor"
	"github.com/gokeras/keras/utils"
)

// Padding with a mask: a padded batch gives, for each sequence, the output of
// that sequence alone, through layers that pass the mask on (Dropout, Dense) to the
// recurrent layer, for LSTM, GRU and SimpleRNN.
func TestMaskedSequencesMatchUnpadded(t *testing.T) {
	for _, rnn := range []string{"lstm", "gru", "simple_rnn"} {
		t.Run(rnn, func(t *testing.T) {
			utils.SetRandomSeed(7)
			var r layers.Layer
			switch rnn {
			case "lstm":
				r = layers.NewLSTM(5)
			case "gru":
				r = layers.NewGRU(5)
			default:
				r = layers.NewSimpleRNN(5)
			}
			m, err := NewSequential(
				layers.NewInputLayer([]int{-1}, layers.With("dtype", "int32")),
				layers.NewEmbedding(20, 4, layers.With("mask_zero", true)),
				layers.NewDropout(0.5),
				layers.NewDense(4, layers.WithActivation("tanh")),
				r,
				layers.NewDense(2),
			)
			if err != nil {
				t.Fatal(err)
			}
			padded, _ := tensor.FromInt32([]int32{3, 7, 1, 0, 0, 5, 2, 9, 4, 0}, 2, 5)
			out, err := m.Predict(padded, Verbose(0))
			if err != nil {
				t.Fatal(err)
			}
			for i, seq := range [][]int32{{3, 7, 1}, {5, 2, 9, 4}} {
				x, _ := tensor.FromInt32(seq, 1, len(seq))
				alone, err := m.Predict(x, Verbose(0))
				if err != nil {
					t.Fatal(err)
				}
				for j := 0; j < 2; j++ {
					a, b := out[0].Float32s()[i*2+j], alone[0].Float32s()[j]
					if math.Abs(float64(a-b)) > 1e-5 {
						t.Fatalf("sequence %d: padded output %v, alone %v", i, out[0].Float32s()[i*2:i*2+2], alone[0].Float32s())
					}
				}
			}
		})
	}
}

func TestMaskingLayer(t *testing.T) {
	x, _ := tensor.FromFloat32([]float32{1, 2, 0, 0, 3, 0}, 1, 3, 2)
	l := layers.NewMasking()
	out, err := layers.CallLayer(&layers.Context{}, l, []*tensor.Tensor{x})
	if err != nil {
		t.Fatal(err)
	}
	m := out[0].Mask()
	if m == nil || m.Bools()[0] != true || m.Bools()[1] != false || m.Bools()[2] != true {
		t.Fatalf("mask %v, want [true false true]", m)
	}
}
