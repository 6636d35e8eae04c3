package main

import (
	"testing"

	"github.com/gokeras/keras"
)

// Keras's example reports 2,757,761 parameters.
func TestBiLSTMParams(t *testing.T) {
	keras.ClearSession()
	m, err := biLSTM(20000)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := m.CountParams(), 2757761; got != want {
		t.Errorf("CountParams() = %d, want %d", got, want)
	}
}

// One short epoch on the synthetic task runs end to end.
func TestRunSynthetic(t *testing.T) {
	keras.ClearSession()
	c := config{epochs: 1, batchSize: 16, samples: 32, maxlen: 20, maxFeatures: 500, synthetic: true, seed: 1}
	if err := run(c); err != nil {
		t.Fatal(err)
	}
}
