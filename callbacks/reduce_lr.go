package callbacks

import (
	"errors"
	"fmt"
	"io"
	"math"

	"github.com/gokeras/keras/optimizers"
)

// ReduceLROnPlateau is keras.callbacks.ReduceLROnPlateau: it multiplies the
// optimizer's learning rate by Factor when the monitored quantity has not
// improved for Patience epochs, then waits Cooldown epochs. It adds the
// epoch's learning rate to the logs as "learning_rate". Build it with
// NewReduceLROnPlateau for Keras's defaults.
type ReduceLROnPlateau struct {
	Base
	// Monitor is the logged quantity to watch (default "val_loss").
	Monitor string
	// Factor multiplies the learning rate (default 0.1; must be < 1).
	Factor float64
	// Patience is the number of epochs without improvement before a
	// reduction (default 10).
	Patience int
	// Verbose 1 prints each reduction.
	Verbose int
	// Mode is "auto", "min" or "max".
	Mode string
	// MinDelta is the smallest change counted as an improvement (default
	// 1e-4).
	MinDelta float64
	// Cooldown is the number of epochs after a reduction during which
	// no further reduction happens.
	Cooldown int
	// MinLR is the lower bound on the learning rate.
	MinLR float64
	// Writer receives messages (nil: os.Stdout); ErrWriter warnings (nil:
	// os.Stderr).
	Writer, ErrWriter io.Writer

	// Wait counts epochs since the last improvement; CooldownCounter the
	// cooldown epochs left.
	Wait, CooldownCounter int
	// Best is the best monitored value so far (valid when HasBest).
	Best    float64
	HasBest bool

	op monitorOp
}

// NewReduceLROnPlateau returns a ReduceLROnPlateau with Keras's defaults:
// monitor "val_loss", factor 0.1, patience 10, mode "auto", min_delta
// 1e-4, cooldown 0, min_lr 0.
func NewReduceLROnPlateau() *ReduceLROnPlateau {
	return &ReduceLROnPlateau{Monitor: "val_loss", Factor: 0.1, Patience: 10, Mode: "auto", MinDelta: 1e-4}
}

func (r *ReduceLROnPlateau) monitor() string {
	if r.Monitor == "" {
		return "val_loss"
	}
	return r.Monitor
}

func (r *ReduceLROnPlateau) reset() {
	r.Best, r.HasBest = 0, false
	r.CooldownCounter, r.Wait = 0, 0
}

// OnTrainBegin checks Factor and resets the counters and best value.
func (r *ReduceLROnPlateau) OnTrainBegin(Logs) error {
	if r.Factor >= 1 {
		return fmt.Errorf("ReduceLROnPlateau does not support a factor >= 1.0. Received factor=%s", pyFloat(r.Factor))
	}
	r.reset()
	return nil
}

func (r *ReduceLROnPlateau) optimizer() (optimizers.Optimizer, error) {
	if r.model == nil {
		return nil, errors.New("ReduceLROnPlateau: no model set (call SetModel)")
	}
	opt := r.model.Optimizer()
	if opt == nil {
		return nil, errors.New("ReduceLROnPlateau: the model has no optimizer (call Compile first)")
	}
	return opt, nil
}

// OnEpochEnd logs the learning rate and reduces it after a plateau.
func (r *ReduceLROnPlateau) OnEpochEnd(epoch int, logs Logs) error {
	if !r.op.set {
		if err := r.op.resolve("ReduceLROnPlateau", r.monitor(), r.Mode, r.MinDelta, r.model, r.ErrWriter); err != nil {
			return err
		}
	}
	opt, err := r.optimizer()
	if err != nil {
		return err
	}
	if logs != nil {
		logs["learning_rate"] = opt.LearningRate()
	}
	current, ok := logs[r.monitor()]
	if !ok {
		warn(r.ErrWriter, fmt.Sprintf("Learning rate reduction is conditioned on metric `%s` which is not "+
			"available. Available metrics are: %s.", r.monitor(), availableKeys(r.keyOrder, logs)))
		return nil
	}
	if r.CooldownCounter > 0 {
		r.CooldownCounter--
		r.Wait = 0
	}
	if !r.HasBest || r.op.improved(current, r.Best) {
		r.Best, r.HasBest = current, true
		r.Wait = 0
		return nil
	}
	if r.CooldownCounter > 0 {
		return nil
	}
	r.Wait++
	if r.Wait < r.Patience {
		return nil
	}
	reduced, err := r.reduce(opt, epoch)
	if err != nil {
		return err
	}
	if reduced {
		r.CooldownCounter = r.Cooldown
		r.Wait = 0
	}
	return nil
}

// reduce is Keras's _reduce_optimizer_lr. Like Keras it compares the
// current rate with MinLR rounded to float32.
func (r *ReduceLROnPlateau) reduce(opt optimizers.Optimizer, epoch int) (bool, error) {
	old := opt.LearningRate()
	if !(old > float64(float32(r.MinLR))) {
		return false, nil
	}
	lr := math.Max(old*r.Factor, r.MinLR)
	if err := opt.SetLearningRate(lr); err != nil {
		return false, fmt.Errorf("ReduceLROnPlateau: %w", err)
	}
	if r.Verbose > 0 {
		msg := fmt.Sprintf("\nEpoch %d: ReduceLROnPlateau reducing learning rate to %s.", epoch+1, pyFloat(lr))
		if err := printMsg(r.Writer, "ReduceLROnPlateau", msg); err != nil {
			return true, err
		}
	}
	return true, nil
}
