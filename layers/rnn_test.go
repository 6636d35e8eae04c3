package layers

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/gokeras/keras/internal/gradcheck"
	"github.com/gokeras/keras/tensor"
)

// TestRNNOpGradcheck checks the fused op's gradients (input, kernel,
// recurrent kernel, bias, initial states) against finite differences for
// every cell and flag combination on tiny shapes.
func TestRNNOpGradcheck(t *testing.T) {
	const B, T, I, U = 2, 3, 3, 2
	ids, _ := tensor.FromInt32([]int32{1, 0, 2, 0, 3, 4}, B, T)
	type tc struct {
		kind                  rnnKind
		resetAfter            bool
		act                   rnnAct
		seq, back, mask, zero bool
		states                int
	}
	var cases []tc
	for _, k := range []rnnKind{kindSimpleRNN, kindLSTM, kindGRU} {
		for _, ra := range []bool{true, false} {
			if k != kindGRU && !ra {
				continue
			}
			for _, flags := range []tc{{seq: true, states: 1}, {back: true}, {seq: true, mask: true, states: 1}, {mask: true, zero: true, back: true}, {seq: true, zero: true, mask: true, act: actRelu}} {
				flags.kind, flags.resetAfter = k, ra
				if flags.states > 0 && k == kindLSTM {
					flags.states = 2
				}
				cases = append(cases, flags)
			}
		}
	}
	for i, c := range cases {
		t.Run(fmt.Sprintf("%d_%+v", i, c), func(t *testing.T) {
			g := map[rnnKind]int{kindSimpleRNN: 1, kindLSTM: 4, kindGRU: 3}[c.kind]
			nb := g * U
			if c.kind == kindGRU && c.resetAfter {
				nb = 2 * g * U
			}
			inputs := []*tensor.Tensor{
				gradcheck.Random(1, -1, 1, B, T, I),
				gradcheck.Random(2, -1, 1, I, g*U),
				gradcheck.Random(3, -1, 1, U, g*U),
				gradcheck.Random(4, -0.5, 0.5, nb),
				gradcheck.Random(5, -1, 1, B, U),
			}
			if c.kind == kindLSTM {
				inputs = append(inputs, gradcheck.Random(6, -1, 1, B, U))
			}
			if c.kind == kindGRU && c.resetAfter {
				v, _ := inputs[3].View(2, g*U)
				inputs[3] = v
			}
			nf := len(inputs)
			if c.mask {
				inputs = append(inputs, ids)
			}
			f := func(in []*tensor.Tensor) (*tensor.Tensor, error) {
				op := &rnnOp{kind: c.kind, resetAfter: c.resetAfter, act: c.act, ract: actSigmoid,
					b: B, t: T, i: I, u: U, g: g, backwards: c.back, seqOut: c.seq, nStates: c.states,
					zeroMasked: c.zero, iBias: 3, iH0: 4, iC0: -1, iMask: -1}
				if c.kind == kindLSTM {
					op.iC0 = 5
				}
				if c.mask {
					op.iMask = nf
				}
				return tensor.Apply(op, tensor.Float32, tensor.Shape{B, op.rows(), U}, in...)
			}
			if err := gradcheck.Check(f, inputs, gradcheck.Options{Eps: 1e-2, RelTol: 3e-2}); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestRNNStatefulHalves checks that a stateful layer fed two halves of a
// sequence ends in the same state as one pass over the whole sequence, and
// that ResetStates zeroes the states.
func TestRNNStatefulHalves(t *testing.T) {
	const B, T, I, U = 2, 6, 3, 4
	x := gradcheck.Random(7, -1, 1, B, T, I)
	xs := x.Float32s()
	half := func(k int) *tensor.Tensor {
		out := tensor.Zeros(B, T/2, I)
		for b := 0; b < B; b++ {
			copy(out.Float32s()[b*T/2*I:(b+1)*T/2*I], xs[(b*T+k*T/2)*I:(b*T+(k+1)*T/2)*I])
		}
		return out
	}
	for _, kind := range []string{"lstm", "gru", "simple_rnn"} {
		t.Run(kind, func(t *testing.T) {
			whole := rnnNewLayer(kind, U, With("return_state", true))
			stateful := rnnNewLayer(kind, U, With("return_state", true), With("stateful", true))
			want, err := CallLayer(&Context{}, whole, []*tensor.Tensor{x})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := CallLayer(&Context{}, stateful, []*tensor.Tensor{half(0)}); err != nil {
				t.Fatal(err)
			}
			for i, v := range Weights(whole) {
				if err := Weights(stateful)[i].Assign(v.Value()); err != nil {
					t.Fatal(err)
				}
			}
			stateful.(interface{ ResetStates() }).ResetStates()
			if _, err := CallLayer(&Context{}, stateful, []*tensor.Tensor{half(0)}); err != nil {
				t.Fatal(err)
			}
			got, err := CallLayer(&Context{}, stateful, []*tensor.Tensor{half(1)})
			if err != nil {
				t.Fatal(err)
			}
			for k := range want {
				rnnClose(t, fmt.Sprint("output ", k), got[k].Float32s(), f64s(want[k].Float32s()), 1e-5)
			}
			st := stateful.(interface{ States() []*tensor.Tensor }).States()
			rnnClose(t, "state", st[0].Float32s(), f64s(want[1].Float32s()), 1e-5)
			stateful.(interface{ ResetStates() }).ResetStates()
			for _, v := range st[0].Float32s() {
				if v != 0 {
					t.Fatal("ResetStates left a non-zero state")
				}
			}
			if _, err := CallLayer(&Context{}, stateful, []*tensor.Tensor{gradcheck.Random(1, -1, 1, B+1, 2, I)}); err == nil || !strings.Contains(err.Error(), "batch size") {
				t.Fatalf("batch size change: got %v", err)
			}
		})
	}
}

// TestRNNWeights checks Keras's weight shapes, order and variable paths,
// and LSTM's unit forget bias.
func TestRNNWeights(t *testing.T) {
	cases := []struct {
		l     Layer
		paths []string
		shape []tensor.Shape
	}{
		{NewLSTM(3, WithName("lstm_w")), []string{"lstm_w/lstm_cell/kernel", "lstm_w/lstm_cell/recurrent_kernel", "lstm_w/lstm_cell/bias"},
			[]tensor.Shape{{5, 12}, {3, 12}, {12}}},
		{NewGRU(3, WithName("gru_w")), []string{"gru_w/gru_cell/kernel", "gru_w/gru_cell/recurrent_kernel", "gru_w/gru_cell/bias"},
			[]tensor.Shape{{5, 9}, {3, 9}, {2, 9}}},
		{NewGRU(3, WithName("gru_w2"), With("reset_after", false)), []string{"gru_w2/gru_cell/kernel", "gru_w2/gru_cell/recurrent_kernel", "gru_w2/gru_cell/bias"},
			[]tensor.Shape{{5, 9}, {3, 9}, {9}}},
		{NewSimpleRNN(3, WithName("rnn_w"), WithUseBias(false)), []string{"rnn_w/simple_rnn_cell/kernel", "rnn_w/simple_rnn_cell/recurrent_kernel"},
			[]tensor.Shape{{5, 3}, {3, 3}}},
	}
	for _, c := range cases {
		if err := EnsureBuilt(c.l, []tensor.Shape{{-1, 7, 5}}); err != nil {
			t.Fatal(err)
		}
		ws := Weights(c.l)
		if len(ws) != len(c.paths) {
			t.Fatalf("%s: %d weights, want %d", c.l.Base().Name(), len(ws), len(c.paths))
		}
		for i, w := range ws {
			if w.Path() != c.paths[i] || !w.Shape().Equal(c.shape[i]) {
				t.Errorf("weight %d: %s %v, want %s %v", i, w.Path(), w.Shape(), c.paths[i], c.shape[i])
			}
		}
	}
	b := cases[0].l.(*LSTM).Bias().Value().Float32s()
	for j, v := range b {
		if want := float32(0); j >= 3 && j < 6 {
			if v != 1 {
				t.Fatalf("unit_forget_bias: bias[%d] = %v, want 1", j, v)
			}
		} else if v != want {
			t.Fatalf("bias[%d] = %v, want 0", j, v)
		}
	}
	// The recurrent kernel is orthogonal: R_blockᵀ R_block = I per gate block is not
	// guaranteed, but the whole (3, 12) matrix has orthonormal rows.
	r := cases[0].l.(*LSTM).RecurrentKernel().Value().Float32s()
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			s := 0.0
			for k := 0; k < 12; k++ {
				s += float64(r[i*12+k] * r[j*12+k])
			}
			if want := map[bool]float64{true: 1, false: 0}[i == j]; math.Abs(s-want) > 1e-4 {
				t.Fatalf("recurrent kernel rows %d·%d = %v, want %v", i, j, s, want)
			}
		}
	}
}

// TestRNNConfigRoundTrip rebuilds each layer from its config and compares
// the configs.
func TestRNNConfigRoundTrip(t *testing.T) {
	for _, l := range []Layer{
		NewLSTM(4, With("return_sequences", true), With("dropout", 0.25), With("seed", 3), With("unit_forget_bias", false),
			WithKernelRegularizer("l2"), With("recurrent_constraint", "non_neg"), With("go_backwards", true)),
		NewGRU(4, With("reset_after", false), With("stateful", true), With("recurrent_activation", "hard_sigmoid"), With("unroll", true)),
		NewSimpleRNN(4, WithActivation("relu"), With("return_state", true), With("recurrent_dropout", 0.5)),
		NewLSTMCell(4, With("recurrent_dropout", 0.1)),
		NewGRUCell(4),
		NewSimpleRNNCell(4, WithUseBias(false)),
		NewEmbedding(10, 3, With("mask_zero", true), With("embeddings_regularizer", "l1")),
	} {
		if err := l.Base().Err(); err != nil {
			t.Fatal(err)
		}
		cfg := l.GetConfig()
		l2, err := FromConfig(l.Base().ClassName(), cfg)
		if err != nil {
			t.Fatalf("%s: %v", l.Base().ClassName(), err)
		}
		if a, b := fmt.Sprint(cfg), fmt.Sprint(l2.GetConfig()); a != b {
			t.Fatalf("%s config round trip:\n%s\n%s", l.Base().ClassName(), a, b)
		}
	}
	cfg := NewLSTM(4).GetConfig()
	for _, k := range []string{"units", "activation", "recurrent_activation", "use_bias", "kernel_initializer", "recurrent_initializer",
		"bias_initializer", "unit_forget_bias", "kernel_regularizer", "recurrent_regularizer", "bias_regularizer",
		"activity_regularizer", "kernel_constraint", "recurrent_constraint", "bias_constraint", "dropout",
		"recurrent_dropout", "seed", "return_sequences", "return_state", "go_backwards", "stateful", "unroll",
		"zero_output_for_mask", "name", "trainable", "dtype"} {
		if _, ok := cfg[k]; !ok {
			t.Errorf("LSTM config lacks %q", k)
		}
	}
	if len(cfg) != 27 {
		t.Errorf("LSTM config has %d keys, want 27: %v", len(cfg), cfg)
	}
	if _, ok := NewSimpleRNN(2).GetConfig()["seed"]; ok {
		t.Error("SimpleRNN config has a seed (Keras's has none)")
	}
}

// TestRNNErrors checks construction and call errors.
func TestRNNErrors(t *testing.T) {
	for _, c := range []struct {
		l    Layer
		want string
	}{
		{NewLSTM(0), "units"},
		{NewGRU(3, WithActivation("softmax")), "not supported"},
		{NewLSTM(3, With("bogus", 1)), "bogus"},
		{NewEmbedding(0, 3), "input_dim"},
		{NewEmbedding(3, -1), "output_dim"},
	} {
		if err := c.l.Base().Err(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want it to mention %q", c.l.Base().ClassName(), err, c.want)
		}
	}
	call := func(l Layer, in ...*tensor.Tensor) error {
		_, err := CallLayer(&Context{}, l, in)
		return err
	}
	x := tensor.Zeros(2, 5, 3)
	if err := call(NewLSTM(4, WithName("lstm_rank")), tensor.Zeros(2, 3)); err == nil || !strings.Contains(err.Error(), "expected ndim=3, found ndim=2") || !strings.Contains(err.Error(), "lstm_rank") {
		t.Errorf("rank error: %v", err)
	}
	if err := call(NewLSTM(4), x, tensor.Zeros(2, 4)); err == nil || !strings.Contains(err.Error(), "initial_state") {
		t.Errorf("state count error: %v", err)
	}
	if err := call(NewGRU(4), x, tensor.Zeros(2, 5)); err == nil || !strings.Contains(err.Error(), "initial state 0") {
		t.Errorf("state shape error: %v", err)
	}
	if err := call(NewGRU(4), x, tensor.Zeros(3, 4)); err == nil || !strings.Contains(err.Error(), "(batch, units)") {
		t.Errorf("state batch error: %v", err)
	}
	l := NewSimpleRNN(4)
	if err := call(l, x); err != nil {
		t.Fatal(err)
	}
	if err := call(l, tensor.Zeros(2, 5, 4)); err == nil || !strings.Contains(err.Error(), "expected axis -1 of input shape to have value 3") {
		t.Errorf("feature size error: %v", err)
	}
	if err := call(NewLSTM(2), tensor.Zeros(2, 0, 3)); err == nil || !strings.Contains(err.Error(), "time step") {
		t.Errorf("empty sequence error: %v", err)
	}
}
