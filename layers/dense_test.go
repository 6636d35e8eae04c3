package layers

import (
	"encoding/json"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/gokeras/keras/autodiff"
	"github.com/gokeras/keras/internal/gradcheck"
	"github.com/gokeras/keras/ops"
	"github.com/gokeras/keras/tensor"
)

type denseGolden struct {
	Activation                   string
	X, Kernel, Bias, Upstream, Y []float64
	Dx                           []float64 `json:"dx"`
	Dkernel                      []float64 `json:"dkernel"`
	Dbias                        []float64 `json:"dbias"`
}

func f32s(v []float64) []float32 {
	out := make([]float32, len(v))
	for i, x := range v {
		out[i] = float32(x)
	}
	return out
}

func closeTo(t *testing.T, what string, got []float32, want []float64, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, want %d", what, len(got), len(want))
	}
	for i := range got {
		d := math.Abs(float64(got[i]) - want[i])
		if d > tol*math.Max(1, math.Abs(want[i])) {
			t.Fatalf("%s[%d] = %v, want %v", what, i, got[i], want[i])
		}
	}
}

// TestDenseGolden compares Dense's output and gradients with PyTorch's
// (testdata/gen/layers_gen.py).
func TestDenseGolden(t *testing.T) {
	raw, err := os.ReadFile("testdata/layers_golden.json")
	if err != nil {
		t.Fatal(err)
	}
	var g struct{ Dense []denseGolden }
	if err := json.Unmarshal(raw, &g); err != nil {
		t.Fatal(err)
	}
	for _, c := range g.Dense {
		t.Run(c.Activation, func(t *testing.T) {
			d := NewDense(3, WithActivation(c.Activation))
			if err := EnsureBuilt(d, []tensor.Shape{{-1, 5}}); err != nil {
				t.Fatal(err)
			}
			copy(d.Kernel.Value().Float32s(), f32s(c.Kernel))
			copy(d.Bias.Value().Float32s(), f32s(c.Bias))
			x, _ := tensor.FromFloat32(f32s(c.X), 4, 5)
			tensor.Track(x, true)
			out, err := CallLayer(&Context{}, d, []*tensor.Tensor{x})
			if err != nil {
				t.Fatal(err)
			}
			closeTo(t, "y", out[0].Float32s(), c.Y, 1e-5)
			up, _ := tensor.FromFloat32(f32s(c.Upstream), 4, 3)
			w, _ := ops.Multiply(out[0], up)
			grads, err := autodiff.Gradients(w, []*tensor.Tensor{x, d.Kernel.Value(), d.Bias.Value()})
			if err != nil {
				t.Fatal(err)
			}
			closeTo(t, "dx", grads[0].Float32s(), c.Dx, 1e-5)
			closeTo(t, "dkernel", grads[1].Float32s(), c.Dkernel, 1e-5)
			closeTo(t, "dbias", grads[2].Float32s(), c.Dbias, 1e-5)
		})
	}
}

func TestDenseGradcheck(t *testing.T) {
	for _, act := range []string{"linear", "relu", "tanh"} {
		t.Run(act, func(t *testing.T) {
			d := NewDense(4, WithActivation(act))
			if err := EnsureBuilt(d, []tensor.Shape{{-1, 2, 3}}); err != nil {
				t.Fatal(err)
			}
			f := func(in []*tensor.Tensor) (*tensor.Tensor, error) {
				copy(d.Kernel.Value().Float32s(), in[1].Float32s())
				copy(d.Bias.Value().Float32s(), in[2].Float32s())
				op := &denseOp{rows: 6, in: 3, units: 4, relu: act == "relu"}
				y, err := tensor.Apply(op, tensor.Float32, tensor.Shape{2, 3, 4}, in...)
				if err != nil || act != "tanh" {
					return y, err
				}
				return d.Activation.Call(y)
			}
			in := []*tensor.Tensor{gradcheck.Random(1, -1, 1, 2, 3, 3), gradcheck.Random(2, -1, 1, 3, 4), gradcheck.Random(3, -1, 1, 4)}
			if err := gradcheck.Check(f, in, gradcheck.Options{}); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestDenseErrors(t *testing.T) {
	cases := []struct {
		name  string
		layer Layer
		shape tensor.Shape
		want  string
	}{
		{"rank 1", NewDense(3), tensor.Shape{-1}, "expected min_ndim=2"},
		{"bad units", NewDense(0), tensor.Shape{-1, 4}, "units=0"},
		{"unknown option", NewDense(3, With("unit", 2)), tensor.Shape{-1, 4}, "unrecognized keyword arguments passed to Dense: unit"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := EnsureBuilt(c.layer, []tensor.Shape{c.shape})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want it to mention %q", err, c.want)
			}
		})
	}
	d := NewDense(3)
	x := tensor.Zeros(2, 4)
	if _, err := CallLayer(&Context{}, d, []*tensor.Tensor{x}); err != nil {
		t.Fatal(err)
	}
	_, err := CallLayer(&Context{}, d, []*tensor.Tensor{tensor.Zeros(2, 5)})
	if err == nil || !strings.Contains(err.Error(), "expected axis -1 of input shape to have value 4, but received input with shape (2, 5)") {
		t.Fatalf("error %v", err)
	}
}
