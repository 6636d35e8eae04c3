package schedules

import (
	"math"

	"github.com/gokeras/keras/optimizers/internal/config"
)

// PolynomialDecay is keras.optimizers.schedules.PolynomialDecay:
// (initial - end) * (1 - step/decay_steps)^power + end, with step clamped to
// decay_steps, or with decay_steps stretched to the next multiple of itself
// when Cycle is set.
type PolynomialDecay struct {
	InitialLearningRate float64
	DecaySteps          float64
	EndLearningRate     float64 // default 0.0001
	Power               float64 // default 1.0
	Cycle               bool
	Name                string
}

// NewPolynomialDecay returns a PolynomialDecay; options: EndLearningRate,
// Power, Cycle, Name.
func NewPolynomialDecay(initialLearningRate, decaySteps float64, opts ...Option) (*PolynomialDecay, error) {
	s, err := build("PolynomialDecay", map[string]any{
		"initial_learning_rate": initialLearningRate, "decay_steps": decaySteps,
	}, opts)
	if err != nil {
		return nil, err
	}
	return s.(*PolynomialDecay), nil
}

func polynomialFromArgs(a *config.Args) (LearningRateSchedule, error) {
	s := &PolynomialDecay{}
	var err error
	if s.InitialLearningRate, s.DecaySteps, err = lrAndSteps(a, "decay_steps"); err != nil {
		return nil, err
	}
	if s.EndLearningRate, err = a.Float("end_learning_rate", 0.0001); err != nil {
		return nil, err
	}
	if s.Power, err = a.Float("power", 1.0); err != nil {
		return nil, err
	}
	if s.Cycle, err = a.Bool("cycle", false); err != nil {
		return nil, err
	}
	if s.Name, err = a.String("name", "PolynomialDecay"); err != nil {
		return nil, err
	}
	return s, nil
}

// Call returns the learning rate at step.
func (s *PolynomialDecay) Call(step int64) float64 {
	st, ds := float64(step), s.DecaySteps
	if s.Cycle {
		mult := 1.0
		if st != 0 {
			mult = math.Ceil(st / s.DecaySteps)
		}
		ds *= mult
	} else {
		st = math.Min(st, ds)
	}
	p := st / ds
	return (s.InitialLearningRate-s.EndLearningRate)*math.Pow(1-p, s.Power) + s.EndLearningRate
}

// ClassName returns "PolynomialDecay".
func (s *PolynomialDecay) ClassName() string { return "PolynomialDecay" }

// GetConfig returns Keras's config keys.
func (s *PolynomialDecay) GetConfig() map[string]any {
	return map[string]any{
		"initial_learning_rate": s.InitialLearningRate,
		"decay_steps":           config.Num(s.DecaySteps),
		"end_learning_rate":     s.EndLearningRate,
		"power":                 s.Power,
		"cycle":                 s.Cycle,
		"name":                  s.Name,
	}
}

// lrAndSteps reads the required initial_learning_rate and a positive steps key.
func lrAndSteps(a *config.Args, stepsKey string) (lr, steps float64, err error) {
	for _, k := range []string{"initial_learning_rate", stepsKey} {
		if err = a.Require(k); err != nil {
			return
		}
	}
	if lr, err = a.Float("initial_learning_rate", 0); err != nil {
		return
	}
	if steps, err = a.Float(stepsKey, 0); err != nil {
		return
	}
	err = checkPositive(a.Owner(), stepsKey, steps)
	return
}
