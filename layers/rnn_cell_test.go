package layers

import (
	"fmt"
	"testing"

	"github.com/gokeras/keras/internal/gradcheck"
	"github.com/gokeras/keras/random"
	"github.com/gokeras/keras/tensor"
)

// TestRNNCellStep checks that a cell's one step equals its layer on a
// one-step sequence from the same states.
func TestRNNCellStep(t *testing.T) {
	const B, I, U = 2, 3, 4
	x := gradcheck.Random(1, -1, 1, B, I)
	x3, _ := x.View(B, 1, I)
	h := gradcheck.Random(2, -1, 1, B, U)
	c := gradcheck.Random(3, -1, 1, B, U)
	for _, kind := range []string{"lstm", "gru", "simple_rnn"} {
		t.Run(kind, func(t *testing.T) {
			var cell Layer
			states := []*tensor.Tensor{h}
			switch kind {
			case "lstm":
				cell, states = NewLSTMCell(U), append(states, c)
			case "gru":
				cell = NewGRUCell(U)
			default:
				cell = NewSimpleRNNCell(U)
			}
			got, err := CallLayer(&Context{}, cell, append([]*tensor.Tensor{x}, states...))
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 1+len(states) || !got[0].Shape().Equal(tensor.Shape{B, U}) {
				t.Fatalf("cell outputs: %d, shape %v", len(got), got[0].Shape())
			}
			l := rnnNewLayer(kind, U, With("return_state", true))
			if err := EnsureBuilt(l, []tensor.Shape{{-1, 1, I}}); err != nil {
				t.Fatal(err)
			}
			for i, v := range Weights(cell) {
				if err := Weights(l)[i].Assign(v.Value()); err != nil {
					t.Fatal(err)
				}
			}
			want, err := l.Call(&Context{}, append([]*tensor.Tensor{x3}, states...))
			if err != nil {
				t.Fatal(err)
			}
			for k := range got {
				rnnClose(t, fmt.Sprint("output ", k), got[k].Float32s(), f64s(want[k].Float32s()), 1e-6)
			}
		})
	}
}

// TestRNNDropout checks the dropout semantics: identity in inference;
// in training the masks are fixed over the steps of one call, input
// dropout equals running on x·mask, and the gradients with fixed masks
// match finite differences.
func TestRNNDropout(t *testing.T) {
	const B, T, I, U = 2, 3, 3, 2
	x := gradcheck.Random(1, -1, 1, B, T, I)
	l := NewLSTM(U, With("dropout", 0.5), With("recurrent_dropout", 0.5), With("return_sequences", true))
	inf1, err := CallLayer(&Context{}, l, []*tensor.Tensor{x})
	if err != nil {
		t.Fatal(err)
	}
	l0 := NewLSTM(U, With("return_sequences", true))
	if err := EnsureBuilt(l0, []tensor.Shape{{-1, T, I}}); err != nil {
		t.Fatal(err)
	}
	for i, v := range Weights(l) {
		_ = Weights(l0)[i].Assign(v.Value())
	}
	inf0, _ := CallLayer(&Context{}, l0, []*tensor.Tensor{x})
	rnnClose(t, "inference", inf1[0].Float32s(), f64s(inf0[0].Float32s()), 0)
	tr, err := CallLayer(&Context{Training: true}, l, []*tensor.Tensor{x})
	if err != nil {
		t.Fatal(err)
	}
	same := true
	for i, v := range tr[0].Float32s() {
		same = same && v == inf0[0].Float32s()[i]
	}
	if same {
		t.Fatal("training output equals inference output with dropout 0.5")
	}

	// Input dropout only: training output == inference on x * mask.
	ld := NewSimpleRNN(U, With("dropout", 0.5), With("return_sequences", true), With("seed", 4))
	trd, err := CallLayer(&Context{Training: true}, ld, []*tensor.Tensor{x})
	if err != nil {
		t.Fatal(err)
	}
	dop := trd[0].Node().Inputs[0].Node().Op.(*rnnOp)
	xm := x.Clone()
	for b := 0; b < B; b++ {
		for s := 0; s < T; s++ {
			for k := 0; k < I; k++ {
				xm.Float32s()[(b*T+s)*I+k] *= dop.dmask[b*I+k]
			}
		}
	}
	ref, _ := CallLayer(&Context{}, ld, []*tensor.Tensor{xm})
	rnnClose(t, "input dropout", trd[0].Float32s(), f64s(ref[0].Float32s()), 1e-6)

	// Gradients with fixed masks (each forward draws the same seed).
	for _, kind := range []rnnKind{kindSimpleRNN, kindLSTM, kindGRU} {
		g := map[rnnKind]int{kindSimpleRNN: 1, kindLSTM: 4, kindGRU: 3}[kind]
		inputs := []*tensor.Tensor{x, gradcheck.Random(2, -1, 1, I, g*U), gradcheck.Random(3, -1, 1, U, g*U),
			gradcheck.Random(4, -1, 1, B, U)}
		f := func(in []*tensor.Tensor) (*tensor.Tensor, error) {
			op := &rnnOp{kind: kind, resetAfter: false, act: actTanh, ract: actSigmoid, b: B, t: T, i: I, u: U, g: g,
				seqOut: true, iBias: -1, iH0: 3, iC0: -1, iMask: -1, dropout: 0.4, recDropout: 0.4, training: true,
				gen: random.NewSeedGenerator(9)}
			return tensor.Apply(op, tensor.Float32, tensor.Shape{B, op.rows(), U}, in...)
		}
		if err := gradcheck.Check(f, inputs, gradcheck.Options{RelTol: 3e-2}); err != nil {
			t.Fatalf("kind %d: %v", kind, err)
		}
	}
}

// TestRNNActivityRegularizer checks that the activity penalty is added.
func TestRNNActivityRegularizer(t *testing.T) {
	l := NewGRU(3, WithActivityRegularizer("l2"))
	ctx := &Context{}
	if _, err := CallLayer(ctx, l, []*tensor.Tensor{gradcheck.Random(1, -1, 1, 2, 4, 3)}); err != nil {
		t.Fatal(err)
	}
	if len(ctx.Losses) != 1 {
		t.Fatalf("%d activity losses, want 1", len(ctx.Losses))
	}
	l2 := NewLSTM(3, WithKernelRegularizer("l2"), With("recurrent_regularizer", "l1"))
	if err := EnsureBuilt(l2, []tensor.Shape{{-1, 4, 3}}); err != nil {
		t.Fatal(err)
	}
	if ls, err := RegularizationLosses(l2); err != nil || len(ls) != 2 {
		t.Fatalf("weight penalties: %d, %v", len(ls), err)
	}
}
