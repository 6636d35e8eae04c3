package schedules

import (
	"math"

	"github.com/gokeras/keras/optimizers/internal/config"
)

// ExponentialDecay is keras.optimizers.schedules.ExponentialDecay:
// initial_learning_rate * decay_rate ^ (step / decay_steps), the exponent
// floored when Staircase is set.
type ExponentialDecay struct {
	InitialLearningRate float64
	DecaySteps          float64
	DecayRate           float64
	Staircase           bool
	Name                string
}

// NewExponentialDecay returns an ExponentialDecay; options: Staircase, Name.
func NewExponentialDecay(initialLearningRate, decaySteps, decayRate float64, opts ...Option) (*ExponentialDecay, error) {
	s, err := build("ExponentialDecay", map[string]any{
		"initial_learning_rate": initialLearningRate, "decay_steps": decaySteps, "decay_rate": decayRate,
	}, opts)
	if err != nil {
		return nil, err
	}
	return s.(*ExponentialDecay), nil
}

func exponentialFromArgs(a *config.Args) (LearningRateSchedule, error) {
	s := &ExponentialDecay{}
	var err error
	if s.InitialLearningRate, s.DecaySteps, s.DecayRate, err = threeRequired(a, "decay_rate"); err != nil {
		return nil, err
	}
	if s.Staircase, err = a.Bool("staircase", false); err != nil {
		return nil, err
	}
	if s.Name, err = a.String("name", "ExponentialDecay"); err != nil {
		return nil, err
	}
	return s, nil
}

// Call returns the learning rate at step.
func (s *ExponentialDecay) Call(step int64) float64 {
	p := float64(step) / s.DecaySteps
	if s.Staircase {
		p = math.Floor(p)
	}
	return s.InitialLearningRate * math.Pow(s.DecayRate, p)
}

// ClassName returns "ExponentialDecay".
func (s *ExponentialDecay) ClassName() string { return "ExponentialDecay" }

// GetConfig returns Keras's config keys.
func (s *ExponentialDecay) GetConfig() map[string]any {
	return map[string]any{
		"initial_learning_rate": s.InitialLearningRate,
		"decay_steps":           config.Num(s.DecaySteps),
		"decay_rate":            s.DecayRate,
		"staircase":             s.Staircase,
		"name":                  s.Name,
	}
}

// InverseTimeDecay is keras.optimizers.schedules.InverseTimeDecay:
// initial_learning_rate / (1 + decay_rate * step / decay_steps), the ratio
// floored when Staircase is set.
type InverseTimeDecay struct {
	InitialLearningRate float64
	DecaySteps          float64
	DecayRate           float64
	Staircase           bool
	Name                string
}

// NewInverseTimeDecay returns an InverseTimeDecay; options: Staircase, Name.
func NewInverseTimeDecay(initialLearningRate, decaySteps, decayRate float64, opts ...Option) (*InverseTimeDecay, error) {
	s, err := build("InverseTimeDecay", map[string]any{
		"initial_learning_rate": initialLearningRate, "decay_steps": decaySteps, "decay_rate": decayRate,
	}, opts)
	if err != nil {
		return nil, err
	}
	return s.(*InverseTimeDecay), nil
}

func inverseTimeFromArgs(a *config.Args) (LearningRateSchedule, error) {
	s := &InverseTimeDecay{}
	var err error
	if s.InitialLearningRate, s.DecaySteps, s.DecayRate, err = threeRequired(a, "decay_rate"); err != nil {
		return nil, err
	}
	if s.Staircase, err = a.Bool("staircase", false); err != nil {
		return nil, err
	}
	if s.Name, err = a.String("name", "InverseTimeDecay"); err != nil {
		return nil, err
	}
	return s, nil
}

// Call returns the learning rate at step.
func (s *InverseTimeDecay) Call(step int64) float64 {
	p := float64(step) / s.DecaySteps
	if s.Staircase {
		p = math.Floor(p)
	}
	return s.InitialLearningRate / (1 + s.DecayRate*p)
}

// ClassName returns "InverseTimeDecay".
func (s *InverseTimeDecay) ClassName() string { return "InverseTimeDecay" }

// GetConfig returns Keras's config keys.
func (s *InverseTimeDecay) GetConfig() map[string]any {
	return map[string]any{
		"initial_learning_rate": s.InitialLearningRate,
		"decay_steps":           config.Num(s.DecaySteps),
		"decay_rate":            s.DecayRate,
		"staircase":             s.Staircase,
		"name":                  s.Name,
	}
}

// threeRequired reads initial_learning_rate, decay_steps (> 0) and third.
func threeRequired(a *config.Args, third string) (lr, steps, x float64, err error) {
	for _, k := range []string{"initial_learning_rate", "decay_steps", third} {
		if err = a.Require(k); err != nil {
			return
		}
	}
	if lr, err = a.Float("initial_learning_rate", 0); err != nil {
		return
	}
	if steps, err = a.Float("decay_steps", 0); err != nil {
		return
	}
	if err = checkPositive(a.Owner(), "decay_steps", steps); err != nil {
		return
	}
	x, err = a.Float(third, 0)
	return
}
