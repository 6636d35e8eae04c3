package utils

import (
	"encoding/json"
	"math"
	"os"
	"testing"
)

// golden mirrors testdata/utils_golden.json, written by
// testdata/gen/utils_gen.py with numpy.
type golden struct {
	ToCategorical []struct {
		Y          []int64   `json:"y"`
		Shape      []int     `json:"shape"`
		NumClasses int       `json:"num_classes"`
		Out        []float64 `json:"out"`
		OutShape   []int     `json:"out_shape"`
	} `json:"to_categorical"`
	Normalize []struct {
		X     []float64 `json:"x"`
		Shape []int     `json:"shape"`
		Axis  int       `json:"axis"`
		Order int       `json:"order"`
		Out   []float64 `json:"out"`
	} `json:"normalize"`
	NPY []struct {
		File   string    `json:"file"`
		DType  string    `json:"dtype"`
		Shape  []int     `json:"shape"`
		Values []float64 `json:"values"`
	} `json:"npy"`
}

func loadGolden(t *testing.T) golden {
	t.Helper()
	b, err := os.ReadFile("testdata/utils_golden.json")
	if err != nil {
		t.Fatal(err)
	}
	var g golden
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatal(err)
	}
	return g
}

// closeTo reports whether got is within 1e-5 relative (1e-6 absolute) of want.
func closeTo(got, want float64) bool {
	return math.Abs(got-want) <= 1e-6+1e-5*math.Abs(want)
}
