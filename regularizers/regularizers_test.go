package regularizers

import (
	"encoding/json"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/gokeras/keras/autodiff"
	"github.com/gokeras/keras/internal/gradcheck"
	"github.com/gokeras/keras/tensor"
)

func mustReg(r Regularizer, err error) Regularizer {
	if err != nil {
		panic(err)
	}
	return r
}

var goldenRegs = map[string]Regularizer{
	"l1_default":              mustReg(Get("l1")),
	"l1_0.3":                  mustReg(NewL1(0.3)),
	"l2_default":              mustReg(Get("L2")),
	"l2_0.5":                  mustReg(NewL2(0.5)),
	"l1l2_0.1_0.2":            mustReg(NewL1L2(0.1, 0.2)),
	"l1l2_0_0.2":              mustReg(NewL1L2(0, 0.2)),
	"orthogonal_rows_default": mustReg(Get("orthogonal_regularizer")),
	"orthogonal_columns_0.5":  mustReg(NewOrthogonalRegularizer(0.5, "columns")),
	"orthogonal_rows_wide":    mustReg(NewOrthogonalRegularizer(0.1, "rows")),
	"orthogonal_columns_wide": mustReg(NewOrthogonalRegularizer(0.1, "columns")),
}

type golden struct {
	Name  string
	Shape []int
	W     []float64
	Value float64
	Grad  []float64
}

func loadGoldens(t *testing.T) []golden {
	t.Helper()
	b, err := os.ReadFile("testdata/regularizers.json")
	if err != nil {
		t.Fatal(err)
	}
	var g []golden
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatal(err)
	}
	return g
}

func weights(g golden) *tensor.Tensor {
	w := tensor.Zeros(g.Shape...)
	for i, v := range g.W {
		w.Float32s()[i] = float32(v)
	}
	return w
}

func near(got, want float64) bool { return math.Abs(got-want) <= 1e-5*math.Max(math.Abs(want), 1e-2) }

func TestGoldens(t *testing.T) {
	for _, g := range loadGoldens(t) {
		t.Run(g.Name, func(t *testing.T) {
			r := goldenRegs[g.Name]
			w := tensor.Track(weights(g), true)
			y, err := r.Call(w)
			if err != nil {
				t.Fatal(err)
			}
			if y.Rank() != 0 || y.DType() != tensor.Float32 {
				t.Fatalf("penalty has shape %v dtype %v, want a float32 scalar", y.Shape(), y.DType())
			}
			if !near(y.Item(), g.Value) {
				t.Errorf("value %g, want %g", y.Item(), g.Value)
			}
			grads, err := autodiff.Gradients(y, []*tensor.Tensor{w})
			if err != nil {
				t.Fatal(err)
			}
			for i, want := range g.Grad {
				if got := float64(grads[0].Float32s()[i]); !near(got, want) {
					t.Errorf("grad[%d] = %g, want %g", i, got, want)
				}
			}
		})
	}
}

func TestGradcheck(t *testing.T) {
	for _, g := range loadGoldens(t) {
		r := goldenRegs[g.Name]
		err := gradcheck.Check(func(in []*tensor.Tensor) (*tensor.Tensor, error) { return r.Call(in[0]) },
			[]*tensor.Tensor{weights(g)}, gradcheck.Options{Eps: 1e-3})
		if err != nil {
			t.Errorf("%s: %v", g.Name, err)
		}
	}
}

func TestOrthogonalReplayIsStable(t *testing.T) {
	// The op keeps scratch between Forward calls: a second call on the same
	// node must give the same result.
	r := mustReg(NewOrthogonalRegularizer(0.2, "columns"))
	w := gradcheck.Random(1, -1, 1, 5, 3)
	a, _ := r.Call(w)
	b, _ := r.Call(w)
	if a.Item() != b.Item() {
		t.Errorf("%g != %g", a.Item(), b.Item())
	}
}

func TestGetAndConfig(t *testing.T) {
	for id, cls := range map[string]string{
		"l1": "L1", "L1": "L1", "l2": "L2", "L2": "L2", "l1l2": "L1L2", "l1_l2": "L1L2", "L1L2": "L1L2",
		"orthogonal_regularizer": "OrthogonalRegularizer", "OrthogonalRegularizer": "OrthogonalRegularizer",
	} {
		r, err := Get(id)
		if err != nil || r.ClassName() != cls {
			t.Errorf("Get(%q) = %v, %v; want %s", id, r, err, cls)
		}
	}
	defaults := map[string]map[string]any{
		"l1":                     {"l1": 0.01},
		"l2":                     {"l2": 0.01},
		"l1l2":                   {"l1": 0.0, "l2": 0.0},
		"orthogonal_regularizer": {"factor": 0.01, "mode": "rows"},
	}
	for id, want := range defaults {
		got := mustReg(Get(id)).GetConfig()
		b1, _ := json.Marshal(got)
		b2, _ := json.Marshal(want)
		if string(b1) != string(b2) {
			t.Errorf("%s config %s, want %s", id, b1, b2)
		}
	}
	for _, r := range goldenRegs {
		b, _ := json.Marshal(Serialize(r))
		var d map[string]any
		_ = json.Unmarshal(b, &d)
		r2, err := Get(d)
		if err != nil {
			t.Fatalf("Get(%s): %v", b, err)
		}
		b2, _ := json.Marshal(Serialize(r2))
		if string(b) != string(b2) {
			t.Errorf("round trip %s -> %s", b, b2)
		}
	}
	if r, err := Get(nil); r != nil || err != nil {
		t.Error("Get(nil) should be nil, nil")
	}
	if _, err := Get("l3"); err == nil || !strings.Contains(err.Error(), "l1_l2") {
		t.Errorf("unknown name: %v", err)
	}
}

func TestErrors(t *testing.T) {
	if _, err := NewL1(-1); err == nil {
		t.Error("negative l1 accepted")
	}
	if _, err := NewL2(math.Inf(1)); err == nil {
		t.Error("infinite l2 accepted")
	}
	if _, err := NewOrthogonalRegularizer(0.1, "diag"); err == nil {
		t.Error("bad mode accepted")
	}
	o := mustReg(Get("orthogonal_regularizer"))
	if _, err := o.Call(tensor.Zeros(2, 2, 2)); err == nil || !strings.Contains(err.Error(), "(2, 2, 2)") {
		t.Errorf("rank-3 error: %v", err)
	}
	i, _ := tensor.FromInt32([]int32{1}, 1)
	if _, err := mustReg(Get("l1")).Call(i); err == nil {
		t.Error("int weights accepted")
	}
	z, err := mustReg(NewL1L2(0, 0)).Call(tensor.Zeros(3))
	if err != nil || z.Item() != 0 {
		t.Errorf("L1L2(0,0) = %v, %v", z, err)
	}
}
