package optimizers

import (
	"encoding/json"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/gokeras/keras/tensor"
)

type golden struct {
	VarPaths  []string      `json:"var_paths"`
	VarShapes [][]int       `json:"var_shapes"`
	VarInit   [][]float64   `json:"var_init"`
	Grads     [][][]float64 `json:"grads"`
	Cases     []goldenCase  `json:"cases"`
}

type goldenCase struct {
	ID        string           `json:"id"`
	ClassName string           `json:"class_name"`
	Config    map[string]any   `json:"config"`
	Steps     int              `json:"steps"`
	Values    [][][]float64    `json:"values"`
	Variables []goldenVariable `json:"variables"`
	LR        float64          `json:"learning_rate"`
	Iter      int64            `json:"iterations"`
}

type goldenVariable struct {
	Path  string    `json:"path"`
	Value []float64 `json:"value"`
}

func loadGolden(t *testing.T) golden {
	t.Helper()
	b, err := os.ReadFile("testdata/optimizers_golden.json")
	if err != nil {
		t.Fatal(err)
	}
	var g golden
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatal(err)
	}
	return g
}

func f32s(x []float64) []float32 {
	out := make([]float32, len(x))
	for i, v := range x {
		out[i] = float32(v)
	}
	return out
}

// newVars builds the golden model variables.
func (g golden) newVars(t *testing.T) []*tensor.Variable {
	t.Helper()
	vars := make([]*tensor.Variable, len(g.VarPaths))
	for i, p := range g.VarPaths {
		v, err := tensor.FromFloat32(f32s(g.VarInit[i]), g.VarShapes[i]...)
		if err != nil {
			t.Fatal(err)
		}
		vars[i] = tensor.NewVariable(p[strings.LastIndex(p, "/")+1:], p, v, true)
	}
	return vars
}

func (g golden) gradsAt(t *testing.T, step int) []*tensor.Tensor {
	t.Helper()
	out := make([]*tensor.Tensor, len(g.VarPaths))
	for i := range g.VarPaths {
		x, err := tensor.FromFloat32(f32s(g.Grads[step][i]), g.VarShapes[i]...)
		if err != nil {
			t.Fatal(err)
		}
		out[i] = x
	}
	return out
}

func near(got, want float64) bool {
	return math.Abs(got-want) <= 1e-5*math.Max(math.Abs(got), math.Abs(want))+1e-7
}

func checkValues(t *testing.T, what string, got []float32, want []float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d values, want %d", what, len(got), len(want))
		return
	}
	for i := range got {
		if !near(float64(got[i]), want[i]) {
			t.Errorf("%s[%d] = %.9g, want %.9g", what, i, got[i], want[i])
			return
		}
	}
}

func TestGolden(t *testing.T) {
	g := loadGolden(t)
	for _, c := range g.Cases {
		t.Run(c.ID, func(t *testing.T) {
			cfg := map[string]any{}
			for k, v := range c.Config {
				cfg[k] = v
			}
			cfg["name"] = strings.TrimSuffix(c.Variables[0].Path, "/iteration")
			opt, err := FromConfig(c.ClassName, cfg)
			if err != nil {
				t.Fatal(err)
			}
			vars := g.newVars(t)
			for s := 0; s < c.Steps; s++ {
				if err := opt.Apply(g.gradsAt(t, s), vars); err != nil {
					t.Fatal(err)
				}
				for i, v := range vars {
					checkValues(t, v.Path()+" after step "+string(rune('1'+s)), v.Value().Float32s(), c.Values[s][i])
				}
			}
			ov := opt.Variables()
			if len(ov) != len(c.Variables) {
				var paths []string
				for _, v := range ov {
					paths = append(paths, v.Path())
				}
				t.Fatalf("Variables() = %v, want %d variables %+v", paths, len(c.Variables), c.Variables)
			}
			for i, want := range c.Variables {
				v := ov[i]
				if v.Path() != want.Path {
					t.Errorf("variable %d path %q, want %q", i, v.Path(), want.Path)
				}
				if v.Trainable() {
					t.Errorf("optimizer variable %s is trainable", v.Path())
				}
				if v.Value().DType() == tensor.Int64 {
					if got := v.Value().Int64s()[0]; float64(got) != want.Value[0] {
						t.Errorf("%s = %d, want %v", v.Path(), got, want.Value[0])
					}
					continue
				}
				checkValues(t, v.Path(), v.Value().Float32s(), want.Value)
			}
			if !near(opt.LearningRate(), c.LR) {
				t.Errorf("LearningRate() = %v, want %v", opt.LearningRate(), c.LR)
			}
			if opt.Iterations() != c.Iter {
				t.Errorf("Iterations() = %d, want %d", opt.Iterations(), c.Iter)
			}
		})
	}
}
