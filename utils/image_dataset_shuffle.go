package utils

import (
	"bytes"
	"fmt"
	"image"
)

// maxImagePixels bounds the images the dataset decodes, so a corrupt or
// hostile header cannot make it allocate gigabytes.
const maxImagePixels = 1 << 28

// decodeImage decodes a PNG, JPEG, GIF (first frame) or BMP file after
// checking its declared size.
func decodeImage(raw []byte) (image.Image, error) {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(raw))
	if err != nil {
		return nil, err
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || int64(cfg.Width)*int64(cfg.Height) > maxImagePixels {
		return nil, fmt.Errorf("unsupported image size %dx%d", cfg.Width, cfg.Height)
	}
	img, _, err := image.Decode(bytes.NewReader(raw))
	return img, err
}

// mt19937 is the Mersenne Twister behind numpy's legacy RandomState.
type mt19937 struct {
	key [624]uint32
	pos int
}

// seed is numpy's mt19937_seed (init_genrand).
func (m *mt19937) seed(s uint32) {
	m.key[0] = s
	for i := 1; i < 624; i++ {
		prev := m.key[i-1]
		m.key[i] = 1812433253*(prev^(prev>>30)) + uint32(i)
	}
	m.pos = 624
}

func (m *mt19937) next() uint32 {
	if m.pos >= 624 {
		const upper, lower = 0x80000000, 0x7fffffff
		for i := 0; i < 624; i++ {
			y := m.key[i]&upper | m.key[(i+1)%624]&lower
			v := m.key[(i+397)%624] ^ (y >> 1)
			if y&1 != 0 {
				v ^= 0x9908b0df
			}
			m.key[i] = v
		}
		m.pos = 0
	}
	y := m.key[m.pos]
	m.pos++
	y ^= y >> 11
	y ^= (y << 7) & 0x9d2c5680
	y ^= (y << 15) & 0xefc60000
	y ^= y >> 18
	return y
}

// interval is numpy's random_interval: uniform in [0, hi] by masked
// rejection.
func (m *mt19937) interval(hi uint32) uint32 {
	if hi == 0 {
		return 0
	}
	mask := hi
	for s := 1; s < 32; s <<= 1 {
		mask |= mask >> s
	}
	for {
		if v := m.next() & mask; v <= hi {
			return v
		}
	}
}

// numpyShuffle returns the permutation numpy.random.RandomState(seed)
// .shuffle applies to a sequence of length n: element i of the result is
// the original index now at position i. Keras's index_directory shuffles
// the file list (and, with a fresh RandomState, the labels) this way.
func numpyShuffle(n int, seed uint32) []int {
	p := make([]int, n)
	for i := range p {
		p[i] = i
	}
	var m mt19937
	m.seed(seed)
	for i := n - 1; i > 0; i-- {
		j := int(m.interval(uint32(i)))
		p[i], p[j] = p[j], p[i]
	}
	return p
}
