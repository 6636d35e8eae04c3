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

type ppCase struct {
	Name     string
	Cls      string
	Config   map[string]any
	Training bool
	XShape   []int `json:"x_shape"`
	X        []float64
	YShape   []int `json:"y_shape"`
	Y        []float64
	Upstream []float64
	Dx       []float64
}

func ppF32(v []float64) []float32 {
	out := make([]float32, len(v))
	for i, f := range v {
		out[i] = float32(f)
	}
	return out
}

func ppClose(t *testing.T, what string, got []float32, want []float64, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: got %d values, want %d", what, len(got), len(want))
	}
	for i := range want {
		if d := math.Abs(float64(got[i]) - want[i]); d > tol*math.Max(1, math.Abs(want[i])) {
			t.Fatalf("%s[%d] = %v, want %v (diff %g)", what, i, got[i], want[i], d)
		}
	}
}

// ppRun calls l on x and returns y and d(sum(y*up))/dx.
func ppRun(t *testing.T, l Layer, x *tensor.Tensor, up []float64, training bool) (*tensor.Tensor, *tensor.Tensor) {
	t.Helper()
	tensor.Track(x, true)
	out, err := CallLayer(&Context{Training: training}, l, []*tensor.Tensor{x})
	if err != nil {
		t.Fatal(err)
	}
	u, err := tensor.FromFloat32(ppF32(up), out[0].Shape()...)
	if err != nil {
		t.Fatal(err)
	}
	p, err := ops.Multiply(out[0], u)
	if err != nil {
		t.Fatal(err)
	}
	s, err := ops.Sum(p, nil, false)
	if err != nil {
		t.Fatal(err)
	}
	g, err := autodiff.Gradients(s, []*tensor.Tensor{x})
	if err != nil {
		t.Fatal(err)
	}
	return out[0], g[0]
}

// TestPreprocessingGolden compares the image layers' outputs and input
// gradients with testdata/gen/preprocessing_gen.py (PyTorch interpolate /
// grid_sample and explicit formulas of Keras's numpy backend).
func TestPreprocessingGolden(t *testing.T) {
	raw, err := os.ReadFile("testdata/preprocessing_golden.json")
	if err != nil {
		t.Fatal(err)
	}
	var g struct{ Cases []ppCase }
	if err := json.Unmarshal(raw, &g); err != nil {
		t.Fatal(err)
	}
	if len(g.Cases) < 30 {
		t.Fatalf("only %d golden cases", len(g.Cases))
	}
	for _, c := range g.Cases {
		t.Run(c.Name, func(t *testing.T) {
			l, err := FromConfig(c.Cls, c.Config)
			if err != nil {
				t.Fatal(err)
			}
			x, err := tensor.FromFloat32(ppF32(c.X), c.XShape...)
			if err != nil {
				t.Fatal(err)
			}
			y, dx := ppRun(t, l, x, c.Upstream, c.Training)
			if !y.Shape().Equal(tensor.Shape(c.YShape)) {
				t.Fatalf("shape %v, want %v", y.Shape(), c.YShape)
			}
			ppClose(t, "y", y.Float32s(), c.Y, 1e-4)
			ppClose(t, "dx", dx.Float32s(), c.Dx, 1e-4)
		})
	}
}
