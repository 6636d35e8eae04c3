package layers

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/gokeras/keras/autodiff"
	"github.com/gokeras/keras/internal/gradcheck"
	"github.com/gokeras/keras/tensor"
)

// TestRNNCellEqualsLayer checks that RNN over a built-in cell computes the
// dedicated layer's outputs and gradients: bit for bit on the fused path,
// within float32 rounding when the cell is unrolled step by step.
func TestRNNCellEqualsLayer(t *testing.T) {
	ids, _ := tensor.FromInt32([]int32{0, 1, 2, 0, 3, 4, 5, 0, 1, 1, 0, 2}, 2, 6)
	for _, kind := range []string{"lstm", "gru", "simple_rnn"} {
		for _, flags := range []struct{ seq, back, mask, zero bool }{{}, {seq: true}, {back: true, mask: true}, {seq: true, mask: true, zero: true}} {
			for _, opaque := range []bool{false, true} {
				t.Run(fmt.Sprintf("%s_%+v_unrolled=%v", kind, flags, opaque), func(t *testing.T) {
					opts := []Option{With("return_sequences", flags.seq), With("return_state", true), With("go_backwards", flags.back),
						With("zero_output_for_mask", flags.zero)}
					ref := rnnNewLayer(kind, 3, opts...)
					var cell RNNCell
					switch kind {
					case "lstm":
						cell = NewLSTMCell(3)
					case "gru":
						cell = NewGRUCell(3)
					default:
						cell = NewSimpleRNNCell(3)
					}
					if opaque {
						cell = opaqueCell{cell}
					}
					l := NewRNN(cell, opts...)
					x := tensor.Track(gradcheck.Random(3, -1, 1, 2, 6, 4), true)
					if flags.mask {
						x.SetMask(ids)
					}
					var want, got []*tensor.Tensor
					var gw, gg []*tensor.Tensor
					for i, layer := range []Layer{ref, l} {
						if err := EnsureBuilt(layer, []tensor.Shape{{-1, 6, 4}}); err != nil {
							t.Fatal(err)
						}
						if i == 1 {
							for k, v := range Weights(l) {
								if err := v.Assign(Weights(ref)[k].Value()); err != nil {
									t.Fatal(err)
								}
							}
						}
						outs, err := layer.Call(&Context{}, []*tensor.Tensor{x})
						if err != nil {
							t.Fatal(err)
						}
						loss, err := rnnWeightedSum(outs, [][]float64{f64s(gradcheck.Random(4, -1, 1, outs[0].Shape()...).Float32s()),
							f64s(gradcheck.Random(5, -1, 1, 2, 3).Float32s()), f64s(gradcheck.Random(6, -1, 1, 2, 3).Float32s())})
						if err != nil {
							t.Fatal(err)
						}
						wrt := []*tensor.Tensor{x}
						for _, v := range Weights(layer) {
							wrt = append(wrt, v.Value())
						}
						grads, err := autodiff.Gradients(loss, wrt)
						if err != nil {
							t.Fatal(err)
						}
						if i == 0 {
							want, gw = outs, grads
						} else {
							got, gg = outs, grads
						}
					}
					tol := 0.0
					if opaque {
						tol = 1e-5
					}
					if len(got) != len(want) {
						t.Fatalf("%d outputs, want %d", len(got), len(want))
					}
					for k := range want {
						if !got[k].Shape().Equal(want[k].Shape()) {
							t.Fatalf("output %d shape %v, want %v", k, got[k].Shape(), want[k].Shape())
						}
						rnnClose(t, fmt.Sprint("output ", k), got[k].Float32s(), f64s(want[k].Float32s()), tol)
					}
					for k := range gw {
						rnnClose(t, fmt.Sprint("gradient ", k), gg[k].Float32s(), f64s(gw[k].Float32s()), 10*tol)
					}
				})
			}
		}
	}
}

// TestRNNGenericGradcheck checks the unrolled path (the test's minimal cell
// and a stack) and ConvLSTM against finite differences, with masks.
func TestRNNGenericGradcheck(t *testing.T) {
	mask := rnnBoolMask([]float64{0, 1, 1, 0, 1, 0, 1, 1}, 2, 4)
	cases := []struct {
		name  string
		layer func() Layer
		x     []int
	}{
		{"minimal", func() Layer {
			return NewRNN(newMinimalCell(3), With("return_sequences", true), With("return_state", true), With("go_backwards", true))
		}, []int{2, 4, 3}},
		{"stacked_minimal_gru", func() Layer {
			return NewRNN(NewStackedRNNCells([]Layer{newMinimalCell(3), opaqueCell{NewGRUCell(2)}}), With("return_state", true))
		}, []int{2, 4, 3}},
		{"convlstm2d", func() Layer {
			return NewConvLSTM2D(2, []int{2, 2}, With("padding", "same"), With("return_sequences", true), With("return_state", true))
		}, []int{2, 4, 3, 3, 2}},
		{"convlstm1d_cf", func() Layer {
			return NewConvLSTM1D(2, []int{2}, With("data_format", "channels_first"), With("strides", 2), With("return_state", true))
		}, []int{2, 4, 2, 5}},
	}
	for _, c := range cases {
		for _, masked := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s_mask=%v", c.name, masked), func(t *testing.T) {
				l := c.layer()
				xs := append([]int{-1}, c.x[1:]...)
				if err := EnsureBuilt(l, []tensor.Shape{xs}); err != nil {
					t.Fatal(err)
				}
				inputs := []*tensor.Tensor{gradcheck.Random(1, -1, 1, c.x...)}
				for i, v := range Weights(l) {
					w := gradcheck.Random(uint64(10+i), -0.8, 0.8, v.Shape()...)
					if err := v.Assign(w); err != nil {
						t.Fatal(err)
					}
					inputs = append(inputs, v.Value())
				}
				f := func(in []*tensor.Tensor) (*tensor.Tensor, error) {
					if masked {
						in[0].SetMask(mask)
					}
					outs, err := l.Call(&Context{}, []*tensor.Tensor{in[0]})
					if err != nil {
						return nil, err
					}
					return packOutputs(outs)
				}
				if err := gradcheck.Check(f, inputs, gradcheck.Options{Eps: 1e-2, RelTol: 3e-2}); err != nil {
					t.Fatal(err)
				}
			})
		}
	}
}

// packOutputs concatenates all outputs, flattened, into one tensor.
func packOutputs(outs []*tensor.Tensor) (*tensor.Tensor, error) {
	n := 0
	for _, o := range outs {
		n += o.Size()
	}
	return tensor.Apply(packOp{}, tensor.Float32, tensor.Shape{n}, outs...)
}

type packOp struct{}

func (packOp) Name() string { return "pack" }
func (packOp) Forward(out *tensor.Tensor, in []*tensor.Tensor) {
	o := out.Float32s()[:0]
	for _, t := range in {
		o = append(o, t.Float32s()...)
	}
}
func (packOp) Backward(gout, out *tensor.Tensor, in []*tensor.Tensor, gin []*tensor.Tensor) {
	g := gout.Float32s()
	for i, t := range in {
		if gin[i] != nil {
			d := gin[i].Float32s()
			for j := range d {
				d[j] += g[j]
			}
		}
		g = g[t.Size():]
	}
}

// TestRNNGenericStateful feeds a stateful RNN (fused, unrolled and
// ConvLSTM) two halves of a sequence and compares with one pass over it,
// then replays a compiled plan and checks that the carried states advance.
func TestRNNGenericStateful(t *testing.T) {
	cases := []struct {
		name string
		make func(stateful bool) Layer
		x    []int
	}{
		{"lstm_cell", func(s bool) Layer { return NewRNN(NewLSTMCell(3), With("stateful", s), With("return_state", true)) }, []int{2, 6, 3}},
		{"stacked", func(s bool) Layer {
			return NewRNN(NewStackedRNNCells([]Layer{NewLSTMCell(3), NewGRUCell(2)}), With("stateful", s), With("return_state", true))
		}, []int{2, 6, 3}},
		{"minimal", func(s bool) Layer { return NewRNN(newMinimalCell(3), With("stateful", s), With("return_state", true)) }, []int{2, 6, 3}},
		{"convlstm2d", func(s bool) Layer {
			return NewConvLSTM2D(2, []int{3, 3}, With("padding", "same"), With("stateful", s), With("return_state", true))
		}, []int{2, 6, 3, 3, 1}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			x := gradcheck.Random(7, -1, 1, c.x...)
			B, T := c.x[0], c.x[1]
			inner := x.Size() / (B * T)
			half := func(k int) *tensor.Tensor {
				s := append([]int{B, T / 2}, c.x[2:]...)
				out := tensor.Zeros(s...)
				for b := 0; b < B; b++ {
					copy(out.Float32s()[b*T/2*inner:(b+1)*T/2*inner], x.Float32s()[(b*T+k*T/2)*inner:])
				}
				return out
			}
			whole, stateful := c.make(false), c.make(true)
			want, err := CallLayer(&Context{}, whole, []*tensor.Tensor{x})
			if err != nil {
				t.Fatal(err)
			}
			if err := EnsureBuilt(stateful, []tensor.Shape{append(tensor.Shape{B}, c.x[1:]...)}); err != nil {
				t.Fatal(err)
			}
			for i, v := range Weights(whole) {
				if err := Weights(stateful)[i].Assign(v.Value()); err != nil {
					t.Fatal(err)
				}
			}
			for k := 0; k < 2; k++ {
				got, err := CallLayer(&Context{}, stateful, []*tensor.Tensor{half(k)})
				if err != nil {
					t.Fatal(err)
				}
				if k == 1 {
					for j := range want {
						rnnClose(t, fmt.Sprint("output ", j), got[j].Float32s(), f64s(want[j].Float32s()), 1e-5)
					}
				}
			}
			r := stateful.(interface {
				ResetStates()
				States() []*tensor.Tensor
			})
			rnnClose(t, "carried state", r.States()[0].Float32s(), f64s(want[1].Float32s()), 1e-5)
			// A compiled plan of the first half, replayed twice, ends where
			// the whole sequence does.
			r.ResetStates()
			ph := tensor.Track(half(0), false)
			ctx := &Context{}
			outs, err := stateful.Call(ctx, []*tensor.Tensor{ph})
			if err != nil {
				t.Fatal(err)
			}
			plan, err := autodiff.NewPlan(append(outs, ctx.Updates...), nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			copy(ph.Float32s(), half(1).Float32s())
			plan.Forward()
			rnnClose(t, "replayed output", outs[0].Float32s(), f64s(want[0].Float32s()), 1e-5)
			rnnClose(t, "replayed state", r.States()[0].Float32s(), f64s(want[1].Float32s()), 1e-5)
			r.ResetStates()
			for _, v := range r.States()[0].Float32s() {
				if v != 0 {
					t.Fatal("ResetStates left a non-zero state")
				}
			}
			if _, err := CallLayer(&Context{}, stateful, []*tensor.Tensor{gradcheck.Random(1, -1, 1, append([]int{B + 1}, c.x[1:]...)...)}); err == nil || !strings.Contains(err.Error(), "batch size") {
				t.Fatalf("batch size change: got %v", err)
			}
		})
	}
}

// TestRNNGenericWeights checks Keras 3's weight paths and shapes.
func TestRNNGenericWeights(t *testing.T) {
	cases := []struct {
		l     Layer
		in    tensor.Shape
		paths []string
		shape []tensor.Shape
	}{
		{NewRNN(NewLSTMCell(3, WithName("lstm_cell")), WithName("rnn")), tensor.Shape{-1, 7, 5},
			[]string{"rnn/lstm_cell/kernel", "rnn/lstm_cell/recurrent_kernel", "rnn/lstm_cell/bias"},
			[]tensor.Shape{{5, 12}, {3, 12}, {12}}},
		{NewRNN(NewStackedRNNCells([]Layer{NewLSTMCell(3, WithName("c1")), NewGRUCell(2, WithName("c2")), newMinimalCell(4, WithName("c3"))}, WithName("stack")), WithName("rnn_s")),
			tensor.Shape{-1, 7, 5},
			[]string{"rnn_s/stack/c1/kernel", "rnn_s/stack/c1/recurrent_kernel", "rnn_s/stack/c1/bias",
				"rnn_s/stack/c2/kernel", "rnn_s/stack/c2/recurrent_kernel", "rnn_s/stack/c2/bias",
				"rnn_s/stack/c3/kernel", "rnn_s/stack/c3/recurrent_kernel"},
			[]tensor.Shape{{5, 12}, {3, 12}, {12}, {3, 6}, {2, 6}, {2, 6}, {2, 4}, {4, 4}}},
		{NewConvLSTM2D(4, []int{3, 2}, WithName("clstm")), tensor.Shape{-1, 5, 8, 8, 3},
			[]string{"clstm/conv_lstm_cell/kernel", "clstm/conv_lstm_cell/recurrent_kernel", "clstm/conv_lstm_cell/bias"},
			[]tensor.Shape{{3, 2, 3, 16}, {3, 2, 4, 16}, {16}}},
		{NewConvLSTM3D(2, []int{2}, WithName("clstm3"), WithUseBias(false)), tensor.Shape{-1, 5, 4, 4, 4, 1},
			[]string{"clstm3/conv_lstm_cell/kernel", "clstm3/conv_lstm_cell/recurrent_kernel"},
			[]tensor.Shape{{2, 2, 2, 1, 8}, {2, 2, 2, 2, 8}}},
	}
	for _, c := range cases {
		if err := EnsureBuilt(c.l, []tensor.Shape{c.in}); err != nil {
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
	b := Weights(cases[2].l)[2].Value().Float32s()
	for j, v := range b {
		if want := float32(map[bool]int{true: 1}[j >= 4 && j < 8]); v != want {
			t.Fatalf("ConvLSTM unit_forget_bias: bias[%d] = %v, want %v", j, v, want)
		}
	}
}

// TestRNNGenericShapes checks output shapes and masks of symbolic calls.
func TestRNNGenericShapes(t *testing.T) {
	cases := []struct {
		l    Layer
		in   tensor.Shape
		want []string
	}{
		{NewRNN(NewLSTMCell(3), With("return_state", true)), tensor.Shape{-1, 7, 5}, []string{"(None, 3)", "(None, 3)", "(None, 3)"}},
		{NewRNN(NewStackedRNNCells([]Layer{NewLSTMCell(3), NewGRUCell(2)}), With("return_sequences", true), With("return_state", true)),
			tensor.Shape{4, 7, 5}, []string{"(4, 7, 2)", "(4, 3)", "(4, 3)", "(4, 2)"}},
		{NewConvLSTM2D(4, []int{3, 3}, With("return_sequences", true)), tensor.Shape{-1, -1, 8, 9, 3}, []string{"(None, None, 6, 7, 4)"}},
		{NewConvLSTM2D(4, []int{3, 3}, With("strides", 2), With("padding", "same"), With("data_format", "channels_first"), With("return_state", true)),
			tensor.Shape{-1, 5, 3, 8, 9}, []string{"(None, 4, 4, 5)", "(None, 4, 4, 5)", "(None, 4, 4, 5)"}},
		{NewConvLSTM1D(2, []int{3}, With("dilation_rate", 2)), tensor.Shape{-1, 5, 10, 1}, []string{"(None, 6, 2)"}},
	}
	for _, c := range cases {
		outs := c.l.Base().ApplyMulti(NewKerasTensor(c.in, tensor.Float32))
		if err := outs[0].Err(); err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, o := range outs {
			got = append(got, o.Shape().String())
		}
		if fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("%s: shapes %v, want %v", c.l.Base().ClassName(), got, c.want)
		}
	}
	// The sequence output keeps the input mask; the last output has none.
	ids, _ := tensor.FromInt32([]int32{1, 2, 0, 3, 0, 0}, 2, 3)
	for _, seq := range []bool{true, false} {
		x := gradcheck.Random(1, -1, 1, 2, 3, 2)
		x.SetMask(ids)
		outs, err := CallLayer(&Context{}, NewRNN(newMinimalCell(2), With("return_sequences", seq)), []*tensor.Tensor{x})
		if err != nil {
			t.Fatal(err)
		}
		if (outs[0].Mask() != nil) != seq {
			t.Errorf("return_sequences=%v: output mask %v", seq, outs[0].Mask())
		}
	}
}

// TestRNNGenericDropout checks that ConvLSTM's dropout acts only in
// training, and that a stacked built-in RNN with dropout trains.
func TestRNNGenericDropout(t *testing.T) {
	l := NewConvLSTM2D(2, []int{2, 2}, With("dropout", 0.5), With("recurrent_dropout", 0.5), With("seed", 1), With("return_sequences", true))
	plain := NewConvLSTM2D(2, []int{2, 2}, With("return_sequences", true))
	x := gradcheck.Random(2, -1, 1, 2, 3, 4, 4, 2)
	ref, err := CallLayer(&Context{}, plain, []*tensor.Tensor{x})
	if err != nil {
		t.Fatal(err)
	}
	if err := EnsureBuilt(l, []tensor.Shape{{-1, 3, 4, 4, 2}}); err != nil {
		t.Fatal(err)
	}
	for i, v := range Weights(plain) {
		if err := Weights(l)[i].Assign(v.Value()); err != nil {
			t.Fatal(err)
		}
	}
	inf, err := CallLayer(&Context{}, l, []*tensor.Tensor{x})
	if err != nil {
		t.Fatal(err)
	}
	rnnClose(t, "inference", inf[0].Float32s(), f64s(ref[0].Float32s()), 0)
	tr, err := CallLayer(&Context{Training: true}, l, []*tensor.Tensor{x})
	if err != nil {
		t.Fatal(err)
	}
	same := true
	for i, v := range tr[0].Float32s() {
		same = same && v == ref[0].Float32s()[i]
	}
	if same {
		t.Fatal("training with dropout gave the inference output")
	}
	if l.Cell.inMasks != nil || l.Cell.recMasks != nil {
		t.Fatal("dropout masks were kept after the call")
	}
	s := NewRNN(NewStackedRNNCells([]Layer{NewLSTMCell(3, With("dropout", 0.3)), NewGRUCell(2, With("recurrent_dropout", 0.3))}))
	xs := tensor.Track(gradcheck.Random(3, -1, 1, 2, 5, 3), true)
	outs, err := CallLayer(&Context{Training: true}, s, []*tensor.Tensor{xs})
	if err != nil {
		t.Fatal(err)
	}
	if !outs[0].Shape().Equal(tensor.Shape{2, 2}) {
		t.Fatalf("stacked output %v", outs[0].Shape())
	}
}

// TestRNNGenericConfigRoundTrip rebuilds layers from their configs.
func TestRNNGenericConfigRoundTrip(t *testing.T) {
	for _, l := range []Layer{
		NewRNN(NewLSTMCell(4, With("dropout", 0.25)), With("return_sequences", true), With("go_backwards", true), With("unroll", true)),
		NewRNN(NewStackedRNNCells([]Layer{NewLSTMCell(4), NewGRUCell(2, With("reset_after", false))}), With("return_state", true), With("stateful", true)),
		NewRNN(newMinimalCell(3), With("zero_output_for_mask", true), WithActivityRegularizer("l2")),
		NewStackedRNNCells([]Layer{NewSimpleRNNCell(2), newMinimalCell(3)}),
		NewConvLSTM2D(4, []int{3, 3}, With("strides", []int{2, 1}), With("padding", "same"), With("data_format", "channels_first"),
			With("recurrent_activation", "hard_sigmoid"), With("unit_forget_bias", false), WithKernelRegularizer("l2"),
			With("recurrent_constraint", "non_neg"), With("dropout", 0.1), With("seed", 5), With("return_sequences", true)),
		NewConvLSTM1D(2, []int{3}, With("dilation_rate", 2), WithActivation("relu")),
		NewConvLSTM3D(2, []int{1, 2, 3}),
		NewConvLSTMCell(2, 3, []int{3}),
	} {
		if err := l.Base().Err(); err != nil {
			t.Fatal(err)
		}
		cfg := l.GetConfig()
		// Through JSON, as a saved model would store it.
		raw, err := json.Marshal(cfg)
		if err != nil {
			t.Fatal(err)
		}
		var back map[string]any
		if err := json.Unmarshal(raw, &back); err != nil {
			t.Fatal(err)
		}
		l2, err := FromConfig(l.Base().ClassName(), back)
		if err != nil {
			t.Fatalf("%s: %v", l.Base().ClassName(), err)
		}
		a, _ := json.Marshal(cfg)
		b, _ := json.Marshal(l2.GetConfig())
		if string(a) != string(b) {
			t.Fatalf("%s config round trip:\n%s\n%s", l.Base().ClassName(), a, b)
		}
	}
	cfg := NewRNN(NewLSTMCell(4)).GetConfig()
	cell, _ := cfg["cell"].(map[string]any)
	if cell["class_name"] != "LSTMCell" || cell["module"] != "keras.layers" {
		t.Errorf("RNN cell config: %v", cell)
	}
	if len(cfg) != 10 {
		t.Errorf("RNN config has %d keys, want 10: %v", len(cfg), cfg)
	}
	keys := []string{"filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate", "activation",
		"recurrent_activation", "use_bias", "kernel_initializer", "recurrent_initializer", "bias_initializer",
		"unit_forget_bias", "kernel_regularizer", "recurrent_regularizer", "bias_regularizer", "activity_regularizer",
		"kernel_constraint", "recurrent_constraint", "bias_constraint", "dropout", "recurrent_dropout", "seed",
		"return_sequences", "return_state", "go_backwards", "stateful", "unroll", "zero_output_for_mask", "name", "trainable", "dtype"}
	ccfg := NewConvLSTM2D(2, []int{3, 3}).GetConfig()
	for _, k := range keys {
		if _, ok := ccfg[k]; !ok {
			t.Errorf("ConvLSTM2D config lacks %q", k)
		}
	}
	if len(ccfg) != len(keys) {
		t.Errorf("ConvLSTM2D config has %d keys, want %d: %v", len(ccfg), len(keys), ccfg)
	}
	if ccfg["activation"] != "tanh" || ccfg["recurrent_activation"] != "sigmoid" || fmt.Sprint(ccfg["kernel_size"]) != "[3 3]" {
		t.Errorf("ConvLSTM2D defaults: %v", ccfg)
	}
}

// TestRNNGenericErrors checks construction and call errors.
func TestRNNGenericErrors(t *testing.T) {
	for _, c := range []struct {
		l    Layer
		want string
	}{
		{NewRNN(NewDense(3)), "RNNCell"},
		{NewRNN(nil), "cell"},
		{NewRNN(NewLSTMCell(3), With("bogus", 1)), "bogus"},
		{NewRNN(NewLSTMCell(0)), "units"},
		{NewStackedRNNCells(nil), "at least one"},
		{NewStackedRNNCells([]Layer{NewDense(2)}), "RNNCell"},
		{NewConvLSTM2D(0, []int{3, 3}), "filters"},
		{NewConvLSTM2D(2, []int{3, 3}, With("padding", "causal")), "padding"},
		{NewConvLSTM2D(2, []int{3, 3}, With("strides", 2), With("dilation_rate", 2)), "dilation_rate"},
		{NewConvLSTM2D(2, []int{3, 3, 3}), "kernel_size"},
		{NewConvLSTM2D(2, []int{3, 3}, With("data_format", "nhwc")), "data_format"},
		{NewConvLSTMCell(4, 2, []int{3}), "rank"},
	} {
		if err := c.l.Base().Err(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want it to mention %q", c.l.Base().ClassName(), err, c.want)
		}
	}
	if _, err := FromConfig("RNN", map[string]any{"cell": map[string]any{"class_name": "NoSuchCell", "config": map[string]any{}}}); err == nil || !strings.Contains(err.Error(), "NoSuchCell") {
		t.Errorf("unknown cell class: %v", err)
	}
	call := func(l Layer, in ...*tensor.Tensor) error {
		_, err := CallLayer(&Context{}, l, in)
		return err
	}
	x := tensor.Zeros(2, 5, 3)
	for _, c := range []struct {
		l    Layer
		in   []*tensor.Tensor
		want string
	}{
		{NewRNN(newMinimalCell(2), WithName("rnn_rank")), []*tensor.Tensor{tensor.Zeros(2, 3)}, "expected min_ndim=3, found ndim=2"},
		{NewRNN(newMinimalCell(2)), []*tensor.Tensor{x, tensor.Zeros(2, 2), tensor.Zeros(2, 2)}, "initial_state"},
		{NewRNN(newMinimalCell(2)), []*tensor.Tensor{x, tensor.Zeros(2, 3)}, "initial state 0"},
		{NewRNN(NewStackedRNNCells([]Layer{NewLSTMCell(2), NewGRUCell(2)})), []*tensor.Tensor{x, tensor.Zeros(2, 2)}, "3 state(s)"},
		{NewRNN(newMinimalCell(2)), []*tensor.Tensor{tensor.Zeros(2, 0, 3)}, "time step"},
		{NewConvLSTM2D(2, []int{3, 3}, WithName("clstm_rank")), []*tensor.Tensor{tensor.Zeros(2, 5, 3)}, "expected ndim=5, found ndim=3"},
		{NewConvLSTM2D(2, []int{3, 3}), []*tensor.Tensor{tensor.Zeros(2, 5, 2, 2, 1)}, "zero or negative"},
		{NewConvLSTM2D(2, []int{3, 3}), []*tensor.Tensor{tensor.Zeros(2, 5, 4, 4, 1), tensor.Zeros(2, 3, 3, 2)}, "initial_state"},
	} {
		if err := call(c.l, c.in...); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want it to mention %q", c.l.Base().ClassName(), err, c.want)
		}
	}
	m := NewRNN(newMinimalCell(2))
	if err := call(m, x); err != nil {
		t.Fatal(err)
	}
	if err := call(m, tensor.Zeros(2, 5, 4)); err == nil {
		t.Error("feature size change: no error")
	}
	cl := NewConvLSTM2D(2, []int{3, 3})
	if err := call(cl, tensor.Zeros(1, 2, 4, 4, 1)); err != nil {
		t.Fatal(err)
	}
	if err := call(cl, tensor.Zeros(1, 2, 4, 4, 2)); err == nil || !strings.Contains(err.Error(), "channels") {
		t.Errorf("ConvLSTM channel change: %v", err)
	}
	if outs := NewConvLSTM2D(2, []int{3, 3}).ApplyMulti(NewKerasTensor(tensor.Shape{-1, 5, -1, 4, 1}, tensor.Float32)); outs[0].Err() == nil || !strings.Contains(outs[0].Err().Error(), "static") {
		t.Errorf("dynamic spatial dims: %v", outs[0].Err())
	}
}

// TestBidirectionalGeneric wraps RNN and ConvLSTM layers: the merged
// output's first half is the forward layer's output, the second the
// backward layer's flipped back into input order.
func TestBidirectionalGeneric(t *testing.T) {
	for _, c := range []struct {
		inner Layer
		x     []int
		shape string
	}{
		{NewRNN(newMinimalCell(3), With("return_sequences", true)), []int{2, 4, 3}, "(2, 4, 6)"},
		{NewRNN(NewStackedRNNCells([]Layer{NewLSTMCell(3), NewGRUCell(2)}), With("return_sequences", true)), []int{2, 4, 3}, "(2, 4, 4)"},
		{NewConvLSTM2D(2, []int{2, 2}, With("return_sequences", true)), []int{2, 3, 4, 4, 1}, "(2, 3, 3, 3, 4)"},
		{NewConvLSTM1D(2, []int{2}, With("return_state", true)), []int{2, 3, 4, 1}, "(2, 3, 4)"},
	} {
		t.Run(c.inner.Base().ClassName(), func(t *testing.T) {
			bi := NewBidirectional(c.inner)
			if err := bi.Err(); err != nil {
				t.Fatal(err)
			}
			x := gradcheck.Random(1, -1, 1, c.x...)
			outs, err := CallLayer(&Context{}, bi, []*tensor.Tensor{x})
			if err != nil {
				t.Fatal(err)
			}
			if got := outs[0].Shape().String(); got != c.shape {
				t.Fatalf("shape %s, want %s", got, c.shape)
			}
			fo, err := bi.Forward.Call(&Context{}, []*tensor.Tensor{x})
			if err != nil {
				t.Fatal(err)
			}
			bo, err := bi.Backward.Call(&Context{}, []*tensor.Tensor{x})
			if err != nil {
				t.Fatal(err)
			}
			s := fo[0].Shape()
			seq := s.Equal(append(tensor.Shape{c.x[0], c.x[1]}, s[2:]...)) && len(s) == len(c.x)
			b := bo[0].Float32s()
			if seq {
				fl := make([]float32, len(b))
				flipTime(fl, b, s, false)
				b = fl
			}
			f := fo[0].Float32s()
			n := s[len(s)-1]
			got := outs[0].Float32s()
			for r := 0; r < len(f)/n; r++ {
				for j := 0; j < n; j++ {
					if got[r*2*n+j] != f[r*n+j] || got[r*2*n+n+j] != b[r*n+j] {
						t.Fatalf("row %d: merged output differs from the directions' outputs", r)
					}
				}
			}
			paths := []string{}
			for _, w := range Weights(bi) {
				paths = append(paths, w.Path())
			}
			if !strings.HasPrefix(paths[0], bi.Name()+"/forward_") || !strings.HasPrefix(paths[len(paths)-1], bi.Name()+"/backward_") {
				t.Errorf("weight paths %v", paths)
			}
			if _, err := FromConfig("Bidirectional", bi.GetConfig()); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestRNNSavedChildren checks the attribute paths Keras 3's weight files
// use for the cells.
func TestRNNSavedChildren(t *testing.T) {
	s := NewStackedRNNCells([]Layer{NewLSTMCell(2), NewLSTMCell(2), NewGRUCell(2)})
	r := NewRNN(s)
	attrs, ch := r.SavedChildren()
	if fmt.Sprint(attrs) != "[cell]" || ch[0] != Layer(s) {
		t.Errorf("RNN children %v", attrs)
	}
	attrs, _ = s.SavedChildren()
	if fmt.Sprint(attrs) != "[cells/lstm_cell cells/lstm_cell_1 cells/gru_cell]" {
		t.Errorf("StackedRNNCells children %v", attrs)
	}
	attrs, _ = NewConvLSTM2D(2, []int{3, 3}).SavedChildren()
	if fmt.Sprint(attrs) != "[cell]" {
		t.Errorf("ConvLSTM2D children %v", attrs)
	}
}

// onesStateCell starts from ones instead of zeros.
type onesStateCell struct{ *minimalCell }

func (c onesStateCell) GetInitialState(batch int) ([]*tensor.Tensor, error) {
	t := tensor.Zeros(batch, c.units)
	t.Fill(1)
	return []*tensor.Tensor{t}, nil
}

// TestRNNGetInitialState checks that a cell's GetInitialState replaces the
// zero states.
func TestRNNGetInitialState(t *testing.T) {
	cell := newMinimalCell(2)
	a := NewRNN(onesStateCell{cell}, With("return_state", true))
	b := NewRNN(cell, With("return_state", true))
	x := gradcheck.Random(1, -1, 1, 2, 3, 2)
	ya, err := CallLayer(&Context{}, a, []*tensor.Tensor{x})
	if err != nil {
		t.Fatal(err)
	}
	ones := tensor.Zeros(2, 2)
	ones.Fill(1)
	yb, err := CallLayer(&Context{}, b, []*tensor.Tensor{x, ones})
	if err != nil {
		t.Fatal(err)
	}
	rnnClose(t, "output", ya[0].Float32s(), f64s(yb[0].Float32s()), 0)
}

// TestConvLSTMCellStepPath checks that a ConvLSTM cell stepped one time
// step at a time (inside StackedRNNCells) computes what ConvLSTM2D does.
func TestConvLSTMCellStepPath(t *testing.T) {
	opts := []Option{With("strides", 2), With("padding", "same")}
	ref := NewConvLSTM2D(3, []int{3, 3}, append(opts, With("return_sequences", true), With("return_state", true), With("go_backwards", true))...)
	cell := NewConvLSTMCell(2, 3, []int{3, 3}, opts...)
	l := NewRNN(NewStackedRNNCells([]Layer{cell}), With("return_sequences", true), With("return_state", true), With("go_backwards", true))
	x := gradcheck.Random(1, -1, 1, 2, 4, 5, 5, 2)
	x.SetMask(rnnBoolMask([]float64{1, 0, 1, 1, 1, 1, 0, 1}, 2, 4))
	want, err := CallLayer(&Context{}, ref, []*tensor.Tensor{x})
	if err != nil {
		t.Fatal(err)
	}
	if err := EnsureBuilt(l, []tensor.Shape{{-1, 4, 5, 5, 2}}); err != nil {
		t.Fatal(err)
	}
	for i, v := range Weights(ref) {
		if err := Weights(l)[i].Assign(v.Value()); err != nil {
			t.Fatal(err)
		}
	}
	got, err := CallLayer(&Context{}, l, []*tensor.Tensor{x})
	if err != nil {
		t.Fatal(err)
	}
	for k := range want {
		if !got[k].Shape().Equal(want[k].Shape()) {
			t.Fatalf("output %d: shape %v, want %v", k, got[k].Shape(), want[k].Shape())
		}
		rnnClose(t, fmt.Sprint("output ", k), got[k].Float32s(), f64s(want[k].Float32s()), 1e-5)
	}
}
