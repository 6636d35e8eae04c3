package main

import (
	"errors"
	"testing"

	"github.com/gokeras/keras/layers"
)

// A layer class the engine lacks must read as "unavailable", not as a
// failure, so the comparison prints n/a until the layer lands.
func TestFromConfigsUnknownLayerIsUnavailable(t *testing.T) {
	_, err := fromConfigs(layers.NewInputLayer([]int{4}), []layerSpec{
		{"NoSuchLayerForBench", map[string]any{"units": 1}},
	}, "mse")
	var u *unavailableError
	if !errors.As(err, &u) {
		t.Fatalf("err = %v, want an *unavailableError", err)
	}
}

func TestFromConfigsKnownLayers(t *testing.T) {
	m, err := fromConfigs(layers.NewInputLayer([]int{28, 28}), []layerSpec{
		{"Flatten", map[string]any{}},
		{"Dense", map[string]any{"units": 10, "activation": "softmax"}},
	}, "sparse_categorical_crossentropy")
	if err != nil {
		t.Fatalf("fromConfigs: %v", err)
	}
	if got := len(m.Layers()); got < 2 {
		t.Errorf("model has %d layers, want at least 2", got)
	}
}

// K1S compares 1 thread with more: one thread is a usage error.
func TestK1SNeedsTwoThreads(t *testing.T) {
	if _, err := runK1S(options{threads: 1}); err == nil {
		t.Fatal("runK1S with 1 thread: no error")
	}
}
