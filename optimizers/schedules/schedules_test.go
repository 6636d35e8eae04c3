package schedules

import (
	"encoding/json"
	"math"
	"os"
	"reflect"
	"strings"
	"testing"
)

type goldenCase struct {
	ClassName string         `json:"class_name"`
	Config    map[string]any `json:"config"`
	Steps     []int64        `json:"steps"`
	Values    []float64      `json:"values"`
}

func loadGolden(t *testing.T) []goldenCase {
	t.Helper()
	b, err := os.ReadFile("testdata/schedules_golden.json")
	if err != nil {
		t.Fatal(err)
	}
	var g struct{ Cases []goldenCase }
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatal(err)
	}
	return g.Cases
}

func close(a, b float64) bool {
	return math.Abs(a-b) <= 1e-5*math.Max(math.Abs(a), math.Abs(b))+1e-12
}

func TestGolden(t *testing.T) {
	for _, c := range loadGolden(t) {
		s, err := FromConfig(c.ClassName, c.Config)
		if err != nil {
			t.Fatalf("%s %v: %v", c.ClassName, c.Config, err)
		}
		for i, step := range c.Steps {
			if got := s.Call(step); !close(got, c.Values[i]) {
				t.Errorf("%s %v step %d: got %.9g want %.9g", c.ClassName, c.Config, step, got, c.Values[i])
			}
		}
	}
}

func TestConfigRoundTrip(t *testing.T) {
	for _, c := range loadGolden(t) {
		s, err := FromConfig(c.ClassName, c.Config)
		if err != nil {
			t.Fatal(err)
		}
		// Through JSON, as a .keras file would.
		b, err := json.Marshal(Serialize(s))
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		s2, err := Get(m)
		if err != nil {
			t.Fatalf("%s: %v", b, err)
		}
		if !reflect.DeepEqual(s, s2) {
			t.Errorf("round trip of %s: %#v != %#v", b, s, s2)
		}
	}
}

func TestConstructors(t *testing.T) {
	e, err := NewExponentialDecay(0.1, 10, 0.5, Staircase(true), Name("ed"))
	if err != nil || !e.Staircase || e.Name != "ed" {
		t.Fatalf("%+v %v", e, err)
	}
	p, err := NewPolynomialDecay(0.1, 10, EndLearningRate(0.01), Power(2), Cycle(true))
	if err != nil || p.EndLearningRate != 0.01 || p.Power != 2 || !p.Cycle {
		t.Fatalf("%+v %v", p, err)
	}
	if p2, _ := NewPolynomialDecay(0.1, 10); p2.EndLearningRate != 0.0001 || p2.Power != 1 || p2.Name != "PolynomialDecay" {
		t.Errorf("PolynomialDecay defaults: %+v", p2)
	}
	c, err := NewCosineDecay(0, 10, Warmup(0.2, 5), Alpha(0.1))
	if err != nil || *c.WarmupTarget != 0.2 || c.WarmupSteps != 5 || c.Alpha != 0.1 {
		t.Fatalf("%+v %v", c, err)
	}
	r, err := NewCosineDecayRestarts(0.1, 10, TMul(1.5), MMul(0.5))
	if err != nil || r.TMul != 1.5 || r.MMul != 0.5 || r.Name != "SGDRDecay" {
		t.Fatalf("%+v %v", r, err)
	}
	pc, err := NewPiecewiseConstantDecay([]int64{10}, []float64{1, 0.5})
	if err != nil || pc.Name != "PiecewiseConstant" || pc.Call(10) != 1 || pc.Call(11) != 0.5 {
		t.Fatalf("%+v %v", pc, err)
	}
	if i, err := NewInverseTimeDecay(1, 1, 1); err != nil || i.Call(1) != 0.5 {
		t.Fatalf("%+v %v", i, err)
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name string
		fn   func() error
		want string
	}{
		{"decay_steps", func() error { _, err := NewExponentialDecay(0.1, 0, 0.5); return err }, "`decay_steps` must be > 0"},
		{"first_decay_steps", func() error { _, err := NewCosineDecayRestarts(0.1, -1); return err }, "`first_decay_steps` must be > 0"},
		{"piecewise lengths", func() error { _, err := NewPiecewiseConstantDecay([]int64{1, 2}, []float64{1}); return err }, "1 less than the length of values"},
		{"bad option", func() error { _, err := NewExponentialDecay(0.1, 1, 0.5, Cycle(true)); return err }, "not recognized: {'cycle': True}"},
		{"unknown class", func() error { _, err := FromConfig("Nope", nil); return err }, `unknown learning rate schedule "Nope"; valid names: CosineDecay`},
		{"missing arg", func() error { _, err := FromConfig("CosineDecay", map[string]any{"decay_steps": 1}); return err }, "missing required argument `initial_learning_rate`"},
		{"bad type", func() error {
			_, err := FromConfig("CosineDecay", map[string]any{"initial_learning_rate": "x", "decay_steps": 1})
			return err
		}, "`initial_learning_rate` must be a number"},
		{"get", func() error { _, err := Get(3); return err }, "could not interpret"},
	}
	for _, tt := range tests {
		err := tt.fn()
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: got %v, want error containing %q", tt.name, err, tt.want)
		}
	}
}

func TestFromConfigCaseInsensitive(t *testing.T) {
	if _, err := FromConfig("exponentialdecay", map[string]any{"initial_learning_rate": 1, "decay_steps": 1, "decay_rate": 0.5}); err != nil {
		t.Fatal(err)
	}
}
