package random

import (
	crand "crypto/rand"
	"encoding/binary"
	"math/rand/v2"
	"sync/atomic"
)

// SeedGenerator hands out a reproducible sequence of seeds, as
// keras.random.SeedGenerator does: layers that need fresh randomness on
// every call (Dropout, noise layers) own one and draw a seed per step. It is
// safe for concurrent use.
type SeedGenerator struct {
	seed    uint64
	counter atomic.Uint64
}

// NewSeedGenerator returns a generator whose sequence is fixed by seed.
func NewSeedGenerator(seed uint64) *SeedGenerator {
	return &SeedGenerator{seed: seed}
}

// Next returns the next seed of the sequence (Keras's SeedGenerator.next).
func (g *SeedGenerator) Next() uint64 {
	return mix(g.seed, g.counter.Add(1))
}

// State returns the generator's seed and how many seeds it has handed out;
// together they are Keras's seed generator state variable.
func (g *SeedGenerator) State() (seed, counter uint64) {
	return g.seed, g.counter.Load()
}

// SetState restores a state returned by State. It must not run
// concurrently with Next.
func (g *SeedGenerator) SetState(seed, counter uint64) {
	g.seed = seed
	g.counter.Store(counter)
}

// mix derives the counter-th seed of a sequence (splitmix64 finaliser).
func mix(seed, counter uint64) uint64 {
	z := seed + counter*0x9e3779b97f4a7c15
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

var global atomic.Pointer[SeedGenerator]

// globalGen returns the global generator, seeding it from crypto/rand on
// first use when SetSeed was never called.
func globalGen() *SeedGenerator {
	if g := global.Load(); g != nil {
		return g
	}
	var b [8]byte
	if _, err := crand.Read(b[:]); err != nil {
		binary.LittleEndian.PutUint64(b[:], rand.Uint64())
	}
	global.CompareAndSwap(nil, NewSeedGenerator(binary.LittleEndian.Uint64(b[:])))
	return global.Load()
}

// SetSeed reseeds the global generator (keras.utils.set_random_seed calls
// the equivalent); every later NextSeed is then deterministic.
func SetSeed(seed uint64) {
	global.Store(NewSeedGenerator(seed))
}

// NextSeed draws a seed from the global generator: the seed Keras uses when
// an initializer, layer or op is given seed=None.
func NextSeed() uint64 { return globalGen().Next() }

// pcgStream is the PCG stream selector used for every tensor this package
// draws; the seed picks the state.
const pcgStream = 0x6b657261735f676f // "keras_go"

// newRand returns the random source for one draw.
func newRand(seed uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, pcgStream))
}

// unit converts 64 random bits to a float32 in [0, 1).
func unit(u uint64) float32 { return float32(u>>40) * 0x1p-24 }
