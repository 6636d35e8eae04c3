package activations

import (
	"encoding/json"
	"math"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/gokeras/keras/autodiff"
	"github.com/gokeras/keras/internal/gradcheck"
	"github.com/gokeras/keras/ops"
	"github.com/gokeras/keras/tensor"
)

// kerasNames is ALL_OBJECTS_DICT of keras/src/activations/__init__.py.
var kerasNames = []string{
	"relu", "leaky_relu", "relu6", "softmax", "celu", "elu", "selu", "softplus",
	"softsign", "squareplus", "soft_shrink", "sparse_plus", "silu", "gelu", "glu",
	"tanh", "tanh_shrink", "threshold", "sigmoid", "sparse_sigmoid", "exponential",
	"hard_sigmoid", "hard_silu", "hard_tanh", "hard_shrink", "linear", "mish",
	"log_softmax", "log_sigmoid", "sparsemax", "swish", "hard_swish",
}

// goldenActivations maps golden names to activations under test.
var goldenActivations = map[string]Activation{
	"relu":                must(Get("relu")),
	"relu6":               must(Get("relu6")),
	"sigmoid":             must(Get("sigmoid")),
	"softplus":            must(Get("softplus")),
	"softsign":            must(Get("softsign")),
	"silu":                must(Get("swish")),
	"gelu_exact":          must(Get("gelu")),
	"gelu_tanh":           Gelu(true),
	"elu":                 must(Get("elu")),
	"elu_alpha0.5":        Elu(0.5),
	"selu":                must(Get("selu")),
	"celu":                must(Get("celu")),
	"celu_alpha2":         Celu(2),
	"leaky_relu_0.2":      must(Get("leaky_relu")),
	"hard_sigmoid":        must(Get("hard_sigmoid")),
	"hard_silu":           must(Get("hard_swish")),
	"log_sigmoid":         must(Get("log_sigmoid")),
	"mish":                must(Get("mish")),
	"tanh_shrink":         must(Get("tanh_shrink")),
	"hard_tanh":           must(Get("hard_tanh")),
	"soft_shrink":         must(Get("soft_shrink")),
	"hard_shrink":         must(Get("hard_shrink")),
	"threshold_0.3_-2":    Threshold(0.3, -2),
	"sparse_plus":         must(Get("sparse_plus")),
	"sparse_sigmoid":      must(Get("sparse_sigmoid")),
	"squareplus_4":        must(Get("squareplus")),
	"squareplus_1":        Squareplus(1),
	"tanh":                must(Get("tanh")),
	"exponential":         must(Get("exponential")),
	"relu_slope0.5":       Relu(0.5, math.Inf(1), 0),
	"relu_max5":           Relu(0, 5, 0),
	"relu_max6":           Relu(0, 6, 0),
	"relu_threshold5":     Relu(0, math.Inf(1), 5),
	"relu_0.1_4_1":        Relu(0.1, 4, 1),
	"relu_0.1_none_-1":    Relu(0.1, math.Inf(1), -1),
	"hard_sigmoid_keras2": must(Legacy("hard_sigmoid")),
}

func must(a Activation, err error) Activation {
	if err != nil {
		panic(err)
	}
	return a
}

func close32(got float32, want float64) bool {
	return math.Abs(float64(got)-want) <= 1e-5*math.Max(math.Abs(want), 0.1)
}

func TestGoldens(t *testing.T) {
	b, err := os.ReadFile("testdata/activations.json")
	if err != nil {
		t.Fatal(err)
	}
	var g struct {
		Elementwise map[string]struct{ X, Y, Grad []float64 }
		Softmax     map[string]struct {
			Shape []int
			Axis  int
			X, Y  []float64
		}
	}
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatal(err)
	}
	for name, a := range goldenActivations {
		t.Run(name, func(t *testing.T) {
			c, ok := g.Elementwise[name]
			if !ok {
				t.Fatalf("no golden %s", name)
			}
			x := tensor.Zeros(len(c.X))
			for i, v := range c.X {
				x.Float32s()[i] = float32(v)
			}
			tensor.Track(x, true)
			y, err := a.Call(x)
			if err != nil {
				t.Fatal(err)
			}
			s, err := ops.Sum(y, nil, false)
			if err != nil {
				t.Fatal(err)
			}
			gr, err := autodiff.Gradients(s, []*tensor.Tensor{x})
			if err != nil {
				t.Fatal(err)
			}
			for i := range c.X {
				if !close32(y.Float32s()[i], c.Y[i]) {
					t.Errorf("%s(%g) = %g, want %g", name, c.X[i], y.Float32s()[i], c.Y[i])
				}
				if !close32(gr[0].Float32s()[i], c.Grad[i]) {
					t.Errorf("%s'(%g) = %g, want %g", name, c.X[i], gr[0].Float32s()[i], c.Grad[i])
				}
			}
		})
	}
	for name, c := range g.Softmax {
		t.Run(name, func(t *testing.T) {
			x := tensor.Zeros(c.Shape...)
			for i, v := range c.X {
				x.Float32s()[i] = float32(v)
			}
			a := Softmax(c.Axis)
			if strings.HasPrefix(name, "log_") {
				a = LogSoftmax(c.Axis)
			}
			y, err := a.Call(x)
			if err != nil {
				t.Fatal(err)
			}
			for i, want := range c.Y {
				if !close32(y.Float32s()[i], want) {
					t.Errorf("y[%d] = %g, want %g", i, y.Float32s()[i], want)
				}
			}
		})
	}
}

func TestGetEveryKerasName(t *testing.T) {
	for _, n := range kerasNames {
		a, err := Get(n)
		if err != nil {
			t.Errorf("Get(%q): %v", n, err)
			continue
		}
		want := map[string]string{"swish": "silu", "hard_swish": "hard_silu"}[n]
		if want == "" {
			want = n
		}
		if a.Name() != want {
			t.Errorf("Get(%q).Name() = %q, want %q", n, a.Name(), want)
		}
		if s := Serialize(a); s != want {
			t.Errorf("Serialize(Get(%q)) = %v, want %q", n, s, want)
		}
	}
	got := Names()
	if len(got) != len(kerasNames)+1 { // + hard_sigmoid_keras2
		t.Errorf("Names() has %d names, want %d: %v", len(got), len(kerasNames)+1, got)
	}
}

func TestGetNilAndLinear(t *testing.T) {
	for _, id := range []any{nil, "", "linear"} {
		a, err := Get(id)
		if err != nil || a != Linear {
			t.Errorf("Get(%#v) = %v, %v; want Linear", id, a, err)
		}
	}
	x := tensor.Zeros(2)
	y, _ := Linear.Call(x)
	if y != x {
		t.Error("linear does not return its input")
	}
}

func TestGetUnknown(t *testing.T) {
	_, err := Get("relux")
	if err == nil || !strings.Contains(err.Error(), "relux") || !strings.Contains(err.Error(), "hard_silu") {
		t.Fatalf("error %v should name the identifier and list valid names", err)
	}
	if _, err := Get(3); err == nil {
		t.Error("Get(3) succeeded")
	}
}

func TestGetDictForms(t *testing.T) {
	keras3 := map[string]any{"module": "keras.activations", "class_name": "function", "config": "gelu", "registered_name": "gelu"}
	a, err := Get(keras3)
	if err != nil || a.Name() != "gelu" {
		t.Fatalf("Get(keras 3 dict) = %v, %v", a, err)
	}
	for _, a := range []Activation{
		Relu(0.1, 4, 1), Relu(0, 5, 0), Relu(0.3, math.Inf(1), 0), Softmax(1), LogSoftmax(0), Gelu(true),
		Elu(0.5), Celu(2), LeakyRelu(0.1), SoftShrink(1), HardShrink(0.2), Squareplus(1),
		Threshold(0.3, -2), Glu(0), Sparsemax(1),
	} {
		s := Serialize(a)
		// Through JSON, as a model file would carry it.
		b, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		var back any
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatal(err)
		}
		a2, err := Get(back)
		if err != nil {
			t.Fatalf("Get(%s): %v", b, err)
		}
		b2, _ := json.Marshal(Serialize(a2))
		if string(b2) != string(b) {
			t.Errorf("round trip %s -> %s", b, b2)
		}
	}
	if _, err := Get(map[string]any{"class_name": "elu", "config": map[string]any{"beta": 1.0}}); err == nil {
		t.Error("unknown argument accepted")
	}
}

func TestSerializeDefaultsAreNames(t *testing.T) {
	cases := map[string]Activation{
		"relu": Relu(0, math.Inf(1), 0), "softmax": Softmax(-1), "gelu": Gelu(false),
		"elu": Elu(1), "leaky_relu": LeakyRelu(0.2), "squareplus": Squareplus(4),
	}
	for want, a := range cases {
		if s := Serialize(a); s != want {
			t.Errorf("Serialize = %v, want %q", s, want)
		}
	}
	if Serialize(nil) != "linear" {
		t.Error("Serialize(nil) != linear")
	}
}

func TestLegacyHardSigmoid(t *testing.T) {
	a, err := Legacy("hard_sigmoid")
	if err != nil {
		t.Fatal(err)
	}
	x, _ := tensor.FromFloat32([]float32{-3, -1, 0, 1, 3}, 5)
	y, _ := a.Call(x)
	want := []float32{0, 0.3, 0.5, 0.7, 1}
	for i, v := range y.Float32s() {
		if math.Abs(float64(v-want[i])) > 1e-6 {
			t.Fatalf("legacy hard_sigmoid = %v, want %v", y.Float32s(), want)
		}
	}
	b, _ := Legacy("relu")
	if b.Name() != "relu" {
		t.Errorf("Legacy(relu) = %v", b.Name())
	}
	c, _ := Get(Serialize(a))
	if c != HardSigmoidKeras2 {
		t.Error("hard_sigmoid_keras2 does not round-trip")
	}
}

func TestThresholdWithoutArgs(t *testing.T) {
	a, err := Get("threshold")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Call(tensor.Zeros(2)); err == nil {
		t.Error("threshold without arguments succeeded")
	}
}

func TestRegister(t *testing.T) {
	sq := New("my_square", ops.Square)
	if err := Register("my_square", sq); err != nil {
		t.Fatal(err)
	}
	if err := Register("relu", sq); err == nil {
		t.Error("re-registering relu succeeded")
	}
	a, err := Get(map[string]any{"class_name": "function", "config": "my_square", "registered_name": "my_square"})
	if err != nil || a != sq {
		t.Fatalf("Get custom = %v, %v", a, err)
	}
}

func TestReluGradcheck(t *testing.T) {
	pts := []float32{-4.1, -2.9, -1.7, -0.61, -0.37, 0.29, 0.53, 1.3, 2.2, 3.7, 4.6, 5.9, 6.4, 7.7}
	for _, a := range []Activation{Relu(0.1, 4, 1), Relu(0.2, 5, 0), Relu(0, 3, -1), Relu(0.1, math.Inf(1), -1), HardSigmoidKeras2} {
		x, _ := tensor.FromFloat32(append([]float32(nil), pts...), len(pts))
		if err := gradcheck.Check(func(in []*tensor.Tensor) (*tensor.Tensor, error) { return a.Call(in[0]) },
			[]*tensor.Tensor{x}, gradcheck.Options{Eps: 1e-3}); err != nil {
			t.Errorf("%v %v: %v", a.Name(), Serialize(a), err)
		}
	}
}

func TestKerasDocExamples(t *testing.T) {
	// keras.activations.relu docstring.
	x, _ := tensor.FromFloat32([]float32{-10, -5, 0, 5, 10}, 5)
	cases := []struct {
		a    Activation
		want []float32
	}{
		{Relu(0, math.Inf(1), 0), []float32{0, 0, 0, 5, 10}},
		{Relu(0.5, math.Inf(1), 0), []float32{-5, -2.5, 0, 5, 10}},
		{Relu(0, 5, 0), []float32{0, 0, 0, 5, 5}},
		{Relu(0, math.Inf(1), 5), []float32{0, 0, 0, 0, 10}},
	}
	for _, c := range cases {
		y, err := c.a.Call(x)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(y.Float32s(), c.want) {
			t.Errorf("%v: %v, want %v", Serialize(c.a), y.Float32s(), c.want)
		}
	}
}
