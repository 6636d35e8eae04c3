package layers

import (
	"fmt"
	"testing"

	"github.com/gokeras/keras/internal/gemm"
	"github.com/gokeras/keras/random"
)

// TestRNNThreadsBitIdentical: the LSTM and GRU steps split their batch rows
// over the threads; loss and gradients must not depend on how many there
// are.
func TestRNNThreadsBitIdentical(t *testing.T) {
	layersOf := map[string]func() Layer{
		"lstm":             func() Layer { return NewLSTM(16, With("recurrent_dropout", 0.1)) },
		"gru":              func() Layer { return NewGRU(16, With("recurrent_dropout", 0.1)) },
		"gru_reset_before": func() Layer { return NewGRU(16, With("reset_after", false), With("recurrent_dropout", 0.1)) },
	}
	for name, mk := range layersOf {
		for _, maskZero := range []bool{false, true} {
			var want [][]float32
			for _, threads := range []int{1, 2, 3} {
				gemm.SetThreads(threads)
				random.SetSeed(7) // same weights and dropout masks every time
				s := newRNNTrainStep(t, mk(), 30, 8, 41, 9, maskZero)
				s.plan.Forward()
				s.plan.Backward()
				gemm.SetThreads(0)
				got := [][]float32{append([]float32(nil), s.loss.Float32s()...)}
				for _, g := range s.plan.Grads() {
					got = append(got, append([]float32(nil), g.Float32s()...))
				}
				if want == nil {
					want = got
					continue
				}
				sameBits(t, fmt.Sprintf("%s, mask_zero=%v, %d threads vs 1", name, maskZero, threads), got, want)
			}
		}
	}
}
