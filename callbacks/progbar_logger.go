package callbacks

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/gokeras/keras/utils"
)

// ProgbarLogger is keras.callbacks.ProgbarLogger: it prints the "Epoch
// i/n" header and a utils.Progbar per epoch (verbose 1: a bar redrawn as
// batches end; verbose 2: one line per epoch), and a bar for evaluate and
// predict when it is not part of fit. Validation inside fit is silent.
type ProgbarLogger struct {
	Base
	// Writer receives the output (nil: os.Stdout).
	Writer io.Writer
	// Now is the clock (nil: time.Now).
	Now func() time.Time
	// Display chooses in-place redraws (default: only on a terminal).
	Display utils.ProgbarDisplay

	seen        int
	target      int // < 0: unknown
	verbose     int
	epochs      int
	calledInFit bool
	progbar     *utils.Progbar
	values      []utils.ProgbarValue
	keys        []string
}

// NewProgbarLogger returns a ProgbarLogger with Keras's defaults (verbose
// 1, one epoch, unknown steps until SetParams).
func NewProgbarLogger() *ProgbarLogger {
	return &ProgbarLogger{target: -1, verbose: 1, epochs: 1}
}

func (p *ProgbarLogger) writer() io.Writer {
	if p.Writer == nil {
		return os.Stdout
	}
	return p.Writer
}

// SetParams reads verbose, epochs and steps (0 steps: unknown).
func (p *ProgbarLogger) SetParams(params Params) {
	p.Base.SetParams(params)
	p.verbose = params.Verbose
	p.epochs = params.Epochs
	p.target = params.Steps
	if p.target <= 0 {
		p.target = -1
	}
}

// OnTrainBegin marks the logger as running inside fit, which silences
// validation.
func (p *ProgbarLogger) OnTrainBegin(Logs) error {
	p.calledInFit = true
	return nil
}

// OnTestBegin starts a bar for evaluate (not for validation inside fit).
func (p *ProgbarLogger) OnTestBegin(Logs) error {
	if p.calledInFit {
		return nil
	}
	p.reset()
	return p.maybeInit()
}

// OnPredictBegin starts a bar for predict.
func (p *ProgbarLogger) OnPredictBegin(Logs) error {
	p.reset()
	return p.maybeInit()
}

// OnEpochBegin starts the epoch's bar and prints "Epoch i/n" when there is
// more than one epoch.
func (p *ProgbarLogger) OnEpochBegin(epoch int, _ Logs) error {
	p.reset()
	if err := p.maybeInit(); err != nil {
		return err
	}
	if p.verbose != 0 && p.epochs > 1 {
		if _, err := fmt.Fprintf(p.writer(), "Epoch %d/%d\n", epoch+1, p.epochs); err != nil {
			return fmt.Errorf("ProgbarLogger: %w", err)
		}
	}
	return nil
}

// OnTrainBatchEnd updates the bar with the batch's logs.
func (p *ProgbarLogger) OnTrainBatchEnd(batch int, logs Logs) error {
	return p.update(batch, logs)
}

// OnTestBatchEnd updates evaluate's bar.
func (p *ProgbarLogger) OnTestBatchEnd(batch int, logs Logs) error {
	if p.calledInFit {
		return nil
	}
	return p.update(batch, logs)
}

// OnPredictBatchEnd updates predict's bar (without values).
func (p *ProgbarLogger) OnPredictBatchEnd(batch int, _ Logs) error {
	return p.update(batch, nil)
}

// OnEpochEnd finalizes the epoch's bar with the epoch logs.
func (p *ProgbarLogger) OnEpochEnd(_ int, logs Logs) error { return p.finalize(logs) }

// OnTestEnd finalizes evaluate's bar.
func (p *ProgbarLogger) OnTestEnd(logs Logs) error {
	if p.calledInFit {
		return nil
	}
	return p.finalize(logs)
}

// OnPredictEnd finalizes predict's bar.
func (p *ProgbarLogger) OnPredictEnd(logs Logs) error { return p.finalize(logs) }

func (p *ProgbarLogger) reset() {
	p.seen = 0
	p.progbar = nil
}

func (p *ProgbarLogger) maybeInit() error {
	if p.progbar != nil {
		return nil
	}
	pb, err := utils.NewProgbar(p.target,
		utils.ProgbarVerbose(p.verbose),
		utils.ProgbarUnitName("step"),
		utils.ProgbarStatelessMetrics(),
		utils.ProgbarWriter(p.writer()),
		utils.ProgbarClock(p.Now),
		utils.ProgbarDisplayMode(p.Display))
	if err != nil {
		return fmt.Errorf("ProgbarLogger: %w", err)
	}
	p.progbar = pb
	return nil
}

// logValues lists logs in Keras's key order, reusing p.values.
func (p *ProgbarLogger) logValues(logs Logs) []utils.ProgbarValue {
	p.keys = orderedKeys(p.keys, p.keyOrder, logs)
	p.values = p.values[:0]
	for _, k := range p.keys {
		p.values = append(p.values, utils.ProgbarValue{Name: k, Value: logs[k]})
	}
	return p.values
}

func (p *ProgbarLogger) update(batch int, logs Logs) error {
	if err := p.maybeInit(); err != nil {
		return err
	}
	p.seen = batch + 1
	if p.verbose != 1 {
		return nil
	}
	if err := p.progbar.UpdateFinalize(p.seen, p.logValues(logs), false); err != nil {
		return fmt.Errorf("ProgbarLogger: %w", err)
	}
	return nil
}

func (p *ProgbarLogger) finalize(logs Logs) error {
	if err := p.maybeInit(); err != nil {
		return err
	}
	if p.target < 0 {
		p.target = p.seen
		p.progbar.SetTarget(p.target)
	}
	if err := p.progbar.UpdateFinalize(p.target, p.logValues(logs), true); err != nil {
		return fmt.Errorf("ProgbarLogger: %w", err)
	}
	return nil
}
