package keras

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/gokeras/keras/layers"
	"github.com/gokeras/keras/optimizers"
	"github.com/gokeras/keras/tensor"
	"github.com/gokeras/keras/utils"
)

func mnistMLP(t *testing.T) *Sequential {
	t.Helper()
	ClearSession()
	m, err := NewSequential(
		layers.NewFlatten(layers.WithInputShape(28, 28)),
		layers.NewDense(128, layers.WithActivation("relu")),
		layers.NewDense(10, layers.WithActivation("softmax")),
	)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// The expected table is Keras 3's output for this model with its default
// 80-column fallback (as printed in the keras.io examples).
const mnistSummary = `Model: "sequential"
┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓
┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃
┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩
│ flatten (Flatten)               │ (None, 784)            │             0 │
├─────────────────────────────────┼────────────────────────┼───────────────┤
│ dense (Dense)                   │ (None, 128)            │       100,480 │
├─────────────────────────────────┼────────────────────────┼───────────────┤
│ dense_1 (Dense)                 │ (None, 10)             │         1,290 │
└─────────────────────────────────┴────────────────────────┴───────────────┘
 Total params: 101,770 (397.54 KB)
 Trainable params: 101,770 (397.54 KB)
 Non-trainable params: 0 (0.00 B)
`

func TestSummaryMNIST(t *testing.T) {
	t.Setenv("COLUMNS", "")
	m := mnistMLP(t)
	var b strings.Builder
	if err := m.Summary(&b); err != nil {
		t.Fatal(err)
	}
	if b.String() != mnistSummary {
		t.Errorf("summary mismatch:\n%s\nwant:\n%s", b.String(), mnistSummary)
	}
	if n := m.CountParams(); n != 101770 {
		t.Errorf("CountParams = %d, want 101770", n)
	}
}

// blobs makes a separable 3-class problem.
func blobs(n int, seed uint64) (*tensor.Tensor, *tensor.Tensor) {
	r := rand.New(rand.NewPCG(seed, 1))
	x := tensor.Zeros(n, 4)
	y, _ := tensor.New(tensor.Int32, n)
	for i := 0; i < n; i++ {
		c := i % 3
		y.Int32s()[i] = int32(c)
		for j := 0; j < 4; j++ {
			x.Float32s()[i*4+j] = float32(r.NormFloat64()*0.3) + float32(c)*float32(j%2*2-1)
		}
	}
	return x, y
}

func smallModel(t *testing.T) *Sequential {
	t.Helper()
	m, err := NewSequential(
		layers.NewInputLayer([]int{4}),
		layers.NewDense(16, layers.WithActivation("relu")),
		layers.NewDense(3, layers.WithActivation("softmax")),
	)
	if err != nil {
		t.Fatal(err)
	}
	opt, err := optimizers.NewAdam(optimizers.LearningRate(0.02))
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Compile(opt, "sparse_categorical_crossentropy", "accuracy"); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestFitLearnsAndIsRepeatable(t *testing.T) {
	x, y := blobs(300, 1)
	run := func() []float64 {
		utils.SetRandomSeed(42)
		m := smallModel(t)
		h, err := m.Fit(x, y, Epochs(5), BatchSize(32), Verbose(0), ValidationSplit(0.2))
		if err != nil {
			t.Fatal(err)
		}
		return append(h.History["loss"], h.History["val_accuracy"]...)
	}
	a, b := run(), run()
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("same seed, different run: %v vs %v", a, b)
		}
	}
	if !(a[4] < a[0]) {
		t.Errorf("loss did not decrease: %v", a[:5])
	}
	if acc := a[len(a)-1]; acc < 0.9 {
		t.Errorf("val_accuracy %v, want >= 0.9", acc)
	}
}

func TestEvaluatePredict(t *testing.T) {
	x, y := blobs(100, 2)
	m := smallModel(t)
	if _, err := m.Fit(x, y, Epochs(3), Verbose(0)); err != nil {
		t.Fatal(err)
	}
	score, err := m.Evaluate(x, y, Verbose(0), BatchSize(7))
	if err != nil {
		t.Fatal(err)
	}
	if names := m.MetricsNames(); len(names) != 2 || names[1] != "accuracy" {
		t.Fatalf("MetricsNames = %v", names)
	}
	pred, err := m.Predict(x, Verbose(0), BatchSize(9))
	if err != nil {
		t.Fatal(err)
	}
	if !pred[0].Shape().Equal(tensor.Shape{100, 3}) {
		t.Fatalf("predict shape %v", pred[0].Shape())
	}
	// Accuracy from the predictions equals the evaluated accuracy.
	correct := 0
	for i := 0; i < 100; i++ {
		row := pred[0].Float32s()[i*3 : i*3+3]
		best := 0
		for j := range row {
			if row[j] > row[best] {
				best = j
			}
		}
		if int32(best) == y.Int32s()[i] {
			correct++
		}
	}
	if got := float64(correct) / 100; math.Abs(got-score[1]) > 1e-9 {
		t.Errorf("accuracy from Predict %v, Evaluate %v", got, score[1])
	}
}

func TestTrainOnBatchAllocatesNothing(t *testing.T) {
	x, y := blobs(32, 3)
	m := smallModel(t)
	if _, err := m.TrainOnBatch(x, y); err != nil {
		t.Fatal(err)
	}
	allocs := testing.AllocsPerRun(20, func() {
		if _, err := m.TrainOnBatch(x, y); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("TrainOnBatch allocates %v times per call at steady state", allocs)
	}
	if _, err := m.PredictOnBatch(x); err != nil {
		t.Fatal(err)
	}
	allocs = testing.AllocsPerRun(20, func() {
		if _, err := m.PredictOnBatch(x); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("PredictOnBatch allocates %v times per call at steady state", allocs)
	}
}

func TestErrors(t *testing.T) {
	x, y := blobs(10, 4)
	cases := []struct {
		name string
		run  func() error
		want string
	}{
		{"fit before compile", func() error {
			m, _ := NewSequential(layers.NewInputLayer([]int{4}), layers.NewDense(3))
			_, err := m.Fit(x, y, Verbose(0))
			return err
		}, "Compile"},
		{"wrong input shape", func() error {
			m := smallModel(t)
			bad := tensor.Zeros(10, 5)
			_, err := m.Fit(bad, y, Verbose(0))
			return err
		}, "expected shape=(None, 4), found shape=(10, 5)"},
		{"unknown optimizer", func() error {
			m, _ := NewSequential(layers.NewInputLayer([]int{4}), layers.NewDense(3))
			return m.Compile("adamm", "mse")
		}, "adamm"},
		{"unknown loss", func() error {
			m, _ := NewSequential(layers.NewInputLayer([]int{4}), layers.NewDense(3))
			return m.Compile("adam", "msee")
		}, "msee"},
		{"unknown activation", func() error {
			_, err := NewSequential(layers.NewInputLayer([]int{4}), layers.NewDense(3, layers.WithActivation("relux")))
			return err
		}, "relux"},
		{"unknown option", func() error {
			_, err := NewSequential(layers.NewInputLayer([]int{4}), layers.NewDense(3, layers.With("unitz", 3)))
			return err
		}, "unrecognized keyword arguments passed to Dense: unitz"},
		{"unknown optimizer, input shape unknown", func() error {
			m, _ := NewSequential(layers.NewDense(3))
			return m.Compile("nadamm", "mse")
		}, "nadamm"},
		{"label out of range", func() error {
			m := smallModel(t)
			bad, _ := tensor.FromInt32([]int32{0, 1, 2, 7, 0, 1, 2, 0, 1, 2}, 10)
			_, err := m.Fit(x, bad, Verbose(0))
			return err
		}, "7"},
		{"loss/output mismatch", func() error {
			m, _ := NewSequential(layers.NewInputLayer([]int{4}), layers.NewDense(3, layers.WithActivation("softmax")))
			_ = m.Compile("adam", "categorical_crossentropy")
			_, err := m.Fit(x, y, Verbose(0))
			return err
		}, "(10, 3)"},
		{"sample count mismatch", func() error {
			m := smallModel(t)
			_, err := m.Fit(x, tensor.Zeros(9), Verbose(0))
			return err
		}, "sizes 10 and 9"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.run()
			if err == nil {
				t.Fatalf("no error, want one mentioning %q", c.want)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q does not mention %q", err, c.want)
			}
		})
	}
}

func TestFunctionalMultiIO(t *testing.T) {
	ClearSession()
	a := Input([]int{4}, layers.WithName("a"))
	b := Input([]int{4}, layers.WithName("b"))
	shared := layers.NewDense(8, layers.WithActivation("relu"), layers.WithName("shared"))
	ha, hb := shared.Apply(a), shared.Apply(b)
	out1 := layers.NewDense(3, layers.WithActivation("softmax"), layers.WithName("cls")).Apply(ha)
	out2 := layers.NewDense(1, layers.WithName("reg")).Apply(hb)
	m, err := NewModel([]*layers.KerasTensor{a, b}, []*layers.KerasTensor{out1, out2})
	if err != nil {
		t.Fatal(err)
	}
	if got := len(m.Layers()); got != 5 {
		t.Fatalf("layers = %d, want 5 (2 inputs, shared, cls, reg)", got)
	}
	if err := m.Compile("sgd", map[string]any{"cls": "sparse_categorical_crossentropy", "reg": "mse"}, "accuracy"); err != nil {
		t.Fatal(err)
	}
	x, y := blobs(64, 5)
	yr := tensor.Zeros(64, 1)
	h, err := m.Fit([]*tensor.Tensor{x, x}, []*tensor.Tensor{y, yr}, Epochs(2), Verbose(0))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := h.History["cls_accuracy"]; !ok {
		t.Errorf("history keys %v lack cls_accuracy", h.History)
	}
	if _, err := m.GetLayer("nope"); err == nil {
		t.Error("GetLayer of a missing name should fail")
	}
}

func TestFeatureExtractionAndNestedModel(t *testing.T) {
	ClearSession()
	in := Input([]int{4})
	h := layers.NewDense(6, layers.WithActivation("relu"), layers.WithName("hidden")).Apply(in)
	out := layers.NewDense(3, layers.WithActivation("softmax")).Apply(h)
	base, err := NewModel([]*layers.KerasTensor{in}, []*layers.KerasTensor{out})
	if err != nil {
		t.Fatal(err)
	}
	hidden, err := base.GetLayer("hidden")
	if err != nil {
		t.Fatal(err)
	}
	feat, err := NewModel(base.Inputs(), []*layers.KerasTensor{hidden.Base().Output()})
	if err != nil {
		t.Fatal(err)
	}
	x, _ := blobs(5, 14)
	f, err := feat.Predict(x, Verbose(0))
	if err != nil {
		t.Fatal(err)
	}
	if !f[0].Shape().Equal(tensor.Shape{5, 6}) {
		t.Errorf("features shape %v, want (5, 6)", f[0].Shape())
	}
	// The base model used as a layer inside a bigger one shares its weights.
	in2 := Input([]int{4})
	y := layers.NewDense(1).Apply(base.Apply(in2))
	outer, err := NewModel([]*layers.KerasTensor{in2}, []*layers.KerasTensor{y})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := outer.CountParams(), base.CountParams()+4; got != want {
		t.Errorf("outer model has %d params, want %d", got, want)
	}
	if err := outer.Compile("adam", "mse"); err != nil {
		t.Fatal(err)
	}
	before := base.GetWeights()[0].Clone()
	if _, err := outer.Fit(x, tensor.Zeros(5, 1), Epochs(2), Verbose(0)); err != nil {
		t.Fatal(err)
	}
	if base.GetWeights()[0].Float32s()[0] == before.Float32s()[0] {
		t.Error("training the outer model did not update the nested model's weights")
	}
}
