package layers

import (
	"math/rand/v2"
	"testing"

	"github.com/gokeras/keras/autodiff"
	"github.com/gokeras/keras/losses"
	"github.com/gokeras/keras/optimizers"
	"github.com/gokeras/keras/tensor"
)

// rnnTrainStep is a compiled training step of Embedding -> recurrent layer
// -> Dense(1, sigmoid) with binary cross-entropy and Adam, replayed the way
// the trainer replays it.
type rnnTrainStep struct {
	plan *autodiff.Plan
	vars []*tensor.Variable
	opt  optimizers.Optimizer
	loss *tensor.Tensor
}

func newRNNTrainStep(tb testing.TB, rnn Layer, vocab, dim, batch, steps int, maskZero bool) *rnnTrainStep {
	tb.Helper()
	r := rand.New(rand.NewPCG(1, 2))
	ids := make([]int32, batch*steps)
	for i := range ids {
		ids[i] = int32(r.IntN(vocab))
	}
	ys := make([]float32, batch)
	for i := range ys {
		ys[i] = float32(r.IntN(2))
	}
	x, _ := tensor.FromInt32(ids, batch, steps)
	y, _ := tensor.FromFloat32(ys, batch, 1)
	tensor.Track(x, false)
	emb := NewEmbedding(vocab, dim, With("mask_zero", maskZero))
	dense := NewDense(1, WithActivation("sigmoid"))
	ctx := &Context{Training: true}
	h := []*tensor.Tensor{x}
	var err error
	for _, l := range []Layer{emb, rnn, dense} {
		if h, err = CallLayer(ctx, l, h[:1]); err != nil {
			tb.Fatal(err)
		}
	}
	per, err := losses.BinaryCrossentropyFn(y, h[0], false, 0, -1)
	if err != nil {
		tb.Fatal(err)
	}
	loss := per
	if loss.Size() > 1 {
		// mean over the batch
		w := tensor.Zeros(loss.Shape()...)
		w.Fill(1 / float32(loss.Size()))
		if loss, err = rnnWeightedSum([]*tensor.Tensor{per}, [][]float64{f64s(w.Float32s())}); err != nil {
			tb.Fatal(err)
		}
	}
	var vars []*tensor.Variable
	var wrt []*tensor.Tensor
	for _, l := range []Layer{emb, rnn, dense} {
		for _, v := range TrainableWeights(l) {
			vars = append(vars, v)
			wrt = append(wrt, v.Value())
		}
	}
	plan, err := autodiff.NewPlan(nil, loss, wrt)
	if err != nil {
		tb.Fatal(err)
	}
	opt, err := optimizers.NewAdam()
	if err != nil {
		tb.Fatal(err)
	}
	return &rnnTrainStep{plan: plan, vars: vars, opt: opt, loss: loss}
}

func f64s(v []float32) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = float64(x)
	}
	return out
}

func (s *rnnTrainStep) run(tb testing.TB) {
	s.plan.Forward()
	s.plan.Backward()
	if err := s.opt.Apply(s.plan.Grads(), s.vars); err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkLSTMTrainStep is the W3 benchmark's training step:
// Embedding(10000, 128) -> LSTM(128) -> Dense(1, sigmoid), sequences of 200
// tokens, batch 64, binary cross-entropy, Adam.
func BenchmarkLSTMTrainStep(b *testing.B) {
	s := newRNNTrainStep(b, NewLSTM(128), 10000, 128, 64, 200, false)
	s.run(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s.run(b)
	}
	b.ReportMetric(float64(64*b.N)/b.Elapsed().Seconds(), "samples/s")
}

// TestRNNReplayAllocs checks that replaying a compiled step (forward,
// backward) of every recurrent layer allocates nothing, with masking and
// dropout on.
func TestRNNReplayAllocs(t *testing.T) {
	for name, l := range map[string]Layer{
		"lstm":       NewLSTM(8, With("dropout", 0.2), With("recurrent_dropout", 0.2)),
		"gru":        NewGRU(8, With("recurrent_dropout", 0.2)),
		"gru_before": NewGRU(8, With("reset_after", false), With("go_backwards", true)),
		"simple_rnn": NewSimpleRNN(8, With("dropout", 0.1)),
	} {
		t.Run(name, func(t *testing.T) {
			s := newRNNTrainStep(t, l, 50, 6, 4, 7, true)
			s.run(t)
			if n := testing.AllocsPerRun(5, func() { s.plan.Forward(); s.plan.Backward() }); n != 0 {
				t.Fatalf("replay allocates %v times per step", n)
			}
		})
	}
}

// BenchmarkGRUTrainStep is BenchmarkLSTMTrainStep with GRU(128).
func BenchmarkGRUTrainStep(b *testing.B) {
	s := newRNNTrainStep(b, NewGRU(128), 10000, 128, 64, 200, false)
	s.run(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s.run(b)
	}
	b.ReportMetric(float64(64*b.N)/b.Elapsed().Seconds(), "samples/s")
}
