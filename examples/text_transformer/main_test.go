package main

import (
	"testing"

	"github.com/gokeras/keras"
)

// Keras's example model has 657,758 parameters.
func TestTransformerClassifierParams(t *testing.T) {
	keras.ClearSession()
	m, err := transformerClassifier(200, 20000)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := m.CountParams(), 657758; got != want {
		t.Errorf("CountParams() = %d, want %d", got, want)
	}
}

// One short epoch on the synthetic task runs end to end.
func TestRunSynthetic(t *testing.T) {
	keras.ClearSession()
	c := config{epochs: 1, batchSize: 16, samples: 32, maxlen: 20, vocabSize: 500, synthetic: true, seed: 1}
	if err := run(c); err != nil {
		t.Fatal(err)
	}
}
