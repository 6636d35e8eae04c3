package losses

import (
	"encoding/json"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/gokeras/keras/tensor"
)

type goldenTensor struct {
	Shape []int     `json:"shape"`
	DType string    `json:"dtype"`
	Data  []float64 `json:"data"`
}

func (g *goldenTensor) tensor(t *testing.T) *tensor.Tensor {
	t.Helper()
	if g == nil {
		return nil
	}
	var x *tensor.Tensor
	var err error
	switch g.DType {
	case "int32":
		d := make([]int32, len(g.Data))
		for i, v := range g.Data {
			d[i] = int32(v)
		}
		x, err = tensor.FromInt32(d, g.Shape...)
	case "int64":
		d := make([]int64, len(g.Data))
		for i, v := range g.Data {
			d[i] = int64(v)
		}
		x, err = tensor.FromInt64(d, g.Shape...)
	default:
		d := make([]float32, len(g.Data))
		for i, v := range g.Data {
			d[i] = float32(v)
		}
		x, err = tensor.FromFloat32(d, g.Shape...)
	}
	if err != nil {
		t.Fatal(err)
	}
	return x
}

type goldenCase struct {
	Name         string         `json:"name"`
	Class        string         `json:"class"`
	Config       map[string]any `json:"config"`
	YTrue        *goldenTensor  `json:"y_true"`
	YPred        *goldenTensor  `json:"y_pred"`
	SampleWeight *goldenTensor  `json:"sample_weight"`
	Expect       *goldenTensor  `json:"expect"`
	Ref          string         `json:"ref"`
}

func loadGolden(t *testing.T) []goldenCase {
	t.Helper()
	raw, err := os.ReadFile("testdata/losses_golden.json")
	if err != nil {
		t.Fatal(err)
	}
	var g struct {
		Cases []goldenCase `json:"cases"`
	}
	if err := json.Unmarshal(raw, &g); err != nil {
		t.Fatal(err)
	}
	if len(g.Cases) == 0 {
		t.Fatal("no golden cases")
	}
	return g.Cases
}

func closeTo(got, want float64) bool {
	if math.IsNaN(got) || math.IsNaN(want) {
		return math.IsNaN(got) && math.IsNaN(want)
	}
	return math.Abs(got-want) <= 1e-5*math.Max(math.Abs(want), 1e-2)
}

func TestGolden(t *testing.T) {
	for _, c := range loadGolden(t) {
		t.Run(c.Name, func(t *testing.T) {
			l, err := FromConfig(c.Class, c.Config)
			if err != nil {
				t.Fatal(err)
			}
			got, err := l.Call(c.YTrue.tensor(t), c.YPred.tensor(t), c.SampleWeight.tensor(t))
			if err != nil {
				t.Fatal(err)
			}
			if !got.Shape().Equal(tensor.Shape(c.Expect.Shape)) {
				t.Fatalf("shape %v, want %v", got.Shape(), tensor.Shape(c.Expect.Shape))
			}
			for i, want := range c.Expect.Data {
				if g := got.At(i); !closeTo(g, want) {
					t.Fatalf("element %d = %.8g, want %.8g (%s)", i, g, want, c.Ref)
				}
			}
		})
	}
}

// TestGoldenGradients differentiates every golden case with respect to
// y_pred and compares with finite differences.
func TestGoldenGradients(t *testing.T) {
	for _, c := range loadGolden(t) {
		if strings.HasPrefix(c.Name, "BCE_clip") {
			continue // y_pred sits exactly on the clipping kink
		}
		t.Run(c.Name, func(t *testing.T) {
			l, err := FromConfig(c.Class, c.Config)
			if err != nil {
				t.Fatal(err)
			}
			yTrue, sw := c.YTrue.tensor(t), c.SampleWeight.tensor(t)
			f := func(in []*tensor.Tensor) (*tensor.Tensor, error) { return l.Call(yTrue, in[0], sw) }
			checkGrad(t, f, c.YPred.tensor(t))
		})
	}
}
