package main

import (
	"math/rand/v2"
	"testing"

	"github.com/gokeras/keras"
)

// The guide's summary reports 223,242 parameters.
func TestToyResNetParams(t *testing.T) {
	keras.ClearSession()
	m, err := toyResNet(10)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := m.CountParams(), 223242; got != want {
		t.Errorf("CountParams() = %d, want %d", got, want)
	}
}

func TestSynthetic(t *testing.T) {
	x, y := synthetic(rand.New(rand.NewPCG(1, 2)), 7)
	if got := x.Shape().String(); got != "(7, 32, 32, 3)" {
		t.Errorf("images shape %s", got)
	}
	if got := y.Shape().String(); got != "(7, 1)" {
		t.Errorf("labels shape %s", got)
	}
	for i, l := range y.Uint8s() {
		if l >= 10 {
			t.Errorf("label %d = %d, want < 10", i, l)
		}
	}
}

// One short epoch on the synthetic set runs end to end.
func TestRunSynthetic(t *testing.T) {
	keras.ClearSession()
	if err := run(config{epochs: 1, batchSize: 16, samples: 48, synthetic: true, seed: 1}); err != nil {
		t.Fatal(err)
	}
}

// head keeps the first images and labels, as x_train[:1000] does.
func TestHead(t *testing.T) {
	x, y := synthetic(rand.New(rand.NewPCG(1, 2)), 5)
	for _, n := range []int{2, 5, 9} {
		hx, hy, err := head(x, y, n)
		if err != nil {
			t.Fatal(err)
		}
		want := min(n, 5)
		if hx.Shape()[0] != want || hy.Shape()[0] != want {
			t.Fatalf("head(%d): shapes %v %v", n, hx.Shape(), hy.Shape())
		}
		if got, w := hx.Uint8s()[:want*32*32*3], x.Uint8s()[:want*32*32*3]; string(got) != string(w) {
			t.Errorf("head(%d): images differ", n)
		}
		if string(hy.Uint8s()) != string(y.Uint8s()[:want]) {
			t.Errorf("head(%d): labels differ", n)
		}
	}
}
