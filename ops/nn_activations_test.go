package ops

import (
	"encoding/json"
	"math"
	"os"
	"testing"

	"github.com/gokeras/keras/autodiff"
	"github.com/gokeras/keras/internal/gradcheck"
	"github.com/gokeras/keras/tensor"
)

type unaryFn = func(x *tensor.Tensor) (*tensor.Tensor, error)

// activationFns maps the golden file's names to the functions under test.
var activationFns = map[string]unaryFn{
	"relu":           Relu,
	"relu6":          Relu6,
	"sigmoid":        Sigmoid,
	"softplus":       Softplus,
	"softsign":       Softsign,
	"silu":           Silu,
	"gelu_exact":     func(x *tensor.Tensor) (*tensor.Tensor, error) { return Gelu(x, false) },
	"gelu_tanh":      func(x *tensor.Tensor) (*tensor.Tensor, error) { return Gelu(x, true) },
	"elu":            func(x *tensor.Tensor) (*tensor.Tensor, error) { return Elu(x, 1) },
	"elu_alpha0.5":   func(x *tensor.Tensor) (*tensor.Tensor, error) { return Elu(x, 0.5) },
	"selu":           Selu,
	"celu":           func(x *tensor.Tensor) (*tensor.Tensor, error) { return Celu(x, 1) },
	"celu_alpha2":    func(x *tensor.Tensor) (*tensor.Tensor, error) { return Celu(x, 2) },
	"leaky_relu_0.2": func(x *tensor.Tensor) (*tensor.Tensor, error) { return LeakyRelu(x, 0.2) },
	"hard_sigmoid":   HardSigmoid,
	"hard_silu":      HardSilu,
	"log_sigmoid":    LogSigmoid,
	"mish":           Mish,
	"tanh_shrink":    TanhShrink,
	"hard_tanh":      HardTanh,
	"soft_shrink":    func(x *tensor.Tensor) (*tensor.Tensor, error) { return SoftShrink(x, 0.5) },
	"hard_shrink":    func(x *tensor.Tensor) (*tensor.Tensor, error) { return HardShrink(x, 0.5) },
	"threshold_0.3_-2": func(x *tensor.Tensor) (*tensor.Tensor, error) {
		return Threshold(x, 0.3, -2)
	},
	"sparse_plus":    SparsePlus,
	"sparse_sigmoid": SparseSigmoid,
	"squareplus_4":   func(x *tensor.Tensor) (*tensor.Tensor, error) { return Squareplus(x, 4) },
	"squareplus_1":   func(x *tensor.Tensor) (*tensor.Tensor, error) { return Squareplus(x, 1) },
	"tanh":           Tanh,
	"exponential":    Exp,
}

type elementwiseGolden struct {
	X, Y, Grad []float64
}

type axisGolden struct {
	RawShape   []int `json:"shape"`
	RawYShape  []int `json:"y_shape"`
	Axis       int
	X, Y, Grad []float64
}

func loadActivationGoldens(t *testing.T) (map[string]elementwiseGolden, map[string]axisGolden) {
	t.Helper()
	b, err := os.ReadFile("testdata/nn_activations.json")
	if err != nil {
		t.Fatal(err)
	}
	var g struct {
		Elementwise map[string]elementwiseGolden
		Axis        map[string]axisGolden
	}
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatal(err)
	}
	return g.Elementwise, g.Axis
}

func f32s(v []float64) []float32 {
	out := make([]float32, len(v))
	for i, x := range v {
		out[i] = float32(x)
	}
	return out
}

func closeTo(got float32, want, rel float64) bool {
	return math.Abs(float64(got)-want) <= rel*math.Max(math.Abs(want), 1e-1)
}

func TestActivationGoldens(t *testing.T) {
	golden, _ := loadActivationGoldens(t)
	for name, f := range activationFns {
		t.Run(name, func(t *testing.T) {
			g, ok := golden[name]
			if !ok {
				t.Fatalf("no golden for %s", name)
			}
			x, err := tensor.FromFloat32(f32s(g.X), len(g.X))
			if err != nil {
				t.Fatal(err)
			}
			tensor.Track(x, true)
			y, err := f(x)
			if err != nil {
				t.Fatal(err)
			}
			s, err := Sum(y, nil, false)
			if err != nil {
				t.Fatal(err)
			}
			grads, err := autodiff.Gradients(s, []*tensor.Tensor{x})
			if err != nil {
				t.Fatal(err)
			}
			for i := range g.X {
				if !closeTo(y.Float32s()[i], g.Y[i], 1e-5) {
					t.Errorf("%s(%g) = %g, want %g", name, g.X[i], y.Float32s()[i], g.Y[i])
				}
				if !closeTo(grads[0].Float32s()[i], g.Grad[i], 1e-5) {
					t.Errorf("%s'(%g) = %g, want %g", name, g.X[i], grads[0].Float32s()[i], g.Grad[i])
				}
			}
		})
	}
}

func TestActivationGradcheck(t *testing.T) {
	// Points away from every kink (0, ±0.3, ±0.5, ±1, ±3, 6) by more than
	// the finite-difference step.
	pts := []float32{-4.1, -2.9, -1.7, -0.93, -0.61, -0.37, -0.11, 0.07, 0.29, 0.53, 0.87, 1.3, 2.2, 3.7, 5.9}
	for name, f := range activationFns {
		t.Run(name, func(t *testing.T) {
			x, err := tensor.FromFloat32(append([]float32(nil), pts...), 3, 5)
			if err != nil {
				t.Fatal(err)
			}
			err = gradcheck.Check(func(in []*tensor.Tensor) (*tensor.Tensor, error) { return f(in[0]) },
				[]*tensor.Tensor{x}, gradcheck.Options{Eps: 1e-3})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestAxisActivationGoldens(t *testing.T) {
	_, golden := loadActivationGoldens(t)
	if len(golden) == 0 {
		t.Fatal("no axis goldens")
	}
	for name, g := range golden {
		t.Run(name, func(t *testing.T) {
			x, err := tensor.FromFloat32(f32s(g.X), g.RawShape...)
			if err != nil {
				t.Fatal(err)
			}
			tensor.Track(x, true)
			var y *tensor.Tensor
			if name[:3] == "glu" {
				y, err = Glu(x, g.Axis)
			} else {
				y, err = Sparsemax(x, g.Axis)
			}
			if err != nil {
				t.Fatal(err)
			}
			if !y.Shape().Equal(g.RawYShape) {
				t.Fatalf("shape %v, want %v", y.Shape(), g.RawYShape)
			}
			w := tensor.Zeros(y.Shape()...)
			for i := range w.Float32s() {
				w.Float32s()[i] = float32(math.Cos(float64(i)))
			}
			p, err := Multiply(y, w)
			if err != nil {
				t.Fatal(err)
			}
			s, err := Sum(p, nil, false)
			if err != nil {
				t.Fatal(err)
			}
			grads, err := autodiff.Gradients(s, []*tensor.Tensor{x})
			if err != nil {
				t.Fatal(err)
			}
			for i, want := range g.Y {
				if !closeTo(y.Float32s()[i], want, 1e-5) {
					t.Errorf("y[%d] = %g, want %g", i, y.Float32s()[i], want)
				}
			}
			for i, want := range g.Grad {
				if !closeTo(grads[0].Float32s()[i], want, 1e-5) {
					t.Errorf("grad[%d] = %g, want %g", i, grads[0].Float32s()[i], want)
				}
			}
		})
	}
}

func TestAxisActivationGradcheck(t *testing.T) {
	for _, axis := range []int{-1, 0, 1} {
		x := gradcheck.Random(uint64(axis+3), -2, 2, 2, 4, 6)
		if err := gradcheck.Check(func(in []*tensor.Tensor) (*tensor.Tensor, error) { return Glu(in[0], axis) },
			[]*tensor.Tensor{x}, gradcheck.Options{}); err != nil {
			t.Errorf("glu axis %d: %v", axis, err)
		}
		if err := gradcheck.Check(func(in []*tensor.Tensor) (*tensor.Tensor, error) { return Sparsemax(in[0], axis) },
			[]*tensor.Tensor{x}, gradcheck.Options{Eps: 1e-3}); err != nil {
			t.Errorf("sparsemax axis %d: %v", axis, err)
		}
	}
}

func TestSparsemaxKerasExamples(t *testing.T) {
	// keras/src/ops/nn_test.py test_sparsemax.
	x, _ := tensor.FromFloat32([]float32{-0.5, 0, 1, 2, 3}, 5)
	y, err := Sparsemax(x, -1)
	if err != nil {
		t.Fatal(err)
	}
	want := []float32{0, 0, 0, 0, 1}
	for i, v := range y.Float32s() {
		if v != want[i] {
			t.Fatalf("sparsemax = %v, want %v", y.Float32s(), want)
		}
	}
}

func TestActivationErrors(t *testing.T) {
	odd := tensor.Zeros(2, 3)
	if _, err := Glu(odd, -1); err == nil {
		t.Error("glu accepted an odd axis")
	}
	if _, err := Glu(odd, 2); err == nil {
		t.Error("glu accepted an out-of-range axis")
	}
	if _, err := Sparsemax(odd, -3); err == nil {
		t.Error("sparsemax accepted an out-of-range axis")
	}
	if _, err := Relu(nil); err == nil {
		t.Error("relu accepted nil")
	}
	if _, err := Glu(nil, 0); err == nil {
		t.Error("glu accepted nil")
	}
}

func TestActivationIntInput(t *testing.T) {
	x, _ := tensor.FromInt32([]int32{-2, 3}, 2)
	y, err := Relu6(x)
	if err != nil {
		t.Fatal(err)
	}
	if y.DType() != tensor.Float32 || y.Float32s()[0] != 0 || y.Float32s()[1] != 3 {
		t.Fatalf("relu6(int32) = %v", y)
	}
}

func TestSparsemaxReplayAllocationFree(t *testing.T) {
	x := gradcheck.Random(4, -2, 2, 8, 10)
	y := tensor.Zeros(8, 10)
	g := tensor.Zeros(8, 10)
	gx := tensor.Zeros(8, 10)
	op := &sparsemaxOp{axis: 1}
	in := []*tensor.Tensor{x}
	op.Forward(y, in) // sizes the scratch
	n := testing.AllocsPerRun(10, func() {
		op.Forward(y, in)
		op.Backward(g, y, in, []*tensor.Tensor{gx})
	})
	if n != 0 {
		t.Errorf("%v allocations per replay", n)
	}
}
