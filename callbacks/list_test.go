package callbacks

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/gokeras/keras/utils"
)

// recorder logs every hook call as "Hook(i) keys".
type recorder struct {
	Base
	calls []string
	add   string // key added to logs in OnEpochEnd
	fail  string // hook name that returns an error
}

func (r *recorder) rec(hook string, logs Logs) error {
	keys := orderedKeys(nil, r.keyOrder, logs)
	r.calls = append(r.calls, hook+" "+strings.Join(keys, ","))
	if hook == r.fail {
		return errors.New("boom")
	}
	return nil
}

func (r *recorder) OnTrainBegin(l Logs) error           { return r.rec("TrainBegin", l) }
func (r *recorder) OnTrainEnd(l Logs) error             { return r.rec("TrainEnd", l) }
func (r *recorder) OnEpochBegin(_ int, l Logs) error    { return r.rec("EpochBegin", l) }
func (r *recorder) OnTrainBatchEnd(_ int, l Logs) error { return r.rec("TrainBatchEnd", l) }
func (r *recorder) OnTestBegin(l Logs) error            { return r.rec("TestBegin", l) }
func (r *recorder) OnTestEnd(l Logs) error              { return r.rec("TestEnd", l) }
func (r *recorder) OnPredictBegin(l Logs) error         { return r.rec("PredictBegin", l) }
func (r *recorder) OnPredictEnd(l Logs) error           { return r.rec("PredictEnd", l) }
func (r *recorder) OnEpochEnd(_ int, l Logs) error {
	if r.add != "" {
		l[r.add] = 1
	}
	return r.rec("EpochEnd", l)
}

func TestListDefaultsAndDedup(t *testing.T) {
	h, p := NewHistory(), NewProgbarLogger()
	cases := []struct {
		name         string
		cbs          []Callback
		hist, pbar   bool
		wantLen      int
		wantSameHist bool
	}{
		{"none", nil, false, false, 0, false},
		{"adds both", nil, true, true, 2, false},
		{"keeps given", []Callback{h, p}, true, true, 2, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l := NewList(c.cbs, c.hist, c.pbar, newFakeModel(1), Params{Epochs: 3, Steps: 7, Verbose: 2})
			if got := len(l.Callbacks()); got != c.wantLen {
				t.Fatalf("%d callbacks, want %d", got, c.wantLen)
			}
			if c.wantSameHist && (l.History() != h || l.ProgbarLogger() != p) {
				t.Error("List did not reuse the given History/ProgbarLogger")
			}
			if c.hist && l.History().Params() != (Params{Epochs: 3, Steps: 7, Verbose: 2}) {
				t.Errorf("params not set: %+v", l.History().Params())
			}
			if c.hist && l.History().Model() == nil {
				t.Error("model not set")
			}
		})
	}
}

func TestListKeyOrderAndCopy(t *testing.T) {
	a := &recorder{add: "learning_rate"}
	b := &recorder{}
	l := NewList([]Callback{a, b}, false, false, nil, Params{})
	logs := Logs{"val_loss": 1, "loss": 2, "accuracy": 3}
	must(t, l.OnEpochEnd(0, logs))
	if _, ok := logs["learning_rate"]; ok {
		t.Error("a callback's key leaked into the caller's logs")
	}
	want := "EpochEnd accuracy,loss,val_loss,learning_rate"
	if b.calls[0] != want {
		t.Errorf("second callback saw %q, want %q", b.calls[0], want)
	}
	must(t, l.OnTrainBegin(nil))
	if b.calls[1] != "TrainBegin " {
		t.Errorf("nil logs gave %q", b.calls[1])
	}
}

func TestListStopsAtFirstError(t *testing.T) {
	a := &recorder{fail: "EpochBegin"}
	b := &recorder{}
	l := NewList([]Callback{a, b}, false, false, nil, Params{})
	err := l.OnEpochBegin(0, nil)
	if err == nil || !strings.Contains(err.Error(), "*callbacks.recorder.OnEpochBegin: boom") {
		t.Fatalf("error = %v", err)
	}
	if len(b.calls) != 0 {
		t.Error("the callback after the failing one was called")
	}
}

func TestListUnbalancedEnd(t *testing.T) {
	l := NewList(nil, false, false, nil, Params{})
	must(t, l.OnTestBegin(nil))
	must(t, l.OnTestEnd(nil))
	if err := l.OnTrainEnd(nil); !errors.Is(err, errUnbalanced) {
		t.Errorf("end without begin: %v", err)
	}
	must(t, l.OnPredictBegin(nil))
	must(t, l.OnPredictEnd(nil))
}

func TestListBatchHooksDoNotAllocate(t *testing.T) {
	var out bytes.Buffer
	pl := NewProgbarLogger()
	pl.Writer, pl.Display = &out, utils.ProgbarDisplayDynamic
	l := NewList([]Callback{NewTerminateOnNaN(), pl}, true, true, newFakeModel(1), Params{Epochs: 1, Steps: 100000, Verbose: 1})
	must(t, l.OnTrainBegin(nil))
	must(t, l.OnEpochBegin(0, nil))
	logs := Logs{"loss": 0.5, "accuracy": 0.25}
	b := 0
	allocs := testing.AllocsPerRun(100, func() {
		out.Reset()
		_ = l.OnTrainBatchBegin(b, logs)
		_ = l.OnTrainBatchEnd(b, logs)
		b++
	})
	if allocs != 0 {
		t.Errorf("%v allocations per batch", allocs)
	}
}

func TestListFitOrder(t *testing.T) {
	r := &recorder{}
	l := NewList([]Callback{r}, true, false, newFakeModel(1), Params{Epochs: 1, Steps: 1})
	must(t, l.OnTrainBegin(nil))
	must(t, l.OnEpochBegin(0, nil))
	must(t, l.OnTrainBatchEnd(0, Logs{"loss": 1}))
	must(t, l.OnTestBegin(nil))
	must(t, l.OnTestEnd(Logs{"loss": 2}))
	must(t, l.OnEpochEnd(0, Logs{"loss": 1, "val_loss": 2}))
	must(t, l.OnTrainEnd(Logs{"loss": 1, "val_loss": 2}))
	want := []string{"TrainBegin ", "EpochBegin ", "TrainBatchEnd loss", "TestBegin ", "TestEnd loss",
		"EpochEnd loss,val_loss", "TrainEnd loss,val_loss"}
	if !slices.Equal(r.calls, want) {
		t.Errorf("calls %q, want %q", r.calls, want)
	}
	if h := l.History(); !slices.Equal(h.Epoch, []int{0}) || h.History["val_loss"][0] != 2 {
		t.Errorf("history %v %v", h.Epoch, h.History)
	}
}
