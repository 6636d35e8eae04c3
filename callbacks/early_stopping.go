package callbacks

import (
	"errors"
	"fmt"
	"io"

	"github.com/gokeras/keras/tensor"
)

// EarlyStopping is keras.callbacks.EarlyStopping: it stops training when
// the monitored quantity has stopped improving. Its zero value (with
// Monitor "" meaning "val_loss") has Keras's defaults; NewEarlyStopping
// spells them out.
type EarlyStopping struct {
	Base
	// Monitor is the logged quantity to watch (Keras monitor, default
	// "val_loss").
	Monitor string
	// MinDelta is the smallest change counted as an improvement (its
	// absolute value is used).
	MinDelta float64
	// Patience is the number of epochs without improvement before stopping.
	Patience int
	// Verbose 1 prints when the callback stops training or restores weights.
	Verbose int
	// Mode is "auto" (or ""), "min" or "max".
	Mode string
	// Baseline, when set, must be beaten for the wait counter to reset.
	Baseline *float64
	// RestoreBestWeights restores the weights of the best epoch at the end
	// of training.
	RestoreBestWeights bool
	// StartFromEpoch is the number of warm-up epochs not monitored.
	StartFromEpoch int
	// Writer receives messages (nil: os.Stdout); ErrWriter warnings (nil:
	// os.Stderr).
	Writer, ErrWriter io.Writer

	// Wait counts epochs since the last improvement.
	Wait int
	// StoppedEpoch is the epoch at which training was stopped (0: not).
	StoppedEpoch int
	// BestEpoch is the epoch of the best value so far.
	BestEpoch int
	// Best is the best monitored value so far (valid when HasBest).
	Best    float64
	HasBest bool

	op          monitorOp
	bestWeights []*tensor.Tensor
}

// NewEarlyStopping returns an EarlyStopping with Keras's defaults:
// monitor "val_loss", min_delta 0, patience 0, mode "auto".
func NewEarlyStopping() *EarlyStopping {
	return &EarlyStopping{Monitor: "val_loss", Mode: "auto"}
}

func (e *EarlyStopping) monitor() string {
	if e.Monitor == "" {
		return "val_loss"
	}
	return e.Monitor
}

// BestWeights are the weights saved at the best epoch (RestoreBestWeights).
func (e *EarlyStopping) BestWeights() []*tensor.Tensor { return e.bestWeights }

// OnTrainBegin resets the state so the callback can be reused.
func (e *EarlyStopping) OnTrainBegin(Logs) error {
	e.Wait, e.StoppedEpoch, e.BestEpoch = 0, 0, 0
	e.Best, e.HasBest = 0, false
	e.bestWeights = nil
	return nil
}

// OnEpochEnd compares the monitored value with the best so far and stops
// training once Patience epochs passed without improvement.
func (e *EarlyStopping) OnEpochEnd(epoch int, logs Logs) error {
	if !e.op.set {
		if err := e.op.resolve("EarlyStopping", e.monitor(), e.Mode, e.MinDelta, e.model, e.ErrWriter); err != nil {
			return err
		}
	}
	current, ok := logs[e.monitor()]
	if !ok {
		warn(e.ErrWriter, fmt.Sprintf("Early stopping conditioned on metric `%s` which is not available. "+
			"Available metrics are: %s", e.monitor(), availableKeys(e.keyOrder, logs)))
	}
	if !ok || epoch < e.StartFromEpoch {
		return nil
	}
	if e.model == nil {
		return errors.New("EarlyStopping: no model set (call SetModel)")
	}
	if e.RestoreBestWeights && e.bestWeights == nil {
		e.bestWeights = e.model.GetWeights()
		e.BestEpoch = epoch
	}
	e.Wait++
	if !e.HasBest || e.op.improved(current, e.Best) {
		e.Best, e.HasBest = current, true
		e.BestEpoch = epoch
		if e.RestoreBestWeights {
			e.bestWeights = e.model.GetWeights()
		}
		// Only restart the wait when both the baseline and the previous
		// best are beaten.
		if e.Baseline == nil || e.op.improved(current, *e.Baseline) {
			e.Wait = 0
		}
		return nil
	}
	if e.Wait >= e.Patience && epoch > 0 {
		e.StoppedEpoch = epoch
		e.model.SetStopTraining(true)
	}
	return nil
}

// OnTrainEnd reports the stop and restores the best weights when asked.
func (e *EarlyStopping) OnTrainEnd(Logs) error {
	if e.StoppedEpoch > 0 && e.Verbose > 0 {
		if err := printMsg(e.Writer, "EarlyStopping", fmt.Sprintf("Epoch %d: early stopping", e.StoppedEpoch+1)); err != nil {
			return err
		}
	}
	if e.RestoreBestWeights && e.bestWeights != nil {
		if e.Verbose > 0 {
			msg := fmt.Sprintf("Restoring model weights from the end of the best epoch: %d.", e.BestEpoch+1)
			if err := printMsg(e.Writer, "EarlyStopping", msg); err != nil {
				return err
			}
		}
		if err := e.model.SetWeights(e.bestWeights); err != nil {
			return fmt.Errorf("EarlyStopping: restoring the best weights: %w", err)
		}
	}
	return nil
}
