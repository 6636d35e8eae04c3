package keras

import (
	"fmt"

	"github.com/gokeras/keras/layers"
	"github.com/gokeras/keras/random"
)

// FitState is where a Fit run is: the epoch, the number of batches of that
// epoch already trained, and the seed that fixes every epoch's shuffling.
// Together with the weights, the optimizer state and RandomState it is what
// a backup needs to resume training mid-epoch and end with the same weights
// as an uninterrupted run (see saving's BackupAndRestore).
type FitState struct {
	Epoch int    `json:"epoch"`
	Step  int    `json:"step"`
	Seed  uint64 `json:"seed"`
}

// FitState reports the position of the current (or last) Fit run.
func (m *Model) FitState() FitState { return m.trainer.pos }

// ResumeFit makes the running Fit continue from s. Callbacks call it from
// OnTrainBegin (before the first batch); Fit then starts at s.Epoch, skips
// the s.Step batches of that epoch already trained and shuffles as the
// interrupted run did.
func (m *Model) ResumeFit(s FitState) error {
	if s.Epoch < 0 || s.Step < 0 {
		return fmt.Errorf("ResumeFit: negative epoch or step in %+v", s)
	}
	m.trainer.resume = &s
	return nil
}

// epochSeed is the shuffle seed of an epoch, derived from the run's seed so
// that a resumed run draws the same permutations.
func epochSeed(seed uint64, epoch int) uint64 {
	// splitmix64 of seed + epoch
	z := seed + uint64(epoch+1)*0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// SeedGenerators is implemented by layers that draw random numbers while
// training (Dropout, noise, random augmentation).
type SeedGenerators interface {
	SeedGenerators() []*random.SeedGenerator
}

// RandomState returns the states of the seed generators of the model's
// layers, in layer order: with FitState, what makes dropout masks after a
// resume equal those of an uninterrupted run.
func (m *Model) RandomState() [][2]uint64 {
	var out [][2]uint64
	for _, g := range m.seedGenerators() {
		s, c := g.State()
		out = append(out, [2]uint64{s, c})
	}
	return out
}

// SetRandomState restores states from RandomState.
func (m *Model) SetRandomState(states [][2]uint64) error {
	gs := m.seedGenerators()
	if len(states) != len(gs) {
		return fmt.Errorf("SetRandomState: the model has %d seed generators, got %d states", len(gs), len(states))
	}
	for i, g := range gs {
		g.SetState(states[i][0], states[i][1])
	}
	return nil
}

func (m *Model) seedGenerators() []*random.SeedGenerator {
	var out []*random.SeedGenerator
	var walk func(ls []layers.Layer)
	walk = func(ls []layers.Layer) {
		for _, l := range ls {
			if s, ok := l.(SeedGenerators); ok {
				out = append(out, s.SeedGenerators()...)
			}
			if c, ok := l.(layers.Container); ok {
				walk(c.SubLayers())
			}
		}
	}
	walk(m.SubLayers())
	return out
}
