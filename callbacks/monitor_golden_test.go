package callbacks

import (
	"bytes"
	"strings"
	"testing"
)

// runEpochs drives cb like the generator's run_epochs: OnTrainBegin, then
// per value OnEpochBegin/OnEpochEnd with logs {"loss": 1, key: value}, then
// OnTrainEnd.
func runEpochs(t *testing.T, cb Callback, m *fakeModel, key string, values []jfloat, stopEarly bool) ([]goldenEvent, error) {
	t.Helper()
	cb.SetModel(m)
	cb.SetParams(Params{Verbose: 1, Epochs: len(values), Steps: 1})
	var events []goldenEvent
	if err := cb.OnTrainBegin(Logs{}); err != nil {
		return events, err
	}
	for epoch, v := range values {
		m.weight = float32(epoch)
		if err := cb.OnEpochBegin(epoch, Logs{}); err != nil {
			return events, err
		}
		logs := Logs{"loss": 1}
		if v.valid {
			logs[key] = v.v
		}
		if err := cb.OnEpochEnd(epoch, logs); err != nil {
			return events, err
		}
		ev := goldenEvent{Epoch: epoch, Stop: m.stop, LR: m.lr(), Logs: map[string]jfloat{}}
		for k, v := range logs {
			ev.Logs[k] = jfloat{v, true}
		}
		switch c := cb.(type) {
		case *EarlyStopping:
			ev.Wait = c.Wait
		case *ReduceLROnPlateau:
			ev.Wait = c.Wait
		}
		events = append(events, ev)
		if stopEarly && m.stop {
			break
		}
	}
	return events, cb.OnTrainEnd(Logs{})
}

func checkMonitorCase(t *testing.T, c monitorCase, got []goldenEvent, err error, m *fakeModel, out string) {
	t.Helper()
	if c.Error != nil {
		if err == nil || !strings.Contains(err.Error()+".", *c.Error) {
			t.Fatalf("error = %v, want %q", err, *c.Error)
		}
	} else if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	if len(got) != len(c.Events) {
		t.Fatalf("%d epochs ran, want %d", len(got), len(c.Events))
	}
	for i, want := range c.Events {
		g := got[i]
		if g.Stop != want.Stop || g.Wait != want.Wait || !sameFloat(g.LR, want.LR) {
			t.Errorf("epoch %d: stop=%v wait=%d lr=%v, want stop=%v wait=%d lr=%v",
				i, g.Stop, g.Wait, g.LR, want.Stop, want.Wait, want.LR)
		}
		if len(g.Logs) != len(want.Logs) {
			t.Errorf("epoch %d: logs %v, want %v", i, g.Logs, want.Logs)
		}
		for k, wv := range want.Logs {
			if gv, ok := g.Logs[k]; !ok || !sameFloat(gv.v, wv.v) {
				t.Errorf("epoch %d: logs[%q] = %v, want %v", i, k, gv.v, wv.v)
			}
		}
	}
	if len(m.setLog) != len(c.SetWeights) {
		t.Fatalf("SetWeights calls %v, want %v", m.setLog, c.SetWeights)
	}
	for i, w := range c.SetWeights {
		if float64(m.setLog[i][0]) != w[0] {
			t.Errorf("SetWeights #%d = %v, want %v", i, m.setLog[i], w)
		}
	}
	if out != c.Output {
		t.Errorf("output:\n%q\nwant\n%q", out, c.Output)
	}
}

func TestEarlyStoppingGolden(t *testing.T) {
	for _, c := range loadGolden(t).EarlyStopping {
		t.Run(c.Name, func(t *testing.T) {
			var out, warns bytes.Buffer
			es := NewEarlyStopping()
			es.Monitor = cfgString(c.Config, "monitor", "val_loss")
			es.Mode = cfgString(c.Config, "mode", "auto")
			es.MinDelta = cfgFloat(c.Config, "min_delta", 0)
			es.Patience = cfgInt(c.Config, "patience", 0)
			es.Verbose = cfgInt(c.Config, "verbose", 0)
			es.StartFromEpoch = cfgInt(c.Config, "start_from_epoch", 0)
			es.RestoreBestWeights = cfgBool(c.Config, "restore_best_weights")
			if b, ok := c.Config["baseline"].(float64); ok {
				es.Baseline = &b
			}
			es.Writer, es.ErrWriter = &out, &warns
			m := newFakeModel(0.01)
			got, err := runEpochs(t, es, m, c.Key, c.Values, true)
			checkMonitorCase(t, c, got, err, m, out.String())
		})
	}
}

func TestReduceLROnPlateauGolden(t *testing.T) {
	for _, c := range loadGolden(t).ReduceLR {
		t.Run(c.Name, func(t *testing.T) {
			var out, warns bytes.Buffer
			r := NewReduceLROnPlateau()
			r.Monitor = cfgString(c.Config, "monitor", "val_loss")
			r.Mode = cfgString(c.Config, "mode", "auto")
			r.MinDelta = cfgFloat(c.Config, "min_delta", 1e-4)
			r.Factor = cfgFloat(c.Config, "factor", 0.1)
			r.Patience = cfgInt(c.Config, "patience", 10)
			r.Cooldown = cfgInt(c.Config, "cooldown", 0)
			r.MinLR = cfgFloat(c.Config, "min_lr", 0)
			r.Verbose = cfgInt(c.Config, "verbose", 0)
			r.Writer, r.ErrWriter = &out, &warns
			m := newFakeModel(float32(c.InitialLR))
			got, err := runEpochs(t, r, m, c.Key, c.Values, false)
			checkMonitorCase(t, c, got, err, m, out.String())
		})
	}
}
