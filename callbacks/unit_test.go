package callbacks

import (
	"bytes"
	"errors"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestPyFloat(t *testing.T) {
	cases := []struct {
		v    float64
		want string
	}{
		{0, "0.0"}, {1, "1.0"}, {-2.5, "-2.5"}, {0.30000000000000004, "0.30000000000000004"},
		{1e-4, "0.0001"}, {1e-5, "1e-05"}, {1.5e-7, "1.5e-07"}, {123456789, "123456789.0"},
		{1e16, "1e+16"}, {1.25e16, "1.25e+16"}, {9999999999999998, "9999999999999998.0"},
		{float64(float32(0.01)), "0.009999999776482582"},
		{math.NaN(), "nan"}, {math.Inf(1), "inf"}, {math.Inf(-1), "-inf"},
	}
	for _, c := range cases {
		if got := pyFloat(c.v); got != c.want {
			t.Errorf("pyFloat(%v) = %q, want %q", c.v, got, c.want)
		}
	}
}

func TestAutoModeDirection(t *testing.T) {
	cases := []struct {
		monitor  string
		dirs     map[string]bool // MetricDirectionModel answers
		wantLess bool
		wantErr  bool
	}{
		{"val_loss", nil, true, false},
		{"loss", nil, true, false},
		{"val_accuracy", nil, false, false},
		{"auc", nil, false, false},
		{"val_mean_squared_error", nil, true, false},
		{"val_dense_1_accuracy", nil, false, false},
		{"dense_1_loss", nil, true, false},
		{"val_custom", nil, false, true},
		{"val_custom", map[string]bool{"custom": true}, false, false},
		{"val_accuracy", map[string]bool{"accuracy": false}, true, false},
	}
	for _, c := range cases {
		t.Run(c.monitor, func(t *testing.T) {
			var m Model = newFakeModel(1)
			if c.dirs != nil {
				fm := newFakeModel(1)
				fm.dirs = c.dirs
				m = directionModel{fm}
			}
			var op monitorOp
			err := op.resolve("EarlyStopping", c.monitor, "auto", 0.5, m, nil)
			if (err != nil) != c.wantErr {
				t.Fatalf("err = %v", err)
			}
			if err != nil {
				return
			}
			if op.less != c.wantLess || (op.minDelta < 0) != c.wantLess {
				t.Errorf("less=%v minDelta=%v, want less=%v", op.less, op.minDelta, c.wantLess)
			}
		})
	}
}

func TestMonitorWarnings(t *testing.T) {
	var warns bytes.Buffer
	es := NewEarlyStopping()
	es.Mode, es.ErrWriter = "sideways", &warns
	es.SetModel(newFakeModel(1))
	must(t, es.OnTrainBegin(nil))
	must(t, es.OnEpochEnd(0, Logs{"loss": 1, "accuracy": 0.5}))
	want := "UserWarning: EarlyStopping mode 'sideways' is unknown, fallback to auto mode.\n" +
		"UserWarning: Early stopping conditioned on metric `val_loss` which is not available. " +
		"Available metrics are: accuracy,loss\n"
	if warns.String() != want {
		t.Errorf("warnings:\n%q\nwant\n%q", warns.String(), want)
	}
	warns.Reset()
	r := NewReduceLROnPlateau()
	r.ErrWriter = &warns
	r.SetModel(newFakeModel(1))
	must(t, r.OnTrainBegin(nil))
	must(t, r.OnEpochEnd(0, Logs{"loss": 1}))
	want = "UserWarning: Learning rate reduction is conditioned on metric `val_loss` which is not " +
		"available. Available metrics are: learning_rate,loss.\n"
	if warns.String() != want {
		t.Errorf("warnings:\n%q\nwant\n%q", warns.String(), want)
	}
}

func TestCallbackErrors(t *testing.T) {
	noOpt := newFakeModel(1)
	noOpt.opt = nil
	schedOpt := newFakeModel(1)
	schedOpt.opt = &fakeOptimizer{lr: 1, schedule: true}
	badSet := newFakeModel(1)
	badSet.setFail = errors.New("shape mismatch")
	cases := []struct {
		name string
		run  func() error
		want string
	}{
		{"factor", func() error {
			r := NewReduceLROnPlateau()
			r.Factor = 1
			return r.OnTrainBegin(nil)
		}, "ReduceLROnPlateau does not support a factor >= 1.0. Received factor=1.0"},
		{"no optimizer", func() error {
			r := NewReduceLROnPlateau()
			r.SetModel(noOpt)
			return r.OnEpochEnd(0, Logs{"val_loss": 1})
		}, "the model has no optimizer"},
		{"schedule not settable", func() error {
			r := NewReduceLROnPlateau()
			r.Patience = 0
			r.SetModel(schedOpt)
			_ = r.OnEpochEnd(0, Logs{"val_loss": 1})
			return r.OnEpochEnd(1, Logs{"val_loss": 1})
		}, "learning rate is a schedule"},
		{"scheduler no optimizer", func() error {
			s := NewLearningRateScheduler(func(int, float64) float64 { return 1 }, 0)
			s.SetModel(noOpt)
			return s.OnEpochBegin(0, nil)
		}, "no optimizer"},
		{"scheduler nil", func() error {
			s := NewLearningRateScheduler(nil, 0)
			s.SetModel(newFakeModel(1))
			return s.OnEpochBegin(0, nil)
		}, "Schedule is nil"},
		{"restore fails", func() error {
			es := NewEarlyStopping()
			es.RestoreBestWeights = true
			es.SetModel(badSet)
			_ = es.OnTrainBegin(nil)
			_ = es.OnEpochEnd(0, Logs{"val_loss": 1})
			return es.OnTrainEnd(nil)
		}, "restoring the best weights: shape mismatch"},
		{"csv not open", func() error {
			return NewCSVLogger(filepath.Join(t.TempDir(), "x.csv")).OnEpochEnd(0, Logs{})
		}, "is not open"},
		{"csv bad dir", func() error {
			return NewCSVLogger(filepath.Join(t.TempDir(), "no", "x.csv")).OnTrainBegin(nil)
		}, "CSVLogger"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.run()
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error = %v, want it to contain %q", err, c.want)
			}
		})
	}
}

func TestHistoryAcrossTrainings(t *testing.T) {
	h := &History{} // zero value works
	must(t, h.OnTrainBegin(nil))
	must(t, h.OnEpochEnd(0, Logs{"loss": 1}))
	must(t, h.OnEpochEnd(1, Logs{"loss": 0.5, "val_loss": 0.7}))
	must(t, h.OnTrainBegin(nil))
	must(t, h.OnEpochEnd(2, Logs{"loss": 0.25}))
	// Like Keras, Epoch restarts with each training and History keeps growing.
	if !slices.Equal(h.Epoch, []int{2}) || !slices.Equal(h.History["loss"], []float64{1, 0.5, 0.25}) ||
		!slices.Equal(h.History["val_loss"], []float64{0.7}) {
		t.Errorf("epoch %v history %v", h.Epoch, h.History)
	}
}

func TestLambdaCallback(t *testing.T) {
	var calls []string
	hook := func(name string) func(Logs) error {
		return func(Logs) error { calls = append(calls, name); return nil }
	}
	hook2 := func(name string) func(int, Logs) error {
		return func(i int, _ Logs) error { calls = append(calls, name); return nil }
	}
	full := &LambdaCallback{
		TrainBegin: hook("tb"), TrainEnd: hook("te"), EpochBegin: hook2("eb"), EpochEnd: hook2("ee"),
		TrainBatchBegin: hook2("tbb"), TrainBatchEnd: hook2("tbe"), TestBegin: hook("sb"), TestEnd: hook("se"),
		TestBatchBegin: hook2("sbb"), TestBatchEnd: hook2("sbe"), PredictBegin: hook("pb"), PredictEnd: hook("pe"),
		PredictBatchBegin: hook2("pbb"), PredictBatchEnd: hook2("pbe"),
	}
	for _, cb := range []Callback{&LambdaCallback{}, full} {
		l := NewList([]Callback{cb}, false, false, nil, Params{})
		for _, err := range []error{
			l.OnTrainBegin(nil), l.OnEpochBegin(0, nil), l.OnTrainBatchBegin(0, nil), l.OnTrainBatchEnd(0, nil),
			l.OnTestBegin(nil), l.OnTestBatchBegin(0, nil), l.OnTestBatchEnd(0, nil), l.OnTestEnd(nil),
			l.OnEpochEnd(0, nil), l.OnTrainEnd(nil), l.OnPredictBegin(nil), l.OnPredictBatchBegin(0, nil),
			l.OnPredictBatchEnd(0, nil), l.OnPredictEnd(nil),
		} {
			must(t, err)
		}
	}
	want := []string{"tb", "eb", "tbb", "tbe", "sb", "sbb", "sbe", "se", "ee", "te", "pb", "pbb", "pbe", "pe"}
	if !slices.Equal(calls, want) {
		t.Errorf("calls %v, want %v", calls, want)
	}
}
