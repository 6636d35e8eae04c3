package utils

import (
	"testing"

	"github.com/gokeras/keras/random"
)

func TestSetRandomSeedIsReproducible(t *testing.T) {
	SetRandomSeed(42)
	a, b := random.NextSeed(), random.NextSeed()
	SetRandomSeed(42)
	if c, d := random.NextSeed(), random.NextSeed(); a != c || b != d {
		t.Errorf("after SetRandomSeed(42) twice: seeds %d,%d then %d,%d", a, b, c, d)
	}
	SetRandomSeed(43)
	if e := random.NextSeed(); e == a {
		t.Errorf("seeds 42 and 43 gave the same first draw %d", e)
	}
}
