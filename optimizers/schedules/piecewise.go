package schedules

import (
	"fmt"

	"github.com/gokeras/keras/optimizers/internal/config"
)

// PiecewiseConstantDecay is keras.optimizers.schedules.PiecewiseConstantDecay:
// Values[0] while step <= Boundaries[0], Values[i] while
// Boundaries[i-1] < step <= Boundaries[i], and the last value after the last
// boundary. Boundaries are compared as integers, as Keras casts them to the
// step's dtype.
type PiecewiseConstantDecay struct {
	Boundaries []float64
	Values     []float64
	Name       string
}

// NewPiecewiseConstantDecay returns a PiecewiseConstantDecay; len(values)
// must be len(boundaries)+1. Option: Name.
func NewPiecewiseConstantDecay(boundaries []int64, values []float64, opts ...Option) (*PiecewiseConstantDecay, error) {
	s, err := build("PiecewiseConstantDecay", map[string]any{
		"boundaries": append([]int64(nil), boundaries...), "values": append([]float64(nil), values...),
	}, opts)
	if err != nil {
		return nil, err
	}
	return s.(*PiecewiseConstantDecay), nil
}

func piecewiseFromArgs(a *config.Args) (LearningRateSchedule, error) {
	s := &PiecewiseConstantDecay{}
	var err error
	if s.Boundaries, err = a.Floats("boundaries"); err != nil {
		return nil, err
	}
	if s.Values, err = a.Floats("values"); err != nil {
		return nil, err
	}
	if len(s.Boundaries) != len(s.Values)-1 {
		return nil, fmt.Errorf("PiecewiseConstantDecay: The length of boundaries should be 1 less than the length of values. "+
			"Received: boundaries=%v of length %d, and values=%v of length %d.",
			s.Boundaries, len(s.Boundaries), s.Values, len(s.Values))
	}
	if len(s.Boundaries) == 0 {
		return nil, fmt.Errorf("PiecewiseConstantDecay: `boundaries` must not be empty")
	}
	if s.Name, err = a.String("name", "PiecewiseConstant"); err != nil {
		return nil, err
	}
	return s, nil
}

// Call returns the learning rate at step.
func (s *PiecewiseConstantDecay) Call(step int64) float64 {
	b := func(i int) int64 { return int64(s.Boundaries[i]) }
	n := len(s.Boundaries)
	var r float64
	if step <= b(0) {
		r += s.Values[0]
	}
	if step > b(n-1) {
		r += s.Values[n]
	}
	for i := 0; i+1 < n; i++ {
		if step > b(i) && step <= b(i+1) {
			r += s.Values[i+1]
		}
	}
	return r
}

// ClassName returns "PiecewiseConstantDecay".
func (s *PiecewiseConstantDecay) ClassName() string { return "PiecewiseConstantDecay" }

// GetConfig returns Keras's config keys.
func (s *PiecewiseConstantDecay) GetConfig() map[string]any {
	bs := make([]any, len(s.Boundaries))
	for i, b := range s.Boundaries {
		bs[i] = config.Num(b)
	}
	vs := make([]any, len(s.Values))
	for i, v := range s.Values {
		vs[i] = v
	}
	return map[string]any{"boundaries": bs, "values": vs, "name": s.Name}
}
