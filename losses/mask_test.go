package losses

import (
	"math"
	"testing"

	"github.com/gokeras/keras/tensor"
)

// A masked y_pred: the loss is the mean over the real entries only, and with
// reduction "sum" masked entries count 0 (keras.losses.loss.apply_mask).
func TestLossHonoursMask(t *testing.T) {
	yt, _ := tensor.FromFloat32([]float32{1, 5, 100}, 3, 1)
	yp, _ := tensor.FromFloat32([]float32{0, 0, 0}, 3, 1)
	mask, _ := tensor.FromBool([]bool{true, true, false}, 3)
	yp.SetMask(mask)
	cases := []struct {
		reduction string
		want      float64
	}{
		{"sum_over_batch_size", (1.0 + 5.0) / 2},
		{"sum", 1 + 5},
	}
	for _, c := range cases {
		mae, err := NewMeanAbsoluteError(Reduction(c.reduction))
		if err != nil {
			t.Fatal(err)
		}
		l, err := mae.Call(yt, yp, nil)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(l.Item()-c.want) > 1e-5 {
			t.Errorf("%s: masked MAE = %v, want %v", c.reduction, l.Item(), c.want)
		}
	}
	none, _ := tensor.FromBool([]bool{false, false, false}, 3)
	yp.SetMask(none)
	mae, _ := NewMeanAbsoluteError()
	if l, err := mae.Call(yt, yp, nil); err != nil || l.Item() != 0 {
		t.Errorf("all masked: loss %v, %v; want 0 (divide_no_nan)", l, err)
	}
}
