package callbacks

import (
	"errors"
	"fmt"
	"io"

	"github.com/gokeras/keras/optimizers"
)

// LearningRateScheduler is keras.callbacks.LearningRateScheduler: at the
// start of every epoch it sets the optimizer's learning rate to
// Schedule(epoch, currentLR), and it adds the rate to the epoch-end logs
// as "learning_rate".
type LearningRateScheduler struct {
	Base
	// Schedule maps the epoch index (from 0) and the current learning
	// rate to the new learning rate.
	Schedule func(epoch int, lr float64) float64
	// Verbose 1 prints every update.
	Verbose int
	// Writer receives messages (nil: os.Stdout).
	Writer io.Writer
}

// NewLearningRateScheduler returns a LearningRateScheduler for schedule.
func NewLearningRateScheduler(schedule func(epoch int, lr float64) float64, verbose int) *LearningRateScheduler {
	return &LearningRateScheduler{Schedule: schedule, Verbose: verbose}
}

func (s *LearningRateScheduler) optimizer() (optimizers.Optimizer, error) {
	if s.model == nil {
		return nil, errors.New("LearningRateScheduler: no model set (call SetModel)")
	}
	opt := s.model.Optimizer()
	if opt == nil {
		return nil, errors.New("LearningRateScheduler: optimizer must have a \"learning_rate\" attribute: the model has no optimizer")
	}
	return opt, nil
}

// OnEpochBegin applies the schedule.
func (s *LearningRateScheduler) OnEpochBegin(epoch int, _ Logs) error {
	if s.Schedule == nil {
		return errors.New("LearningRateScheduler: Schedule is nil")
	}
	opt, err := s.optimizer()
	if err != nil {
		return err
	}
	lr := s.Schedule(epoch, opt.LearningRate())
	if err := opt.SetLearningRate(lr); err != nil {
		return fmt.Errorf("LearningRateScheduler: %w", err)
	}
	if s.Verbose > 0 {
		msg := fmt.Sprintf("\nEpoch %d: LearningRateScheduler setting learning rate to %s.", epoch+1, pyFloat(lr))
		return printMsg(s.Writer, "LearningRateScheduler", msg)
	}
	return nil
}

// OnEpochEnd adds "learning_rate" to the logs.
func (s *LearningRateScheduler) OnEpochEnd(_ int, logs Logs) error {
	opt, err := s.optimizer()
	if err != nil {
		return err
	}
	if logs != nil {
		logs["learning_rate"] = opt.LearningRate()
	}
	return nil
}
