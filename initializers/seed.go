package initializers

import (
	"fmt"

	"github.com/gokeras/keras/random"
	"github.com/gokeras/keras/tensor"
)

// defaultSeed is Keras's make_default_seed: drawn from the global seed
// generator of package random, so random.SetSeed (keras.utils.
// set_random_seed) makes unseeded initializers reproducible.
func defaultSeed() int64 { return int64(random.NextSeed() >> 1) }

// draw wraps package random's samplers with the initializer's name.
func draw(name, dist string, shape tensor.Shape, a, b float64, seed int64) (*tensor.Tensor, error) {
	var (
		t   *tensor.Tensor
		err error
	)
	switch dist {
	case "normal":
		t, err = random.Normal(shape, float32(a), float32(b), uint64(seed))
	case "truncated_normal":
		t, err = random.TruncatedNormal(shape, float32(a), float32(b), uint64(seed))
	default:
		t, err = random.Uniform(shape, float32(a), float32(b), uint64(seed))
	}
	if err != nil {
		return nil, fmt.Errorf("initializer %s: %w", name, err)
	}
	return t, nil
}

// seeded is the seed state of Keras's RandomInitializer: the seed it was
// given (nil for None, reported by GetConfig) and the one it uses.
type seeded struct {
	initSeed *int64
	seed     int64
}

func newSeeded(seed []int64) seeded {
	if len(seed) > 0 {
		s := seed[0]
		return seeded{initSeed: &s, seed: s}
	}
	return seeded{seed: defaultSeed()}
}

// Seed returns the seed the initializer draws with (the default one drawn at
// construction when none was given).
func (s seeded) Seed() int64 { return s.seed }

func (s seeded) seedConfig() any {
	if s.initSeed == nil {
		return nil
	}
	return *s.initSeed
}
