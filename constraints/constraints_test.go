package constraints

import (
	"encoding/json"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/gokeras/keras/tensor"
)

type golden struct {
	Name       string
	Constraint map[string]any
	Shape      []int
	W, Want    []float64
}

func loadGoldens(t *testing.T) []golden {
	t.Helper()
	b, err := os.ReadFile("testdata/constraints.json")
	if err != nil {
		t.Fatal(err)
	}
	var g []golden
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatal(err)
	}
	return g
}

func fill(shape []int, v []float64) *tensor.Tensor {
	w := tensor.Zeros(shape...)
	for i, x := range v {
		w.Float32s()[i] = float32(x)
	}
	return w
}

func TestGoldens(t *testing.T) {
	for _, g := range loadGoldens(t) {
		t.Run(g.Name, func(t *testing.T) {
			c, err := Get(g.Constraint)
			if err != nil {
				t.Fatal(err)
			}
			w := fill(g.Shape, g.W)
			if err := c.Check(w.Shape()); err != nil {
				t.Fatal(err)
			}
			for pass := range 2 { // the second pass reuses the scratch
				w := fill(g.Shape, g.W)
				c.Constrain(w)
				for i, want := range g.Want {
					got := float64(w.Float32s()[i])
					if math.Abs(got-want) > 1e-5*math.Max(math.Abs(want), 1e-3) {
						t.Fatalf("pass %d: w[%d] = %g, want %g", pass, i, got, want)
					}
				}
			}
		})
	}
}

func TestNormsAfterConstraint(t *testing.T) {
	w := tensor.Zeros(5, 4)
	for i := range w.Float32s() {
		w.Float32s()[i] = float32(i%7) - 3
	}
	colNorm := func(j int) float64 {
		s := 0.0
		for i := range 5 {
			v := float64(w.Float32s()[i*4+j])
			s += v * v
		}
		return math.Sqrt(s)
	}
	NewMaxNorm(2).Constrain(w)
	for j := range 4 {
		if n := colNorm(j); n > 2+1e-5 {
			t.Errorf("MaxNorm: column %d has norm %g", j, n)
		}
	}
	NewUnitNorm().Constrain(w)
	for j := range 4 {
		if n := colNorm(j); math.Abs(n-1) > 1e-5 {
			t.Errorf("UnitNorm: column %d has norm %g", j, n)
		}
	}
}

func TestAllocationFree(t *testing.T) {
	w := tensor.Zeros(3, 3, 8, 16)
	for i := range w.Float32s() {
		w.Float32s()[i] = float32(i%5) - 2
	}
	for _, c := range []Constraint{NewMaxNorm(2, 0, 1, 2), NewMinMaxNorm(0, 1, 1), NewUnitNorm(-1), NonNeg{}} {
		c.Constrain(w) // sizes the scratch
		if n := testing.AllocsPerRun(10, func() { c.Constrain(w) }); n != 0 {
			t.Errorf("%s: %v allocations per call", c.ClassName(), n)
		}
	}
}

func TestBadAxis(t *testing.T) {
	c := NewMaxNorm(2, 3)
	w := tensor.Zeros(2, 2)
	w.Fill(5)
	if err := c.Check(w.Shape()); err == nil || !strings.Contains(err.Error(), "(2, 2)") {
		t.Errorf("Check: %v", err)
	}
	if err := c.Apply(w); err == nil {
		t.Error("Apply accepted an out-of-range axis")
	}
	c.Constrain(w)
	if w.Float32s()[0] != 5 {
		t.Error("Constrain changed weights it cannot constrain")
	}
}

func TestGetAndConfig(t *testing.T) {
	for id, cls := range map[string]string{
		"max_norm": "MaxNorm", "MaxNorm": "MaxNorm", "min_max_norm": "MinMaxNorm", "MinMaxNorm": "MinMaxNorm",
		"non_neg": "NonNeg", "NonNeg": "NonNeg", "unit_norm": "UnitNorm", "UnitNorm": "UnitNorm",
	} {
		c, err := Get(id)
		if err != nil || c.ClassName() != cls {
			t.Errorf("Get(%q) = %v, %v", id, c, err)
		}
	}
	defaults := map[string]string{
		"max_norm":     `{"axis":0,"max_value":2}`,
		"min_max_norm": `{"axis":0,"max_value":1,"min_value":0,"rate":1}`,
		"unit_norm":    `{"axis":0}`,
		"non_neg":      `{}`,
	}
	for id, want := range defaults {
		c, _ := Get(id)
		b, _ := json.Marshal(c.GetConfig())
		if string(b) != want {
			t.Errorf("%s config %s, want %s", id, b, want)
		}
	}
	for _, c := range []Constraint{NewMaxNorm(3, 0, 1, 2), NewMinMaxNorm(0.1, 2, 0.5, -1), NewUnitNorm(1), NonNeg{}} {
		b, _ := json.Marshal(Serialize(c))
		var d map[string]any
		_ = json.Unmarshal(b, &d)
		c2, err := Get(d)
		if err != nil {
			t.Fatalf("Get(%s): %v", b, err)
		}
		b2, _ := json.Marshal(Serialize(c2))
		if string(b) != string(b2) {
			t.Errorf("round trip %s -> %s", b, b2)
		}
	}
	if c, err := Get(nil); c != nil || err != nil {
		t.Error("Get(nil) should be nil, nil")
	}
	if _, err := Get("maxnorm"); err == nil || !strings.Contains(err.Error(), "max_norm") {
		t.Errorf("unknown: %v", err)
	}
	if _, err := Get(map[string]any{"class_name": "MaxNorm", "config": map[string]any{"max": 1.0}}); err == nil {
		t.Error("bad key accepted")
	}
	var _ tensor.Constraint = NewMaxNorm(1) // usable as a variable's constraint
}
