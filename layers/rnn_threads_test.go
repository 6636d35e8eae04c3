package layers

import (
	"fmt"
	"testing"

	"github.com/gokeras/keras/internal/gemm"
	"github.com/gokeras/keras/random"
)

// TestLSTMThreadsBitIdentical: the LSTM step splits its batch rows over the
// threads; loss and gradients must not depend on how many there are.
func TestLSTMThreadsBitIdentical(t *testing.T) {
	for _, maskZero := range []bool{false, true} {
		var want [][]float32
		for _, threads := range []int{1, 2, 3} {
			gemm.SetThreads(threads)
			random.SetSeed(7) // same weights and dropout masks every time
			s := newRNNTrainStep(t, NewLSTM(16, With("recurrent_dropout", 0.1)), 30, 8, 41, 9, maskZero)
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
			sameBits(t, fmt.Sprintf("mask_zero=%v, %d threads vs 1", maskZero, threads), got, want)
		}
	}
}
