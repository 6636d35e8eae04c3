package layers

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/gokeras/keras/autodiff"
	"github.com/gokeras/keras/ops"
	"github.com/gokeras/keras/tensor"
)

type spatialInput struct {
	Shape []int
	Data  []float64
}

type spatialCase struct {
	Name     string
	Class    string
	Config   map[string]any
	Training bool
	Inputs   []spatialInput
	Weights  map[string][]float64
	Upstream []float64
	YShape   []int `json:"y_shape"`
	Y        []float64
	DInputs  [][]float64          `json:"dinputs"`
	DWeights map[string][]float64 `json:"dweights"`
	// BatchNormalization only.
	MovingInit   map[string][]float64 `json:"moving_init"`
	MovingAfter2 map[string][]float64 `json:"moving_after_2"`
}

func loadSpatialGolden(t *testing.T) []spatialCase {
	t.Helper()
	raw, err := os.ReadFile("testdata/spatial_golden.json")
	if err != nil {
		t.Fatal(err)
	}
	var g struct{ Cases []spatialCase }
	if err := json.Unmarshal(raw, &g); err != nil {
		t.Fatal(err)
	}
	return g.Cases
}

// setWeights copies named values into the layer's variables.
func setWeights(t *testing.T, l Layer, vals map[string][]float64) {
	t.Helper()
	for name, v := range vals {
		found := false
		for _, w := range l.Base().OwnVariables() {
			if w.Name() == name {
				copy(w.Value().Float32s(), f32s(v))
				found = true
			}
		}
		if !found {
			t.Fatalf("layer has no weight %q", name)
		}
	}
}

// TestSpatialGolden compares outputs and gradients of the pooling,
// normalization, reshaping and merging layers with PyTorch's
// (testdata/gen/spatial_gen.py).
func TestSpatialGolden(t *testing.T) {
	for _, c := range loadSpatialGolden(t) {
		t.Run(c.Name, func(t *testing.T) {
			cfg := map[string]any{}
			for k, v := range c.Config {
				cfg[k] = v
			}
			l, err := FromConfig(c.Class, cfg)
			if err != nil {
				t.Fatal(err)
			}
			var xs []*tensor.Tensor
			var shapes []tensor.Shape
			for _, in := range c.Inputs {
				x, err := tensor.FromFloat32(f32s(in.Data), in.Shape...)
				if err != nil {
					t.Fatal(err)
				}
				xs = append(xs, tensor.Track(x, true))
				s := tensor.Shape(in.Shape).Clone()
				s[0] = -1
				shapes = append(shapes, s)
			}
			if err := EnsureBuilt(l, shapes); err != nil {
				t.Fatal(err)
			}
			setWeights(t, l, c.Weights)
			setWeights(t, l, c.MovingInit)
			ctx := &Context{Training: c.Training}
			out, err := CallLayer(ctx, l, xs)
			if err != nil {
				t.Fatal(err)
			}
			y := out[0]
			if !y.Shape().Equal(c.YShape) {
				t.Fatalf("output shape %v, want %v", y.Shape(), tensor.Shape(c.YShape))
			}
			syms, err := l.ComputeOutputShape(shapes)
			if err != nil {
				t.Fatal(err)
			}
			if want := append(tensor.Shape{-1}, c.YShape[1:]...); !syms[0].Equal(want) {
				t.Fatalf("ComputeOutputShape %v, want %v", syms[0], want)
			}
			closeTo(t, "y", y.Float32s(), c.Y, 1e-4)
			up, _ := tensor.FromFloat32(f32s(c.Upstream), c.YShape...)
			loss, err := ops.Multiply(y, up)
			if err != nil {
				t.Fatal(err)
			}
			wrt := append([]*tensor.Tensor(nil), xs...)
			var wnames []string
			for _, w := range l.Base().OwnVariables() {
				if _, ok := c.DWeights[w.Name()]; ok {
					wrt = append(wrt, w.Value())
					wnames = append(wnames, w.Name())
				}
			}
			grads, err := autodiff.Gradients(loss, wrt)
			if err != nil {
				t.Fatal(err)
			}
			for i := range xs {
				closeTo(t, "dx", grads[i].Float32s(), c.DInputs[i], 1e-4)
			}
			for i, n := range wnames {
				closeTo(t, "d"+n, grads[len(xs)+i].Float32s(), c.DWeights[n], 1e-4)
			}
			if c.MovingAfter2 != nil && c.Training {
				if len(ctx.Updates) != 1 {
					t.Fatalf("%d updates, want 1", len(ctx.Updates))
				}
				if _, err := CallLayer(&Context{Training: true}, l, xs); err != nil {
					t.Fatal(err)
				}
				bn := l.(*BatchNormalization)
				closeTo(t, "moving_mean", bn.MovingMean.Value().Float32s(), c.MovingAfter2["moving_mean"], 1e-5)
				closeTo(t, "moving_variance", bn.MovingVar.Value().Float32s(), c.MovingAfter2["moving_variance"], 1e-5)
			}
			// Config round trip.
			l2, err := FromConfig(c.Class, l.GetConfig())
			if err != nil {
				t.Fatalf("FromConfig(GetConfig()): %v", err)
			}
			if got, want := jsonOf(t, l2.GetConfig()), jsonOf(t, l.GetConfig()); got != want {
				t.Fatalf("config round trip:\n got %s\nwant %s", got, want)
			}
		})
	}
}

func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
