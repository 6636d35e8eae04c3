package callbacks

import (
	"fmt"
	"io"
	"math"
)

// TerminateOnNaN is keras.callbacks.TerminateOnNaN: it stops training when
// a batch's "loss" is NaN or infinite, gracefully (model stop_training) or,
// with RaiseError, by returning an error at once.
type TerminateOnNaN struct {
	Base
	// RaiseError returns an error instead of setting stop_training.
	RaiseError bool
	// Writer receives messages (nil: os.Stdout).
	Writer io.Writer
}

// NewTerminateOnNaN returns a TerminateOnNaN (raise_error=False).
func NewTerminateOnNaN() *TerminateOnNaN { return &TerminateOnNaN{} }

// OnTrainBatchEnd checks the batch's loss.
func (t *TerminateOnNaN) OnTrainBatchEnd(batch int, logs Logs) error {
	loss, ok := logs["loss"]
	if !ok || !(math.IsNaN(loss) || math.IsInf(loss, 0)) {
		return nil
	}
	if t.RaiseError {
		return fmt.Errorf("TerminateOnNaN: NaN or Inf loss encountered at batch %d. Loss value: %s. "+
			"Terminating training immediately", batch, pyFloat(loss))
	}
	if err := printMsg(t.Writer, "TerminateOnNaN", fmt.Sprintf("Batch %d: Invalid loss, terminating training", batch)); err != nil {
		return err
	}
	if t.model != nil {
		t.model.SetStopTraining(true)
	}
	return nil
}
