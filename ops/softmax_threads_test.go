package ops

import (
	"math"
	"testing"

	"github.com/gokeras/keras/autodiff"
	"github.com/gokeras/keras/internal/gemm"
	"github.com/gokeras/keras/internal/gradcheck"
	"github.com/gokeras/keras/tensor"
)

// TestSoftmaxThreadsBitIdentical checks that splitting softmax rows over
// the worker pool gives the same bits, forward and backward, for any
// thread count.
func TestSoftmaxThreadsBitIdentical(t *testing.T) {
	defer gemm.SetThreads(0)
	run := func(threads int) []float32 {
		gemm.SetThreads(threads)
		x := tensor.Track(gradcheck.Random(3, -4, 4, 300, 70), true)
		y, err := Softmax(x, -1)
		if err != nil {
			t.Fatal(err)
		}
		w := gradcheck.Random(4, -1, 1, 300, 70)
		p, err := Multiply(y, w)
		if err != nil {
			t.Fatal(err)
		}
		g, err := autodiff.Gradients(p, []*tensor.Tensor{x})
		if err != nil {
			t.Fatal(err)
		}
		return append(append([]float32(nil), y.Float32s()...), g[0].Float32s()...)
	}
	want := run(1)
	for _, th := range []int{2, 3} {
		for i, v := range run(th) {
			if math.Float32bits(v) != math.Float32bits(want[i]) {
				t.Fatalf("%d threads: value %d = %v, 1 thread %v", th, i, v, want[i])
			}
		}
	}
}
