package random

import (
	"fmt"

	"github.com/gokeras/keras/ops"
	"github.com/gokeras/keras/tensor"
)

func alloc(name string, shape []int) (*tensor.Tensor, error) {
	t, err := tensor.New(tensor.Float32, shape...)
	if err != nil {
		return nil, fmt.Errorf("random.%s: %w", name, err)
	}
	return t, nil
}

// Normal draws a float32 tensor from N(mean, stddev^2)
// (keras.random.normal).
func Normal(shape []int, mean, stddev float32, seed uint64) (*tensor.Tensor, error) {
	t, err := alloc("normal", shape)
	if err != nil {
		return nil, err
	}
	r := newRand(seed)
	for i, d := 0, t.Float32s(); i < len(d); i++ {
		d[i] = mean + float32(stddev*float32(r.NormFloat64())) // rounded: no FMA
	}
	return t, nil
}

// Uniform draws a float32 tensor uniformly from [minval, maxval)
// (keras.random.uniform).
func Uniform(shape []int, minval, maxval float32, seed uint64) (*tensor.Tensor, error) {
	if !(minval <= maxval) {
		return nil, fmt.Errorf("random.uniform: minval %g must not exceed maxval %g", minval, maxval)
	}
	t, err := alloc("uniform", shape)
	if err != nil {
		return nil, err
	}
	r := newRand(seed)
	for i, d := 0, t.Float32s(); i < len(d); i++ {
		d[i] = minval + float32((maxval-minval)*unit(r.Uint64())) // rounded: no FMA
	}
	return t, nil
}

// TruncatedNormal draws from N(mean, stddev^2) and redraws every value
// farther than two standard deviations from the mean
// (keras.random.truncated_normal). The resulting standard deviation is about
// 0.88 * stddev.
func TruncatedNormal(shape []int, mean, stddev float32, seed uint64) (*tensor.Tensor, error) {
	t, err := alloc("truncated_normal", shape)
	if err != nil {
		return nil, err
	}
	r := newRand(seed)
	for i, d := 0, t.Float32s(); i < len(d); i++ {
		z := r.NormFloat64()
		for z < -2 || z > 2 {
			z = r.NormFloat64()
		}
		d[i] = mean + float32(stddev*float32(z))
	}
	return t, nil
}

// Permutation returns a random permutation of 0..n-1 determined by seed
// (what keras.random.shuffle applies).
func Permutation(n int, seed uint64) []int {
	if n <= 0 {
		return []int{}
	}
	return newRand(seed).Perm(n)
}

// Shuffle returns x with its first axis randomly permuted
// (keras.random.shuffle with axis=0). It is differentiable like ops.Take.
func Shuffle(x *tensor.Tensor, seed uint64) (*tensor.Tensor, error) {
	if x == nil || x.Rank() == 0 {
		return nil, fmt.Errorf("random.shuffle: need a tensor of rank >= 1")
	}
	p := Permutation(x.Dim(0), seed)
	idx := make([]int64, len(p))
	for i, v := range p {
		idx[i] = int64(v)
	}
	it, err := tensor.FromInt64(idx, len(idx))
	if err != nil {
		return nil, fmt.Errorf("random.shuffle: %w", err)
	}
	out, err := ops.Take(x, it, 0)
	if err != nil {
		return nil, fmt.Errorf("random.shuffle: %w", err)
	}
	return out, nil
}
