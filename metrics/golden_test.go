package metrics

import (
	"encoding/json"
	"math"
	"os"
	"testing"

	"github.com/gokeras/keras/tensor"
)

type goldenTensor struct {
	DType string    `json:"dtype"`
	Shape []int     `json:"shape"`
	Data  []float64 `json:"data"`
}

func (g *goldenTensor) tensor(t *testing.T) *tensor.Tensor {
	t.Helper()
	if g == nil {
		return nil
	}
	var (
		x   *tensor.Tensor
		err error
	)
	if g.DType == "int32" {
		d := make([]int32, len(g.Data))
		for i, v := range g.Data {
			d[i] = int32(v)
		}
		x, err = tensor.FromInt32(d, g.Shape...)
	} else {
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
	Name    string         `json:"name"`
	Metric  map[string]any `json:"metric"`
	Batches []struct {
		YTrue *goldenTensor `json:"y_true"`
		YPred *goldenTensor `json:"y_pred"`
		SW    *goldenTensor `json:"sample_weight"`
	} `json:"batches"`
	Expected json.RawMessage `json:"expected"`
}

func loadGolden(t *testing.T) []goldenCase {
	t.Helper()
	b, err := os.ReadFile("testdata/metrics_golden.json")
	if err != nil {
		t.Fatal(err)
	}
	var g struct {
		Cases []goldenCase `json:"cases"`
	}
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatal(err)
	}
	return g.Cases
}

func closeTo(got, want float64) bool {
	if math.IsNaN(want) {
		return math.IsNaN(got)
	}
	return math.Abs(got-want) <= 1e-5*math.Max(1, math.Abs(want))
}

// TestGolden replays every case of metrics_golden.json (written by
// testdata/gen/metrics_gen.py) and compares the result after all batches.
func TestGolden(t *testing.T) {
	for _, c := range loadGolden(t) {
		t.Run(c.Name, func(t *testing.T) {
			m, err := Get(c.Metric)
			if err != nil {
				t.Fatalf("Get(%v): %v", c.Metric, err)
			}
			for _, b := range c.Batches {
				if err := m.UpdateState(b.YTrue.tensor(t), b.YPred.tensor(t), b.SW.tensor(t)); err != nil {
					t.Fatalf("UpdateState: %v", err)
				}
			}
			var want []float64
			var scalar float64
			if err := json.Unmarshal(c.Expected, &scalar); err == nil {
				got := m.Result()
				if !closeTo(got, scalar) {
					t.Fatalf("Result() = %.9g, want %.9g", got, scalar)
				}
				if mr, ok := m.(MultiResult); ok {
					if rt := mr.ResultTensor(); rt.Rank() != 0 || !closeTo(rt.At(0), scalar) {
						t.Fatalf("ResultTensor() = %v, want scalar %.9g", rt, scalar)
					}
				}
				return
			}
			if err := json.Unmarshal(c.Expected, &want); err != nil {
				t.Fatal(err)
			}
			mr, ok := m.(MultiResult)
			if !ok {
				t.Fatalf("%T has a vector result but no ResultTensor", m)
			}
			rt := mr.ResultTensor()
			if rt.Size() != len(want) {
				t.Fatalf("ResultTensor() = %v, want %v", rt, want)
			}
			for i, w := range want {
				if !closeTo(rt.At(i), w) {
					t.Fatalf("ResultTensor()[%d] = %.9g, want %.9g (all: %v)", i, rt.At(i), w, want)
				}
			}
		})
	}
}
