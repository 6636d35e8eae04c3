package keras

import (
	"bytes"
	"strings"
	"testing"

	"github.com/gokeras/keras/callbacks"
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
