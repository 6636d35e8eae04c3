package losses

import (
	"math"
	"testing"

	"github.com/gokeras/keras/internal/gradcheck"
	"github.com/gokeras/keras/tensor"
)

// checkGrad runs gradcheck with a step small enough for the clipped and
// piecewise losses, skipping points closer than the step to a kink.
func checkGrad(t *testing.T, f func(in []*tensor.Tensor) (*tensor.Tensor, error), x *tensor.Tensor) {
	t.Helper()
	opt := gradcheck.Options{Eps: 3e-3, RelTol: 3e-2, AbsTol: 2e-2}
	// Probabilities: keep the step well below the smallest one, where -log
	// is strongly curved.
	lo := math.Inf(1)
	for _, v := range x.Float32s() {
		lo = math.Min(lo, float64(v))
	}
	if lo > 0 && 0.2*lo < opt.Eps {
		opt.Eps, opt.RelTol = 0.2*lo, 6e-2
	}
	if err := gradcheck.Check(f, []*tensor.Tensor{x}, opt); err != nil {
		t.Error(err)
	}
}

func mustF(t testing.TB, data []float32, shape ...int) *tensor.Tensor {
	t.Helper()
	x, err := tensor.FromFloat32(data, shape...)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

func approx(a, b float64) bool { return math.Abs(a-b) <= 1e-5*math.Max(1, math.Abs(b)) }
