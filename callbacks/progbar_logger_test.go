package callbacks

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/gokeras/keras/utils"
)

// TestProgbarLoggerEvaluatePredictGolden runs evaluate, predict and a fit
// epoch with validation (silent) as the generator's eval_predict does.
func TestProgbarLoggerEvaluatePredictGolden(t *testing.T) {
	for _, c := range loadGolden(t).EvalPredict {
		t.Run(fmt.Sprint("verbose", c.Verbose), func(t *testing.T) {
			var out bytes.Buffer
			clock := scriptedClock(1.0, 1.2, 1.5, 1.6, 2.0, 2.3, 2.4, 2.45, 3.0, 3.1, 3.4)
			if c.Verbose == 2 {
				clock = scriptedClock(1.0, 1.6, 2.0, 2.4, 3.0, 3.4)
			}
			newList := func(hist bool, steps int) *List {
				pl := NewProgbarLogger()
				pl.Writer, pl.Now, pl.Display = &out, clock, utils.ProgbarDisplayDynamic
				return NewList([]Callback{pl}, hist, true, newFakeModel(1), Params{Epochs: 1, Steps: steps, Verbose: c.Verbose})
			}
			var got []string
			l := newList(false, 2)
			must(t, l.OnTestBegin(nil))
			for b, v := range []float64{0.5, 0.25} {
				must(t, l.OnTestBatchBegin(b, nil))
				must(t, l.OnTestBatchEnd(b, Logs{"loss": v, "mae": 2 * v}))
			}
			must(t, l.OnTestEnd(Logs{"loss": 0.375, "mae": 0.75}))
			got = append(got, out.String())
			out.Reset()

			l = newList(false, 2)
			must(t, l.OnPredictBegin(nil))
			for b := range 2 {
				must(t, l.OnPredictBatchBegin(b, nil))
				must(t, l.OnPredictBatchEnd(b, Logs{"outputs": 1}))
			}
			must(t, l.OnPredictEnd(nil))
			got = append(got, out.String())
			out.Reset()

			l = newList(true, 1)
			must(t, l.OnTrainBegin(nil))
			must(t, l.OnEpochBegin(0, nil))
			must(t, l.OnTrainBatchBegin(0, nil))
			must(t, l.OnTrainBatchEnd(0, Logs{"loss": 0.5}))
			must(t, l.OnTestBegin(nil))
			must(t, l.OnTestBatchBegin(0, nil))
			must(t, l.OnTestBatchEnd(0, Logs{"loss": 0.7}))
			must(t, l.OnTestEnd(Logs{"loss": 0.7}))
			must(t, l.OnEpochEnd(0, Logs{"loss": 0.5, "val_loss": 0.7}))
			must(t, l.OnTrainEnd(Logs{"loss": 0.5, "val_loss": 0.7}))
			got = append(got, out.String())

			for i, want := range c.Outputs {
				if got[i] != want {
					t.Errorf("output %d:\n%q\nwant\n%q", i, got[i], want)
				}
			}
		})
	}
}

func TestProgbarLoggerWriteError(t *testing.T) {
	pl := NewProgbarLogger()
	pl.Writer = failingWriter{}
	pl.SetParams(Params{Epochs: 2, Steps: 1, Verbose: 1})
	if err := pl.OnEpochBegin(0, nil); err == nil {
		t.Error("header write error not returned")
	}
	if err := pl.OnTrainBatchEnd(0, Logs{"loss": 1}); err == nil {
		t.Error("bar write error not returned")
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, fmt.Errorf("closed") }
