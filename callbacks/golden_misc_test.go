package callbacks

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/gokeras/keras/utils"
)

// The generator's fit loop: one Progbar clock call at each epoch begin and
// one per update.
var (
	goldenFitBatches = [][]Logs{
		{{"loss": 0.9, "accuracy": 0.5}, {"loss": 0.7, "accuracy": 0.6}, {"loss": 0.5, "accuracy": 0.7}},
		{{"loss": 0.4, "accuracy": 0.75}, {"loss": 0.3, "accuracy": 0.8}, {"loss": 0.2, "accuracy": 0.85}},
	}
	goldenFitEpochLogs = []Logs{
		{"loss": 0.5, "accuracy": 0.7, "val_loss": 0.6, "val_accuracy": 0.65},
		{"loss": 0.2, "accuracy": 0.85, "val_loss": 0.45, "val_accuracy": 0.0005},
	}
)

func TestProgbarLoggerGolden(t *testing.T) {
	for _, c := range loadGolden(t).ProgbarLogger {
		t.Run(c.Name, func(t *testing.T) {
			var out bytes.Buffer
			pl := NewProgbarLogger()
			pl.Writer = &out
			pl.Display = utils.ProgbarDisplayStatic
			if c.Dynamic {
				pl.Display = utils.ProgbarDisplayDynamic
			}
			batches, epochLogs := goldenFitBatches, goldenFitEpochLogs
			steps, epochs := 3, 2
			var extra []Callback
			switch c.Name {
			case "v2":
				pl.Now = scriptedClock(10.0, 10.6, 20.0, 22.0)
			case "unknown_steps_with_lr":
				pl.Now = scriptedClock(5.0, 5.001, 5.002, 5.0025)
				batches = [][]Logs{{{"loss": 0.9, "accuracy": 0.5}, {"loss": 0.7, "accuracy": 0.6}}}
				epochLogs = []Logs{{"loss": 0.8, "accuracy": 0.55}}
				steps, epochs = 0, 1
				r := NewReduceLROnPlateau()
				r.Monitor, r.Patience, r.Verbose, r.Writer = "loss", 0, 1, &out
				extra = []Callback{r}
			default:
				pl.Now = scriptedClock(10.0, 10.3, 10.32, 10.5, 10.6, 20.0, 20.2, 20.4, 21.5, 22.0)
			}
			l := NewList(append(extra, pl), true, true, newFakeModel(0.01),
				Params{Epochs: epochs, Steps: steps, Verbose: c.Verbose})
			var got []string
			must(t, l.OnTrainBegin(nil))
			for epoch := range epochs {
				must(t, l.OnEpochBegin(epoch, nil))
				for b, logs := range batches[epoch] {
					must(t, l.OnTrainBatchBegin(b, nil))
					must(t, l.OnTrainBatchEnd(b, logs))
				}
				must(t, l.OnEpochEnd(epoch, epochLogs[epoch]))
				got = append(got, out.String())
				out.Reset()
			}
			must(t, l.OnTrainEnd(epochLogs[epochs-1]))
			got = append(got, out.String())
			for i := range c.Outputs {
				if i >= len(got) || got[i] != c.Outputs[i] {
					t.Errorf("output %d:\n%q\nwant\n%q", i, got[i], c.Outputs[i])
				}
			}
			h := l.History()
			if !equalInts(h.Epoch, c.Epoch) || len(h.History) != len(c.History) {
				t.Fatalf("history %v %v, want %v %v", h.Epoch, h.History, c.Epoch, c.History)
			}
			for k, want := range c.History {
				if !equalFloats(h.History[k], want) {
					t.Errorf("history[%q] = %v, want %v", k, h.History[k], want)
				}
			}
		})
	}
}

func TestLearningRateSchedulerGolden(t *testing.T) {
	g := loadGolden(t).Scheduler
	var out bytes.Buffer
	s := NewLearningRateScheduler(func(epoch int, lr float64) float64 {
		if epoch < 2 {
			return lr
		}
		return lr * 0.5
	}, 1)
	s.Writer = &out
	m := newFakeModel(0.01)
	s.SetModel(m)
	for epoch, want := range g.Events {
		must(t, s.OnEpochBegin(epoch, Logs{}))
		logs := Logs{"loss": 1}
		must(t, s.OnEpochEnd(epoch, logs))
		if m.lr() != want.LR || logs["learning_rate"] != want.Logs["learning_rate"].v {
			t.Errorf("epoch %d: lr %v logs %v, want %v %v", epoch, m.lr(), logs, want.LR, want.Logs)
		}
	}
	if out.String() != g.Output {
		t.Errorf("output:\n%q\nwant\n%q", out.String(), g.Output)
	}
}

func TestTerminateOnNaNGolden(t *testing.T) {
	for _, c := range loadGolden(t).TerminateOnNaN {
		t.Run(c.Name, func(t *testing.T) {
			var out bytes.Buffer
			tn := NewTerminateOnNaN()
			tn.RaiseError, tn.Writer = c.RaiseError, &out
			m := newFakeModel(0.01)
			tn.SetModel(m)
			stoppedAt := -1
			var err error
			for b, s := range c.Losses {
				loss, perr := strconv.ParseFloat(s, 64)
				must(t, perr)
				if err = tn.OnTrainBatchEnd(b, Logs{"loss": loss}); err != nil {
					break
				}
				if m.stop {
					stoppedAt = b
					break
				}
			}
			if stoppedAt != c.StoppedAt || out.String() != c.Output {
				t.Errorf("stopped at %d, output %q; want %d, %q", stoppedAt, out.String(), c.StoppedAt, c.Output)
			}
			if (c.Error == nil) != (err == nil) || (err != nil && !strings.Contains(err.Error()+".", *c.Error)) {
				t.Errorf("error %v, want %v", err, c.Error)
			}
		})
	}
}

func TestCSVLoggerGolden(t *testing.T) {
	dir := t.TempDir()
	for _, c := range loadGolden(t).CSVLogger {
		t.Run(c.Name, func(t *testing.T) {
			path := filepath.Join(dir, c.Name+".csv")
			if c.Pre != nil {
				must(t, os.WriteFile(path, []byte(*c.Pre), 0o644))
			}
			lg := NewCSVLogger(path)
			lg.Separator = cfgString(c.Config, "separator", ",")
			lg.Append = cfgBool(c.Config, "append")
			for _, run := range c.Runs {
				must(t, lg.OnTrainBegin(nil))
				for epoch, logs := range run {
					l := Logs{}
					for k, v := range logs {
						l[k] = v.v
					}
					must(t, lg.OnEpochEnd(epoch, l))
				}
				must(t, lg.OnTrainEnd(nil))
			}
			b, err := os.ReadFile(path)
			must(t, err)
			if string(b) != c.Text {
				t.Errorf("file:\n%q\nwant\n%q", b, c.Text)
			}
		})
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func equalFloats(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] && !(math.IsNaN(a[i]) && math.IsNaN(b[i])) {
			return false
		}
	}
	return true
}
