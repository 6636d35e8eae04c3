package keras

import (
	"bytes"
	"strings"
	"testing"

	"github.com/gokeras/keras/autodiff"
	"github.com/gokeras/keras/callbacks"
	"github.com/gokeras/keras/layers"
	"github.com/gokeras/keras/losses"
	"github.com/gokeras/keras/ops"
	"github.com/gokeras/keras/optimizers"
	"github.com/gokeras/keras/tensor"
	"github.com/gokeras/keras/utils"
)

// sliceDataset serves fixed batches of an in-memory array.
type sliceDataset struct {
	x, y   *tensor.Tensor
	batch  int
	epochs int
}

func (d *sliceDataset) Len() int { return (d.x.Dim(0) + d.batch - 1) / d.batch }

func (d *sliceDataset) Batch(i int) ([]*tensor.Tensor, []*tensor.Tensor, *tensor.Tensor, error) {
	lo, hi := i*d.batch, min((i+1)*d.batch, d.x.Dim(0))
	return []*tensor.Tensor{sliceRows(d.x, lo, hi)}, []*tensor.Tensor{sliceRows(d.y, lo, hi)}, nil, nil
}

func (d *sliceDataset) OnEpochEnd() { d.epochs++ }

func TestFitDatasetMatchesArrays(t *testing.T) {
	x, y := blobs(96, 7)
	run := func(useDS bool) ([]float64, int) {
		ClearSession()
		seedAll(5)
		m := smallModel(t)
		ds := &sliceDataset{x: x, y: y, batch: 32}
		var h *History
		var err error
		if useDS {
			h, err = m.Fit(ds, nil, Epochs(3), Verbose(0))
		} else {
			h, err = m.Fit(x, y, Epochs(3), Verbose(0), Shuffle(false))
		}
		if err != nil {
			t.Fatal(err)
		}
		return h.History["loss"], ds.epochs
	}
	a, n := run(true)
	b, _ := run(false)
	if n != 3 {
		t.Errorf("OnEpochEnd called %d times, want 3", n)
	}
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("dataset losses %v, arrays %v", a, b)
		}
	}
}

func TestEarlyStoppingStopsFit(t *testing.T) {
	x, y := blobs(64, 8)
	m := smallModel(t)
	es := callbacks.NewEarlyStopping()
	es.Monitor = "loss"
	es.Patience = 0
	es.MinDelta = 100 // nothing counts as an improvement
	h, err := m.Fit(x, y, Epochs(10), Verbose(0), Callbacks(es))
	if err != nil {
		t.Fatal(err)
	}
	if n := len(h.History["loss"]); n != 2 {
		t.Errorf("trained %d epochs, want 2 (first epoch sets the best, second does not improve)", n)
	}
}

func TestClassAndSampleWeights(t *testing.T) {
	x, y := blobs(30, 9)
	m := smallModel(t)
	base, err := m.Evaluate(x, y, Verbose(0))
	if err != nil {
		t.Fatal(err)
	}
	ones := tensor.Zeros(30)
	ones.Fill(1)
	w, err := m.Evaluate(x, y, Verbose(0), SampleWeight(ones))
	if err != nil {
		t.Fatal(err)
	}
	if diff := base[0] - w[0]; diff > 1e-6 || diff < -1e-6 {
		t.Errorf("unit sample weights changed the loss: %v vs %v", base[0], w[0])
	}
	if _, err := m.Fit(x, y, Epochs(1), Verbose(0), ClassWeight(map[int]float64{0: 1, 1: 2, 2: 0.5})); err != nil {
		t.Fatal(err)
	}
}

func TestProgressOutput(t *testing.T) {
	x, y := blobs(64, 10)
	m := smallModel(t)
	var buf bytes.Buffer
	if _, err := m.Fit(x, y, Epochs(2), Output(&buf)); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{"Epoch 1/2", "Epoch 2/2", "2/2", "accuracy: ", "loss: "} {
		if !strings.Contains(out, want) {
			t.Errorf("progress output lacks %q:\n%s", want, out)
		}
	}
	buf.Reset()
	if _, err := m.Fit(x, y, Epochs(1), Verbose(2), Output(&buf)); err != nil {
		t.Fatal(err)
	}
	if strings.Count(buf.String(), "\n") != 1 {
		t.Errorf("verbose=2 should print one line per epoch, got %q", buf.String())
	}
}

func seedAll(seed uint64) { utils.SetRandomSeed(seed) }

func TestFrozenLayerIsNotTrained(t *testing.T) {
	x, y := blobs(64, 11)
	ClearSession()
	first := layers.NewDense(8, layers.WithActivation("relu"))
	m, err := NewSequential(layers.NewInputLayer([]int{4}), first, layers.NewDense(3, layers.WithActivation("softmax")))
	if err != nil {
		t.Fatal(err)
	}
	first.SetTrainable(false)
	if err := m.Compile("adam", "sparse_categorical_crossentropy"); err != nil {
		t.Fatal(err)
	}
	before := first.Kernel.Value().Clone()
	last := m.Layers()[1].Base().OwnVariables()[0].Value().Clone()
	if _, err := m.Fit(x, y, Epochs(2), Verbose(0)); err != nil {
		t.Fatal(err)
	}
	for i, v := range first.Kernel.Value().Float32s() {
		if v != before.Float32s()[i] {
			t.Fatal("a frozen layer's kernel changed during Fit")
		}
	}
	changed := false
	for i, v := range m.Layers()[1].Base().OwnVariables()[0].Value().Float32s() {
		changed = changed || v != last.Float32s()[i]
	}
	if !changed {
		t.Error("the trainable layer did not change")
	}
	if n := len(m.TrainableWeights()); n != 2 {
		t.Errorf("%d trainable weights, want 2", n)
	}
}

// A custom training loop with GradientTape, as in Keras's "writing a
// training loop from scratch" guide.
func TestCustomTrainingLoop(t *testing.T) {
	x, y := blobs(96, 12)
	m := smallModel(t)
	loss, _ := losses.Get("sparse_categorical_crossentropy")
	opt, _ := optimizers.NewSGD(optimizers.LearningRate(0.1))
	vars := m.TrainableWeights()
	var first, last float64
	for step := 0; step < 30; step++ {
		tape := autodiff.NewGradientTape()
		l, err := tape.Run(func() (*tensor.Tensor, error) {
			out, err := m.Call(&layers.Context{Training: true}, []*tensor.Tensor{x})
			if err != nil {
				return nil, err
			}
			return loss.Call(y, out[0], nil)
		})
		if err != nil {
			t.Fatal(err)
		}
		grads, err := tape.Gradient(l, vars)
		if err != nil {
			t.Fatal(err)
		}
		if err := opt.Apply(grads, vars); err != nil {
			t.Fatal(err)
		}
		if step == 0 {
			first = l.Item()
		}
		last = l.Item()
	}
	if !(last < first*0.7) {
		t.Errorf("custom loop did not learn: loss %v -> %v", first, last)
	}
}

// composedLoss is a user loss written with ops on y_true: its one-hot
// encoding must be recomputed for every batch by the compiled step.
type composedLoss struct{}

func (composedLoss) Name() string              { return "composed" }
func (composedLoss) ClassName() string         { return "Composed" }
func (composedLoss) GetConfig() map[string]any { return nil }
func (composedLoss) Call(yTrue, yPred, _ *tensor.Tensor) (*tensor.Tensor, error) {
	oh, err := ops.OneHot(yTrue, yPred.Dim(-1))
	if err != nil {
		return nil, err
	}
	d, err := ops.Subtract(oh, yPred)
	if err != nil {
		return nil, err
	}
	sq, err := ops.Square(d)
	if err != nil {
		return nil, err
	}
	return ops.Mean(sq, nil, false)
}

func TestUserLossOnTargetsIsReplayed(t *testing.T) {
	x, y := blobs(64, 13)
	m := smallModel(t)
	if err := m.Compile("sgd", composedLoss{}); err != nil {
		t.Fatal(err)
	}
	// Batch 1 then batch 2 through the compiled step, against eager values.
	x1, y1 := sliceRows(x, 0, 32), sliceRows(y, 0, 32)
	x2, y2 := sliceRows(x, 32, 64), sliceRows(y, 32, 64)
	if _, err := m.TestOnBatch(x1, y1); err != nil {
		t.Fatal(err)
	}
	got, err := m.TestOnBatch(x2, y2)
	if err != nil {
		t.Fatal(err)
	}
	out, _ := m.Call(&layers.Context{}, []*tensor.Tensor{x2})
	want, _ := composedLoss{}.Call(y2, out[0], nil)
	if d := got[0] - want.Item(); d > 1e-6 || d < -1e-6 {
		t.Errorf("replayed loss %v, eager %v", got[0], want.Item())
	}
}

// Resuming mid-epoch from FitState with restored weights, optimizer state
// and random state ends with the weights of an uninterrupted run.
func TestResumeFitMidEpoch(t *testing.T) {
	x, y := blobs(96, 15)
	build := func() *Sequential {
		ClearSession()
		utils.SetRandomSeed(21)
		m, err := NewSequential(layers.NewInputLayer([]int{4}), layers.NewDense(8, layers.WithActivation("relu")),
			layers.NewDropout(0.3), layers.NewDense(3, layers.WithActivation("softmax")))
		if err != nil {
			t.Fatal(err)
		}
		if err := m.Compile("sgd", "sparse_categorical_crossentropy"); err != nil {
			t.Fatal(err)
		}
		return m
	}
	full := build()
	if _, err := full.Fit(x, y, Epochs(3), BatchSize(16), Verbose(0)); err != nil {
		t.Fatal(err)
	}
	// Interrupted run: stop after batch 2 of epoch 1, keep its state.
	part := build()
	stop := &callbacks.LambdaCallback{TrainBatchEnd: func(b int, _ callbacks.Logs) error {
		if part.FitState().Epoch == 1 && b == 2 {
			part.SetStopTraining(true)
		}
		return nil
	}}
	if _, err := part.Fit(x, y, Epochs(3), BatchSize(16), Verbose(0), Callbacks(stop)); err != nil {
		t.Fatal(err)
	}
	state, weights, rng := part.FitState(), part.GetWeights(), part.RandomState()
	optVars := part.Optimizer().Variables()
	// A fresh process: same model, restored state, Fit resumes.
	resumed := build()
	if err := resumed.SetWeights(weights); err != nil {
		t.Fatal(err)
	}
	restore := &callbacks.LambdaCallback{TrainBegin: func(callbacks.Logs) error {
		if err := resumed.Optimizer().Build(resumed.TrainableWeights()); err != nil {
			return err
		}
		for i, v := range resumed.Optimizer().Variables() {
			if err := v.Assign(optVars[i].Value()); err != nil {
				return err
			}
		}
		if err := resumed.SetRandomState(rng); err != nil {
			return err
		}
		return resumed.ResumeFit(state)
	}}
	if _, err := resumed.Fit(x, y, Epochs(3), BatchSize(16), Verbose(0), Callbacks(restore)); err != nil {
		t.Fatal(err)
	}
	a, b := full.GetWeights(), resumed.GetWeights()
	for i := range a {
		for j, v := range a[i].Float32s() {
			if v != b[i].Float32s()[j] {
				t.Fatalf("weight %d differs after resume: %v vs %v", i, v, b[i].Float32s()[j])
			}
		}
	}
}

func TestCallbacksSeeTheSequential(t *testing.T) {
	x, y := blobs(32, 16)
	m := smallModel(t)
	var seen callbacks.Model
	cb := &callbacks.LambdaCallback{TrainBegin: func(callbacks.Logs) error { return nil }}
	probe := &modelProbe{Callback: cb, got: &seen}
	if _, err := m.Fit(x, y, Verbose(0), Callbacks(probe)); err != nil {
		t.Fatal(err)
	}
	if _, ok := seen.(*Sequential); !ok {
		t.Errorf("callbacks got %T, want *Sequential", seen)
	}
}

type modelProbe struct {
	callbacks.Callback
	got *callbacks.Model
}

func (p *modelProbe) SetModel(m callbacks.Model) { *p.got = m; p.Callback.SetModel(m) }
