package layers

import (
	"encoding/json"
	"os"
	"slices"
	"testing"

	"github.com/gokeras/keras/autodiff"
	"github.com/gokeras/keras/ops"
	"github.com/gokeras/keras/tensor"
)

type convGoldenWeight struct {
	Shape       []int
	Value, Grad []float64
}

type convGolden struct {
	Name, Class string
	Config      map[string]any
	InputShape  []int `json:"input_shape"`
	OutputShape []int `json:"output_shape"`
	X, Upstream []float64
	Y, Dx       []float64
	Weights     map[string]convGoldenWeight
}

func loadConvGolden(t *testing.T) []convGolden {
	t.Helper()
	raw, err := os.ReadFile("testdata/conv_golden.json")
	if err != nil {
		t.Fatal(err)
	}
	var g struct{ Cases []convGolden }
	if err := json.Unmarshal(raw, &g); err != nil {
		t.Fatal(err)
	}
	return g.Cases
}

// TestConvGolden compares every convolution layer's output and its input,
// kernel and bias gradients with PyTorch's (testdata/gen/conv_gen.py), for
// strides, dilation, "same"/"causal" padding (even kernels included),
// groups, output_padding and channels_first. The layers are built with
// FromConfig from the Keras config in the file.
func TestConvGolden(t *testing.T) {
	for _, c := range loadConvGolden(t) {
		t.Run(c.Name, func(t *testing.T) {
			l, err := FromConfig(c.Class, c.Config)
			if err != nil {
				t.Fatal(err)
			}
			in := tensor.Shape(c.InputShape).Clone()
			in[0] = -1
			if err := EnsureBuilt(l, []tensor.Shape{in}); err != nil {
				t.Fatal(err)
			}
			vars := l.Base().OwnVariables()
			if len(vars) != len(c.Weights) {
				t.Fatalf("%d weights, want %d", len(vars), len(c.Weights))
			}
			for _, v := range vars {
				w, ok := c.Weights[v.Name()]
				if !ok || !slices.Equal(v.Shape(), tensor.Shape(w.Shape)) {
					t.Fatalf("weight %s %v, want %v", v.Name(), v.Shape(), w.Shape)
				}
				copy(v.Value().Float32s(), f32s(w.Value))
			}
			x, _ := tensor.FromFloat32(f32s(c.X), c.InputShape...)
			tensor.Track(x, true)
			out, err := CallLayer(&Context{}, l, []*tensor.Tensor{x})
			if err != nil {
				t.Fatal(err)
			}
			y := out[0]
			if !slices.Equal(y.Shape(), tensor.Shape(c.OutputShape)) {
				t.Fatalf("output shape %v, want %v", y.Shape(), c.OutputShape)
			}
			want, _ := l.ComputeOutputShape([]tensor.Shape{in})
			if want[0][1:].String() != y.Shape()[1:].String() {
				t.Errorf("ComputeOutputShape %v, output %v", want[0], y.Shape())
			}
			closeTo(t, "y", y.Float32s(), c.Y, 1e-4)
			up, _ := tensor.FromFloat32(f32s(c.Upstream), c.OutputShape...)
			loss, _ := ops.Multiply(y, up)
			wrt := []*tensor.Tensor{x}
			for _, v := range vars {
				wrt = append(wrt, v.Value())
			}
			grads, err := autodiff.Gradients(loss, wrt)
			if err != nil {
				t.Fatal(err)
			}
			closeTo(t, "dx", grads[0].Float32s(), c.Dx, 1e-4)
			for i, v := range vars {
				closeTo(t, "d"+v.Name(), grads[i+1].Float32s(), c.Weights[v.Name()].Grad, 1e-4)
			}
		})
	}
}
