package initializers

import (
	"math"
	"math/rand/v2"
)

// This file is the random source of the initializers. It is local to the
// package (a PCG generator per call, seeded with the initializer's seed) so
// that a seeded initializer always returns the same values, as Keras's
// stateless seeded draws do.

// defaultSeed is Keras's make_default_seed: a random integer in [1, 1e9].
func defaultSeed() int64 { return 1 + rand.Int64N(1_000_000_000) }

func newRNG(seed int64) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(seed), 0x853c49e6748fea9b))
}

// fillNormal writes mean + stddev*N(0,1) samples.
func fillNormal(dst []float32, mean, stddev float64, seed int64) {
	r := newRNG(seed)
	for i := range dst {
		dst[i] = float32(mean + stddev*r.NormFloat64())
	}
}

// fillTruncatedNormal writes normal samples redrawn until they lie within two
// standard deviations of the mean (keras.random.truncated_normal).
func fillTruncatedNormal(dst []float32, mean, stddev float64, seed int64) {
	r := newRNG(seed)
	for i := range dst {
		z := r.NormFloat64()
		for math.Abs(z) > 2 {
			z = r.NormFloat64()
		}
		dst[i] = float32(mean + stddev*z)
	}
}

// fillUniform writes samples uniform in [lo, hi).
func fillUniform(dst []float32, lo, hi float64, seed int64) {
	r := newRNG(seed)
	for i := range dst {
		v := float32(lo + (hi-lo)*r.Float64())
		if v >= float32(hi) && hi > lo { // rounding to float32 can reach hi
			v = math.Nextafter32(float32(hi), float32(lo))
		}
		dst[i] = v
	}
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
