package layers

import (
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/gokeras/keras/autodiff"
	"github.com/gokeras/keras/ops"
	"github.com/gokeras/keras/random"
	"github.com/gokeras/keras/tensor"
)

type actGolden struct {
	Class    string
	Args     map[string]any
	X        []float64
	Upstream []float64
	Y        []float64
	Dx       []float64 `json:"dx"`
}

func loadGolden(t *testing.T, v any) {
	t.Helper()
	raw, err := os.ReadFile("testdata/layers_golden.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, v); err != nil {
		t.Fatal(err)
	}
}

// forwardBackward runs l on x and returns y and d(sum(y*up))/dx.
func forwardBackward(t *testing.T, l Layer, x, up *tensor.Tensor, extra ...*tensor.Tensor) (*tensor.Tensor, []*tensor.Tensor) {
	t.Helper()
	tensor.Track(x, true)
	out, err := CallLayer(&Context{}, l, []*tensor.Tensor{x})
	if err != nil {
		t.Fatal(err)
	}
	w, err := ops.Multiply(out[0], up)
	if err != nil {
		t.Fatal(err)
	}
	g, err := autodiff.Gradients(w, append([]*tensor.Tensor{x}, extra...))
	if err != nil {
		t.Fatal(err)
	}
	return out[0], g
}

func TestActivationLayersGolden(t *testing.T) {
	var g struct {
		ActivationLayers []actGolden `json:"activation_layers"`
	}
	loadGolden(t, &g)
	for _, c := range g.ActivationLayers {
		t.Run(c.Class, func(t *testing.T) {
			l, err := FromConfig(c.Class, c.Args)
			if err != nil {
				t.Fatal(err)
			}
			x, _ := tensor.FromFloat32(f32s(c.X), 3, 4)
			up, _ := tensor.FromFloat32(f32s(c.Upstream), 3, 4)
			y, grads := forwardBackward(t, l, x, up)
			closeTo(t, "y", y.Float32s(), c.Y, 1e-5)
			closeTo(t, "dx", grads[0].Float32s(), c.Dx, 1e-5)
		})
	}
}

func TestPReLUGolden(t *testing.T) {
	var g struct {
		PReLU struct {
			X, Alpha, Upstream, Y []float64
			Dx                    []float64 `json:"dx"`
			Dalpha                []float64 `json:"dalpha"`
		} `json:"prelu"`
	}
	loadGolden(t, &g)
	c := g.PReLU
	l := NewPReLU(With("shared_axes", []any{1}))
	if err := EnsureBuilt(l, []tensor.Shape{{-1, 3, 2}}); err != nil {
		t.Fatal(err)
	}
	if !l.Alpha.Shape().Equal(tensor.Shape{1, 2}) {
		t.Fatalf("alpha shape %v, want (1, 2)", l.Alpha.Shape())
	}
	copy(l.Alpha.Value().Float32s(), f32s(c.Alpha))
	x, _ := tensor.FromFloat32(f32s(c.X), 2, 3, 2)
	up, _ := tensor.FromFloat32(f32s(c.Upstream), 2, 3, 2)
	y, grads := forwardBackward(t, l, x, up, l.Alpha.Value())
	closeTo(t, "y", y.Float32s(), c.Y, 1e-5)
	closeTo(t, "dx", grads[0].Float32s(), c.Dx, 1e-5)
	closeTo(t, "dalpha", grads[1].Float32s(), c.Dalpha, 1e-5)
}

func TestShapeLayers(t *testing.T) {
	x := tensor.Zeros(2, 3, 4)
	cases := []struct {
		l    Layer
		want tensor.Shape
	}{
		{NewFlatten(), tensor.Shape{2, 12}},
		{NewReshape([]int{4, -1}), tensor.Shape{2, 4, 3}},
		{NewIdentity(), tensor.Shape{2, 3, 4}},
		{NewFlatten(With("data_format", "channels_first")), tensor.Shape{2, 12}},
	}
	for _, c := range cases {
		out, err := CallLayer(&Context{}, c.l, []*tensor.Tensor{x})
		if err != nil {
			t.Fatalf("%s: %v", c.l.Base().ClassName(), err)
		}
		if !out[0].Shape().Equal(c.want) {
			t.Errorf("%s: shape %v, want %v", c.l.Base().ClassName(), out[0].Shape(), c.want)
		}
		sym, err := c.l.ComputeOutputShape([]tensor.Shape{{-1, 3, 4}})
		if err != nil || sym[0][0] != -1 || !sym[0][1:].Equal(c.want[1:]) {
			t.Errorf("%s: symbolic shape %v (%v)", c.l.Base().ClassName(), sym, err)
		}
	}
	if _, err := NewReshape([]int{5, -1}).ComputeOutputShape([]tensor.Shape{{-1, 3, 4}}); err == nil ||
		!strings.Contains(err.Error(), "total size of the new array must be unchanged") {
		t.Errorf("reshape to an incompatible shape: %v", err)
	}
}

func TestFlattenChannelsFirstOrder(t *testing.T) {
	// (1, 2 channels, 2) channels_first flattens as channels_last would: c fastest.
	x, _ := tensor.FromFloat32([]float32{1, 2, 3, 4}, 1, 2, 2)
	out, err := CallLayer(&Context{}, NewFlatten(With("data_format", "channels_first")), []*tensor.Tensor{x})
	if err != nil {
		t.Fatal(err)
	}
	if got := out[0].Float32s(); !reflect.DeepEqual(got, []float32{1, 3, 2, 4}) {
		t.Errorf("got %v, want [1 3 2 4]", got)
	}
}

func TestDropout(t *testing.T) {
	random.SetSeed(3)
	d := NewDropout(0.5)
	x := tensor.Zeros(1000)
	x.Fill(1)
	out, err := CallLayer(&Context{Training: false}, d, []*tensor.Tensor{x})
	if err != nil || out[0] != x {
		t.Fatalf("inference: want the input unchanged, got %v %v", out, err)
	}
	out, err = CallLayer(&Context{Training: true}, d, []*tensor.Tensor{x})
	if err != nil {
		t.Fatal(err)
	}
	zeros, sum := 0, float32(0)
	for _, v := range out[0].Float32s() {
		if v == 0 {
			zeros++
		} else if v != 2 {
			t.Fatalf("kept value %v, want 2 (scaled by 1/(1-rate))", v)
		}
		sum += v
	}
	if zeros < 400 || zeros > 600 {
		t.Errorf("%d of 1000 dropped at rate 0.5", zeros)
	}
	if NewDropout(1.5).Err() == nil {
		t.Error("rate 1.5 should be rejected")
	}
}

func TestConfigRoundTrip(t *testing.T) {
	ls := []Layer{
		NewDense(5, WithActivation("tanh"), WithUseBias(false), WithKernelInitializer("he_normal"), WithKernelRegularizer("l2"), WithName("d")),
		NewFlatten(), NewActivation("gelu"), NewDropout(0.25, With("seed", 3)), NewReshape([]int{2, -1}),
		NewIdentity(), NewReLU(With("max_value", 6.0)), NewLeakyReLU(), NewELU(With("alpha", 0.5)),
		NewPReLU(), NewSoftmax(With("axis", 1)), NewInputLayer([]int{3, 4}),
	}
	for _, l := range ls {
		name := l.Base().ClassName()
		t.Run(name, func(t *testing.T) {
			cfg := l.GetConfig()
			raw, err := json.Marshal(cfg)
			if err != nil {
				t.Fatal(err)
			}
			var back map[string]any
			if err := json.Unmarshal(raw, &back); err != nil {
				t.Fatal(err)
			}
			l2, err := FromConfig(name, back)
			if err != nil {
				t.Fatal(err)
			}
			raw2, _ := json.Marshal(l2.GetConfig())
			if string(raw) != string(raw2) {
				t.Errorf("config changed in the round trip:\n%s\n%s", raw, raw2)
			}
		})
	}
	if _, err := FromConfig("Nope", nil); err == nil || !strings.Contains(err.Error(), `unknown layer class "Nope"`) {
		t.Errorf("unknown class: %v", err)
	}
}

func TestSnakeCaseAndNames(t *testing.T) {
	for in, want := range map[string]string{
		"Dense": "dense", "Conv2D": "conv2d", "BatchNormalization": "batch_normalization",
		"PReLU": "p_re_lu", "LSTM": "lstm", "GlobalAveragePooling2D": "global_average_pooling2d",
		"InputLayer": "input_layer", "ReLU": "re_lu",
	} {
		if got := SnakeCase(in); got != want {
			t.Errorf("SnakeCase(%q) = %q, want %q", in, got, want)
		}
	}
	ResetNames()
	a, b := NewDense(1), NewDense(1)
	if a.Name() != "dense" || b.Name() != "dense_1" {
		t.Errorf("names %q %q, want dense dense_1", a.Name(), b.Name())
	}
}

func TestTrainableFlags(t *testing.T) {
	d := NewDense(2)
	if err := EnsureBuilt(d, []tensor.Shape{{-1, 3}}); err != nil {
		t.Fatal(err)
	}
	if n := len(TrainableWeights(d)); n != 2 {
		t.Fatalf("%d trainable weights, want 2", n)
	}
	d.SetTrainable(false)
	if n := len(TrainableWeights(d)); n != 0 {
		t.Errorf("frozen layer has %d trainable weights", n)
	}
	if n := len(Weights(d)); n != 2 || CountParams(d) != 8 {
		t.Errorf("weights %d params %d, want 2 and 8", n, CountParams(d))
	}
}
