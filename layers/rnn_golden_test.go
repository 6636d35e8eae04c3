package layers

import (
	"encoding/json"
	"math"
	"os"
	"testing"

	"github.com/gokeras/keras/autodiff"
	"github.com/gokeras/keras/ops"
	"github.com/gokeras/keras/tensor"
)

type rnnGoldenCase struct {
	Name, Kind                                     string
	ResetAfter                                     bool `json:"reset_after"`
	Formula                                        bool
	B, T, I, U                                     int
	ReturnSequences                                bool `json:"return_sequences"`
	GoBackwards                                    bool `json:"go_backwards"`
	InitialState                                   bool `json:"initial_state"`
	ZeroOutputForMask                              bool `json:"zero_output_for_mask"`
	X, Kernel, Bias, H0, C0, Gy, Gh, Gc, Y, HT, CT []float64
	RecurrentKernel                                []float64 `json:"recurrent_kernel"`
	Dx, Dkernel, Dbias, Dh0, Dc0                   []float64
	DrecurrentKernel                               []float64 `json:"drecurrent_kernel"`
	Ids                                            []int32
	Vocab                                          int
	Embeddings, Dembeddings                        []float64
}

func rnnLoadGolden(t *testing.T) []rnnGoldenCase {
	t.Helper()
	raw, err := os.ReadFile("testdata/rnn_golden.json")
	if err != nil {
		t.Fatal(err)
	}
	var g struct{ Cases []rnnGoldenCase }
	if err := json.Unmarshal(raw, &g); err != nil {
		t.Fatal(err)
	}
	return g.Cases
}

// rnnClose checks got against want within rel relative error (absolute
// below 1).
func rnnClose(t *testing.T, what string, got []float32, want []float64, rel float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, want %d", what, len(got), len(want))
	}
	for i := range got {
		if d := math.Abs(float64(got[i]) - want[i]); d > rel*math.Max(1, math.Abs(want[i])) || math.IsNaN(float64(got[i])) {
			t.Fatalf("%s[%d] = %v, want %v (diff %.3g)", what, i, got[i], want[i], d)
		}
	}
}

func rnnTensor(t *testing.T, v []float64, shape ...int) *tensor.Tensor {
	t.Helper()
	out, err := tensor.FromFloat32(f32s(v), shape...)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func rnnNewLayer(kind string, units int, opts ...Option) Layer {
	switch kind {
	case "lstm":
		return NewLSTM(units, opts...)
	case "gru":
		return NewGRU(units, opts...)
	}
	return NewSimpleRNN(units, opts...)
}

// TestRNNGolden compares outputs, final states and the gradients of the
// input, kernel, recurrent kernel, bias and initial states with PyTorch's
// nn.LSTM / nn.GRU / nn.RNN, or with Keras's formulas in float64 where
// torch has no equivalent (testdata/gen/rnn_gen.py).
func TestRNNGolden(t *testing.T) {
	for _, c := range rnnLoadGolden(t) {
		t.Run(c.Name, func(t *testing.T) {
			opts := []Option{With("return_sequences", c.ReturnSequences), With("return_state", true),
				With("go_backwards", c.GoBackwards), With("zero_output_for_mask", c.ZeroOutputForMask)}
			if c.Kind == "gru" {
				opts = append(opts, With("reset_after", c.ResetAfter))
			}
			l := rnnNewLayer(c.Kind, c.U, opts...)
			var x, emb *tensor.Tensor
			var embL *Embedding
			ctx := &Context{}
			inputs := []*tensor.Tensor{}
			if c.Ids != nil {
				embL = NewEmbedding(c.Vocab, c.I, With("mask_zero", true))
				ids, _ := tensor.FromInt32(c.Ids, c.B, c.T)
				outs, err := CallLayer(ctx, embL, []*tensor.Tensor{ids})
				if err != nil {
					t.Fatal(err)
				}
				copy(embL.Embeddings.Value().Float32s(), f32s(c.Embeddings))
				outs, err = CallLayer(ctx, embL, []*tensor.Tensor{ids})
				if err != nil {
					t.Fatal(err)
				}
				x, emb = outs[0], embL.Embeddings.Value()
			} else {
				x = tensor.Track(rnnTensor(t, c.X, c.B, c.T, c.I), true)
			}
			inputs = append(inputs, x)
			var h0, c0 *tensor.Tensor
			if c.InitialState {
				h0 = tensor.Track(rnnTensor(t, c.H0, c.B, c.U), true)
				inputs = append(inputs, h0)
				if c.Kind == "lstm" {
					c0 = tensor.Track(rnnTensor(t, c.C0, c.B, c.U), true)
					inputs = append(inputs, c0)
				}
			}
			shapes := make([]tensor.Shape, len(inputs))
			for i, in := range inputs {
				shapes[i] = in.Shape().Clone()
				shapes[i][0] = -1
			}
			if err := EnsureBuilt(l, shapes); err != nil {
				t.Fatal(err)
			}
			cell := l.(interface{ Cell() Layer }).Cell()
			var core *rnnCell
			switch cl := cell.(type) {
			case *LSTMCell:
				core = &cl.rnnCell
			case *GRUCell:
				core = &cl.rnnCell
			case *SimpleRNNCell:
				core = &cl.rnnCell
			}
			copy(core.Kernel.Value().Float32s(), f32s(c.Kernel))
			copy(core.RecurrentKernel.Value().Float32s(), f32s(c.RecurrentKernel))
			copy(core.Bias.Value().Float32s(), f32s(c.Bias))
			outs, err := l.Call(ctx, inputs)
			if err != nil {
				t.Fatal(err)
			}
			rnnClose(t, "y", outs[0].Float32s(), c.Y, 1e-4)
			rnnClose(t, "h_T", outs[1].Float32s(), c.HT, 1e-4)
			if c.Kind == "lstm" {
				rnnClose(t, "c_T", outs[2].Float32s(), c.CT, 1e-4)
			}
			loss, err := rnnWeightedSum(outs, [][]float64{c.Gy, c.Gh, c.Gc})
			if err != nil {
				t.Fatal(err)
			}
			wrt := []*tensor.Tensor{x, core.Kernel.Value(), core.RecurrentKernel.Value(), core.Bias.Value()}
			if emb != nil {
				wrt[0] = emb
			}
			if h0 != nil {
				wrt = append(wrt, h0)
				if c0 != nil {
					wrt = append(wrt, c0)
				}
			}
			grads, err := autodiff.Gradients(loss, wrt)
			if err != nil {
				t.Fatal(err)
			}
			if emb != nil {
				rnnClose(t, "dembeddings", grads[0].Float32s(), c.Dembeddings, 1e-4)
			} else {
				rnnClose(t, "dx", grads[0].Float32s(), c.Dx, 1e-4)
			}
			rnnClose(t, "dkernel", grads[1].Float32s(), c.Dkernel, 1e-4)
			rnnClose(t, "drecurrent_kernel", grads[2].Float32s(), c.DrecurrentKernel, 1e-4)
			rnnClose(t, "dbias", grads[3].Float32s(), c.Dbias, 1e-4)
			if h0 != nil {
				rnnClose(t, "dh0", grads[4].Float32s(), c.Dh0, 1e-4)
				if c0 != nil {
					rnnClose(t, "dc0", grads[5].Float32s(), c.Dc0, 1e-4)
				}
			}
		})
	}
}

// rnnWeightedSum is sum_k sum(outs[k] * w[k]) over the weights given.
func rnnWeightedSum(outs []*tensor.Tensor, w [][]float64) (*tensor.Tensor, error) {
	var total *tensor.Tensor
	for k, o := range outs {
		if k >= len(w) || len(w[k]) == 0 {
			continue
		}
		wt, err := tensor.FromFloat32(f32s(w[k]), o.Shape()...)
		if err != nil {
			return nil, err
		}
		p, err := ops.Multiply(o, wt)
		if err != nil {
			return nil, err
		}
		s, err := ops.Sum(p, nil, false)
		if err != nil {
			return nil, err
		}
		if total == nil {
			total = s
		} else if total, err = ops.Add(total, s); err != nil {
			return nil, err
		}
	}
	return total, nil
}
