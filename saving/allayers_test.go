package saving

import (
	"math"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/gokeras/keras"
	"github.com/gokeras/keras/layers"
	"github.com/gokeras/keras/tensor"
)

// TestEveryRegisteredLayerHasRoundTrip fails when a class registered in
// package layers has no round-trip case in rtCases, so that a new layer
// cannot be added without one.
func TestEveryRegisteredLayerHasRoundTrip(t *testing.T) {
	covered := map[string]bool{}
	for k := range rtCases() {
		covered[strings.SplitN(k, "/", 2)[0]] = true
	}
	var missing []string
	for _, cls := range layers.Registered() {
		if !covered[cls] {
			missing = append(missing, cls)
		}
	}
	if len(missing) > 0 {
		t.Errorf("registered layer classes without a save/load round-trip case in rtCases (allayers_cases_test.go): %v", missing)
	}
}

// rtScramble gives every float variable of m deterministic non-initial
// values (variances positive) and scales the own arrays of
// OwnVariablesLayer layers, so that a load that skips something shows.
func rtScramble(t *testing.T, m Model, seed int) {
	t.Helper()
	for i, v := range m.Weights() {
		if v.Value().DType() != tensor.Float32 {
			continue
		}
		f := v.Value().Float32s()
		for j := range f {
			f[j] = float32(math.Sin(float64(seed+i*31+j))) * 0.5
		}
		if strings.Contains(v.Name(), "variance") {
			for j := range f {
				f[j] = 1 + f[j]*f[j]
			}
		}
	}
	for _, g := range kerasLayout(m, false) {
		h, ok := g.layer.(OwnVariablesLayer)
		if !ok || g.mirror || seed == 0 {
			continue
		}
		store := h.SaveOwnVariables()
		for k, v := range store {
			c := v.Clone()
			for j := range c.Float32s() {
				c.Float32s()[j] = c.Float32s()[j]*2 + 1
			}
			store[k] = c
		}
		if len(store) > 0 {
			if err := h.LoadOwnVariables(store); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// rtSame checks that two predictions are bit-identical, whatever their
// dtype.
func rtSame(t *testing.T, what string, a, b []*tensor.Tensor) {
	t.Helper()
	if len(a) != len(b) {
		t.Fatalf("%s: %d vs %d outputs", what, len(a), len(b))
	}
	for i := range a {
		if !a[i].Shape().Equal(b[i].Shape()) || a[i].DType() != b[i].DType() {
			t.Fatalf("%s: output %d is %v %v, want %v %v", what, i, b[i].DType(), b[i].Shape(), a[i].DType(), a[i].Shape())
		}
		for j := range a[i].Size() {
			x, y := a[i].At(j), b[i].At(j)
			if x != y && !(math.IsNaN(x) && math.IsNaN(y)) {
				t.Fatalf("%s: output %d element %d: got %v, want %v", what, i, j, y, x)
			}
		}
	}
}

// TestRoundTripAllLayers saves a minimal model of every registered layer
// class as .keras, .weights.h5 and (where TensorFlow.js runs the layer)
// TF.js, loads it back and checks bit-identical predictions.
func TestRoundTripAllLayers(t *testing.T) {
	cases := rtCases()
	names := make([]string, 0, len(cases))
	for k := range cases {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, name := range names {
		c := cases[name]
		t.Run(name, func(t *testing.T) {
			keras.ClearSession()
			m, x := c.build(t)
			rtScramble(t, m, 0)
			want := predict(t, m, x)
			dir := t.TempDir()

			kp := filepath.Join(dir, "m.keras")
			if err := SaveModel(m, kp); err != nil {
				t.Fatalf("SaveModel: %v", err)
			}
			m2, err := LoadModel(kp)
			if err != nil {
				t.Fatalf("LoadModel: %v", err)
			}
			rtSame(t, ".keras", want, predict(t, m2, x))

			wp := filepath.Join(dir, "m.weights.h5")
			if err := SaveWeights(m, wp); err != nil {
				t.Fatalf("SaveWeights: %v", err)
			}
			m3, _ := c.build(t)
			rtScramble(t, m3, 7)
			if err := LoadWeights(m3, wp, false); err != nil {
				t.Fatalf("LoadWeights: %v", err)
			}
			rtSame(t, ".weights.h5", want, predict(t, m3, x))

			if !c.tfjs {
				return
			}
			jd := filepath.Join(dir, "tfjs")
			if err := SaveTFJS(m, jd); err != nil {
				t.Fatalf("SaveTFJS: %v", err)
			}
			m4, err := LoadModel(jd)
			if err != nil {
				t.Fatalf("LoadModel(tfjs): %v", err)
			}
			rtSame(t, "TF.js", want, predict(t, m4, x))
		})
	}
}
