package schedules

import (
	"math"

	"github.com/gokeras/keras/optimizers/internal/config"
)

// CosineDecay is keras.optimizers.schedules.CosineDecay: an optional linear
// warmup from initial_learning_rate to WarmupTarget over WarmupSteps, then a
// cosine decay over DecaySteps from the peak down to Alpha times the peak.
type CosineDecay struct {
	InitialLearningRate float64
	DecaySteps          float64
	Alpha               float64
	Name                string
	WarmupTarget        *float64 // nil: no warmup (Keras's None)
	WarmupSteps         float64
}

// NewCosineDecay returns a CosineDecay; options: Alpha, Warmup, Name.
func NewCosineDecay(initialLearningRate, decaySteps float64, opts ...Option) (*CosineDecay, error) {
	s, err := build("CosineDecay", map[string]any{
		"initial_learning_rate": initialLearningRate, "decay_steps": decaySteps,
	}, opts)
	if err != nil {
		return nil, err
	}
	return s.(*CosineDecay), nil
}

func cosineFromArgs(a *config.Args) (LearningRateSchedule, error) {
	s := &CosineDecay{}
	var err error
	if s.InitialLearningRate, s.DecaySteps, err = lrAndSteps(a, "decay_steps"); err != nil {
		return nil, err
	}
	if s.Alpha, err = a.Float("alpha", 0); err != nil {
		return nil, err
	}
	if s.Name, err = a.String("name", "CosineDecay"); err != nil {
		return nil, err
	}
	if s.WarmupTarget, err = a.OptFloat("warmup_target", nil); err != nil {
		return nil, err
	}
	if s.WarmupSteps, err = a.Float("warmup_steps", 0); err != nil {
		return nil, err
	}
	return s, nil
}

func (s *CosineDecay) decay(step, from float64) float64 {
	c := 0.5 * (1 + math.Cos(math.Pi*step/s.DecaySteps))
	return from * ((1-s.Alpha)*c + s.Alpha)
}

// Call returns the learning rate at step.
func (s *CosineDecay) Call(step int64) float64 {
	st := float64(step)
	if s.WarmupTarget == nil {
		return s.decay(math.Min(st, s.DecaySteps), s.InitialLearningRate)
	}
	st = math.Min(st, s.DecaySteps+s.WarmupSteps)
	if st < s.WarmupSteps {
		return (*s.WarmupTarget-s.InitialLearningRate)*(st/s.WarmupSteps) + s.InitialLearningRate
	}
	return s.decay(st-s.WarmupSteps, *s.WarmupTarget)
}

// ClassName returns "CosineDecay".
func (s *CosineDecay) ClassName() string { return "CosineDecay" }

// GetConfig returns Keras's config keys.
func (s *CosineDecay) GetConfig() map[string]any {
	var wt any
	if s.WarmupTarget != nil {
		wt = *s.WarmupTarget
	}
	return map[string]any{
		"initial_learning_rate": s.InitialLearningRate,
		"decay_steps":           config.Num(s.DecaySteps),
		"alpha":                 s.Alpha,
		"name":                  s.Name,
		"warmup_target":         wt,
		"warmup_steps":          config.Num(s.WarmupSteps),
	}
}

// CosineDecayRestarts is keras.optimizers.schedules.CosineDecayRestarts
// (SGDR): cosine decay periods whose length grows by TMul and whose height
// shrinks by MMul at each restart.
type CosineDecayRestarts struct {
	InitialLearningRate float64
	FirstDecaySteps     float64
	TMul                float64 // default 2.0
	MMul                float64 // default 1.0
	Alpha               float64
	Name                string
}

// NewCosineDecayRestarts returns a CosineDecayRestarts; options: TMul, MMul,
// Alpha, Name.
func NewCosineDecayRestarts(initialLearningRate, firstDecaySteps float64, opts ...Option) (*CosineDecayRestarts, error) {
	s, err := build("CosineDecayRestarts", map[string]any{
		"initial_learning_rate": initialLearningRate, "first_decay_steps": firstDecaySteps,
	}, opts)
	if err != nil {
		return nil, err
	}
	return s.(*CosineDecayRestarts), nil
}

func restartsFromArgs(a *config.Args) (LearningRateSchedule, error) {
	s := &CosineDecayRestarts{}
	var err error
	if s.InitialLearningRate, s.FirstDecaySteps, err = lrAndSteps(a, "first_decay_steps"); err != nil {
		return nil, err
	}
	if s.TMul, err = a.Float("t_mul", 2.0); err != nil {
		return nil, err
	}
	if s.MMul, err = a.Float("m_mul", 1.0); err != nil {
		return nil, err
	}
	if s.Alpha, err = a.Float("alpha", 0); err != nil {
		return nil, err
	}
	if s.Name, err = a.String("name", "SGDRDecay"); err != nil {
		return nil, err
	}
	return s, nil
}

// Call returns the learning rate at step.
func (s *CosineDecayRestarts) Call(step int64) float64 {
	frac := float64(step) / s.FirstDecaySteps
	var i float64
	if s.TMul == 1 {
		i = math.Floor(frac)
		frac -= i
	} else {
		i = math.Floor(math.Log(1-frac*(1-s.TMul)) / math.Log(s.TMul))
		sumR := (1 - math.Pow(s.TMul, i)) / (1 - s.TMul)
		frac = (frac - sumR) / math.Pow(s.TMul, i)
	}
	c := 0.5 * math.Pow(s.MMul, i) * (1 + math.Cos(math.Pi*frac))
	return s.InitialLearningRate * ((1-s.Alpha)*c + s.Alpha)
}

// ClassName returns "CosineDecayRestarts".
func (s *CosineDecayRestarts) ClassName() string { return "CosineDecayRestarts" }

// GetConfig returns Keras's config keys.
func (s *CosineDecayRestarts) GetConfig() map[string]any {
	return map[string]any{
		"initial_learning_rate": s.InitialLearningRate,
		"first_decay_steps":     config.Num(s.FirstDecaySteps),
		"t_mul":                 s.TMul,
		"m_mul":                 s.MMul,
		"alpha":                 s.Alpha,
		"name":                  s.Name,
	}
}
