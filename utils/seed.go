package utils

import "github.com/gokeras/keras/random"

// SetRandomSeed seeds every source of randomness Keras for Go uses
// (keras.utils.set_random_seed): it resets the global seed of package random,
// from which initializers, dropout and shuffling draw when given no seed, so
// a program run twice with the same seed computes the same results.
func SetRandomSeed(seed uint64) {
	random.SetSeed(seed)
}
