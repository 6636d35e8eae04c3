package saving

import (
	"math"
	"path/filepath"
	"testing"

	"github.com/gokeras/keras"
	"github.com/gokeras/keras/layers"
	"github.com/gokeras/keras/tensor"
)

// ramp fills a tensor with EXPECTED_OUTPUTS.json's ramp rule.
func ramp(shape ...int) *tensor.Tensor {
	n := 1
	for _, d := range shape {
		n *= d
	}
	v := make([]float32, n)
	for i := range v {
		v[i] = float32(float64((i*37)%101)/100 - 0.3)
	}
	t, err := tensor.FromFloat32(v, shape...)
	if err != nil {
		panic(err)
	}
	return t
}

func predict(t *testing.T, m Model, x any) []*tensor.Tensor {
	t.Helper()
	out, err := m.Predict(x, keras.Verbose(0))
	if err != nil {
		t.Fatalf("predict: %v", err)
	}
	return out
}

func sameTensors(t *testing.T, what string, a, b []*tensor.Tensor) {
	t.Helper()
	if len(a) != len(b) {
		t.Fatalf("%s: %d vs %d tensors", what, len(a), len(b))
	}
	for i := range a {
		if !a[i].Shape().Equal(b[i].Shape()) {
			t.Fatalf("%s %d: shape %v vs %v", what, i, a[i].Shape(), b[i].Shape())
		}
		x, y := a[i].Float32s(), b[i].Float32s()
		for j := range x {
			if x[j] != y[j] && !(math.IsNaN(float64(x[j])) && math.IsNaN(float64(y[j]))) {
				t.Fatalf("%s %d: element %d: %v vs %v", what, i, j, x[j], y[j])
			}
		}
	}
}

// TestRoundTripOptimizerState trains, saves, loads and trains both models
// one more step: the losses and weights must agree exactly.
func TestRoundTripOptimizerState(t *testing.T) {
	for _, opt := range []string{"adam", "sgd", "rmsprop", "adagrad", "nadam"} {
		t.Run(opt, func(t *testing.T) {
			m, err := keras.NewSequential(layers.NewInputLayer([]int{4}),
				layers.NewDense(5, layers.WithActivation("relu")), layers.NewDense(2))
			if err != nil {
				t.Fatal(err)
			}
			if err := m.Compile(opt, "mse", "mae"); err != nil {
				t.Fatal(err)
			}
			x, y := ramp(8, 4), ramp(8, 2)
			for i := 0; i < 3; i++ {
				if _, err := m.TrainOnBatch(x, y); err != nil {
					t.Fatal(err)
				}
			}
			p := filepath.Join(t.TempDir(), "m.keras")
			if err := SaveModel(m, p); err != nil {
				t.Fatal(err)
			}
			m2, err := LoadModel(p)
			if err != nil {
				t.Fatal(err)
			}
			if m2.Optimizer() == nil || m2.Optimizer().Iterations() != 3 {
				t.Fatalf("loaded optimizer %v, want iterations 3", m2.Optimizer())
			}
			l1, err := m.TrainOnBatch(x, y)
			if err != nil {
				t.Fatal(err)
			}
			l2, err := m2.(*keras.Sequential).TrainOnBatch(x, y)
			if err != nil {
				t.Fatal(err)
			}
			if l1[0] != l2[0] {
				t.Errorf("next loss after loading %v, want %v", l2[0], l1[0])
			}
			w1, w2 := m.Weights(), m2.Weights()
			a, b := make([]*tensor.Tensor, len(w1)), make([]*tensor.Tensor, len(w2))
			for i := range w1 {
				a[i], b[i] = w1[i].Value(), w2[i].Value()
			}
			sameTensors(t, "weights after the next step", a, b)
		})
	}
}

// functionalModel has two inputs, a shared layer, a nested model and two
// outputs.
func functionalModel(t *testing.T) *keras.Model {
	t.Helper()
	ia := keras.Input([]int{3}, layers.WithName("in_a"))
	ib := keras.Input([]int{3}, layers.WithName("in_b"))
	shared := layers.NewDense(4, layers.WithActivation("tanh"), layers.WithName("shared"))
	sa, sb := shared.Apply(ia), shared.Apply(ib)
	ni := keras.Input([]int{4})
	inner, err := keras.NewModel([]*layers.KerasTensor{ni}, []*layers.KerasTensor{layers.NewDense(2, layers.WithName("inner_dense")).Apply(ni)}, layers.WithName("inner"))
	if err != nil {
		t.Fatal(err)
	}
	oa := inner.Apply(sa)
	ob := layers.NewDense(1, layers.WithName("head_b")).Apply(sb)
	m, err := keras.NewModel([]*layers.KerasTensor{ia, ib}, []*layers.KerasTensor{oa, ob}, layers.WithName("two_towers"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestRoundTripFunctional(t *testing.T) {
	m := functionalModel(t)
	if err := m.Compile("adam", []any{"mse", "mae"}); err != nil {
		t.Fatal(err)
	}
	x := []*tensor.Tensor{ramp(2, 3), ramp(2, 3)}
	want := predict(t, m, x)
	js, err := ModelToJSON(m)
	if err != nil {
		t.Fatal(err)
	}
	m1, err := ModelFromJSON(js)
	if err != nil {
		t.Fatal(err)
	}
	js2, err := ModelToJSON(m1)
	if err != nil {
		t.Fatal(err)
	}
	if js2 != js {
		t.Errorf("config JSON changed by a round trip:\n%s\n%s", js, js2)
	}
	p := filepath.Join(t.TempDir(), "f.keras")
	if err := SaveModel(m, p); err != nil {
		t.Fatal(err)
	}
	m2, err := LoadModel(p)
	if err != nil {
		t.Fatal(err)
	}
	sameTensors(t, "prediction", want, predict(t, m2, x))
	// Weights-only round trip into the JSON-built model.
	wp := filepath.Join(t.TempDir(), "f.weights.h5")
	if err := SaveWeights(m, wp); err != nil {
		t.Fatal(err)
	}
	if err := LoadWeights(m1, wp, false); err != nil {
		t.Fatal(err)
	}
	sameTensors(t, "prediction after LoadWeights", want, predict(t, m1, x))
}
