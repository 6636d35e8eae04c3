// Package nprandom reproduces the parts of numpy's legacy random generator
// (numpy.random.RandomState) that Keras's dataset loaders use to shuffle:
// the MT19937 Mersenne Twister seeded from an integer, and
// RandomState.shuffle, so that Go loaders order samples exactly as Keras
// does for the same seed.
package nprandom

import "fmt"

const (
	mtN       = 624
	mtM       = 397
	mtMatrixA = 0x9908b0df
	mtUpper   = 0x80000000
	mtLower   = 0x7fffffff
)

// RandomState is numpy.random.RandomState's MT19937 generator.
type RandomState struct {
	key [mtN]uint32
	pos int
}

// New returns the state of numpy.random.RandomState(seed); seed must be in
// [0, 2**32), as numpy requires.
func New(seed int64) (*RandomState, error) {
	if seed < 0 || seed > 0xffffffff {
		return nil, fmt.Errorf("nprandom: seed must be between 0 and 2**32 - 1, received %d", seed)
	}
	r := &RandomState{}
	s := uint32(seed)
	for i := range mtN {
		r.key[i] = s
		s = 1812433253*(s^(s>>30)) + uint32(i) + 1
	}
	r.pos = mtN
	return r, nil
}

func (r *RandomState) generate() {
	k := &r.key
	for i := range mtN {
		y := k[i]&mtUpper | k[(i+1)%mtN]&mtLower
		v := k[(i+mtM)%mtN] ^ y>>1
		if y&1 != 0 {
			v ^= mtMatrixA
		}
		k[i] = v
	}
	r.pos = 0
}

// Uint32 is the next 32-bit output (mt19937_next32).
func (r *RandomState) Uint32() uint32 {
	if r.pos == mtN {
		r.generate()
	}
	y := r.key[r.pos]
	r.pos++
	y ^= y >> 11
	y ^= y << 7 & 0x9d2c5680
	y ^= y << 15 & 0xefc60000
	return y ^ y>>18
}

// Uint64 is numpy's next_uint64 for MT19937: two 32-bit outputs, high first.
func (r *RandomState) Uint64() uint64 {
	hi := uint64(r.Uint32())
	return hi<<32 | uint64(r.Uint32())
}

// Interval returns a uniform integer in [0, max] by masked rejection, as
// numpy's legacy random_interval does.
func (r *RandomState) Interval(max uint64) uint64 {
	if max == 0 {
		return 0
	}
	mask := max
	for _, s := range []uint{1, 2, 4, 8, 16, 32} {
		mask |= mask >> s
	}
	if max <= 0xffffffff {
		for {
			if v := uint64(r.Uint32()) & mask; v <= max {
				return v
			}
		}
	}
	for {
		if v := r.Uint64() & mask; v <= max {
			return v
		}
	}
}

// Shuffle permutes n items in place as RandomState.shuffle does for a 1-D
// array (Fisher-Yates from the end, j drawn by Interval), calling swap(i, j).
func (r *RandomState) Shuffle(n int, swap func(i, j int)) {
	for i := n - 1; i >= 1; i-- {
		j := int(r.Interval(uint64(i)))
		swap(i, j)
	}
}

// Permutation returns numpy's result of shuffling np.arange(n).
func (r *RandomState) Permutation(n int) []int {
	p := make([]int, n)
	for i := range p {
		p[i] = i
	}
	r.Shuffle(n, func(i, j int) { p[i], p[j] = p[j], p[i] })
	return p
}
