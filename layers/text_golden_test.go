package layers

import (
	"encoding/json"
	"math"
	"os"
	"slices"
	"testing"

	"github.com/gokeras/keras/internal/gradcheck"
	"github.com/gokeras/keras/ops"
	"github.com/gokeras/keras/tensor"
)

// textGolden mirrors testdata/text_golden.json, written by
// testdata/gen/text_gen.py with numpy following Keras's code paths.
type textGolden struct {
	Vocab struct {
		Docs       []string  `json:"docs"`
		MaxTokens  int       `json:"max_tokens"`
		Vocabulary []string  `json:"vocabulary"`
		IDF        []float64 `json:"idf"`
		OOVIDF     float64   `json:"oov_idf"`
	} `json:"vocab"`
	Discretization []struct {
		Data       []float32 `json:"data"`
		NumBins    int       `json:"num_bins"`
		Epsilon    float64   `json:"epsilon"`
		Boundaries []float64 `json:"boundaries"`
		Probe      []float32 `json:"probe"`
		Bins       []int32   `json:"bins"`
	} `json:"discretization"`
	Normalization []struct {
		Shape    []int     `json:"shape"`
		Axis     []int     `json:"axis"`
		X        []float32 `json:"x"`
		Mean     []float64 `json:"mean"`
		Variance []float64 `json:"variance"`
		Y        []float64 `json:"y"`
	} `json:"normalization"`
}

func loadTextGolden(t *testing.T) *textGolden {
	t.Helper()
	b, err := os.ReadFile("testdata/text_golden.json")
	if err != nil {
		t.Fatal(err)
	}
	var g textGolden
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatal(err)
	}
	return &g
}

func TestTextVectorizationGoldenVocabulary(t *testing.T) {
	g := loadTextGolden(t).Vocab
	l := NewTextVectorization(With("max_tokens", g.MaxTokens), With("output_mode", "tf_idf"))
	if err := l.Adapt(strT(t, []int{len(g.Docs)}, g.Docs...)); err != nil {
		t.Fatal(err)
	}
	if v := l.GetVocabulary(false); !slices.Equal(v, g.Vocabulary) {
		t.Errorf("vocabulary %q, want %q", v, g.Vocabulary)
	}
	want := append([]float64{g.OOVIDF}, g.IDF...)
	wantF32(t, l.IDFWeights(), want, 1e-5)
}

func TestDiscretizationGolden(t *testing.T) {
	for i, c := range loadTextGolden(t).Discretization {
		l := NewDiscretization(With("num_bins", c.NumBins), With("epsilon", c.Epsilon))
		x, _ := tensor.FromFloat32(c.Data, len(c.Data))
		if err := l.Adapt(x); err != nil {
			t.Fatal(err)
		}
		if len(l.BinBoundaries) != len(c.Boundaries) {
			t.Fatalf("case %d: %d boundaries %v, want %d %v", i, len(l.BinBoundaries), l.BinBoundaries, len(c.Boundaries), c.Boundaries)
		}
		for j, b := range c.Boundaries {
			if math.Abs(l.BinBoundaries[j]-b) > 1e-5*math.Max(1, math.Abs(b)) {
				t.Errorf("case %d: boundary %d = %v, want %v", i, j, l.BinBoundaries[j], b)
			}
		}
		p, _ := tensor.FromFloat32(c.Probe, len(c.Probe))
		got := call1(t, l, p)
		if !slices.Equal(got.Int32s(), c.Bins) {
			t.Errorf("case %d: bins %v, want %v", i, got.Int32s(), c.Bins)
		}
	}
}

func TestNormalizationGolden(t *testing.T) {
	for i, c := range loadTextGolden(t).Normalization {
		axis := make([]any, len(c.Axis))
		for j, a := range c.Axis {
			axis[j] = a
		}
		l := NewNormalization(With("axis", axis))
		x, _ := tensor.FromFloat32(c.X, c.Shape...)
		if err := l.Adapt(x); err != nil {
			t.Fatal(err)
		}
		wantF32(t, l.Mean.Value().Float32s(), c.Mean, 1e-5)
		wantF32(t, l.Variance.Value().Float32s(), c.Variance, 1e-5)
		got := call1(t, l, x)
		wantF32(t, got.Float32s(), c.Y, 1e-4)
		if i == 0 {
			// Given mean and variance give the same output.
			m, v := make([]any, len(c.Mean)), make([]any, len(c.Variance))
			for j := range c.Mean {
				m[j], v[j] = c.Mean[j], c.Variance[j]
			}
			l2 := NewNormalization(With("mean", m), With("variance", v))
			wantF32(t, call1(t, l2, x).Float32s(), c.Y, 1e-4)
			inv := NewNormalization(With("mean", m), With("variance", v), With("invert", true))
			y := call1(t, l2, x)
			wantF32(t, call1(t, inv, y).Float32s(), toF64(c.X), 1e-4)
		}
	}
}

func toF64(x []float32) []float64 {
	out := make([]float64, len(x))
	for i, v := range x {
		out[i] = float64(v)
	}
	return out
}

func TestNormalizationGradient(t *testing.T) {
	l := NewNormalization(With("mean", []any{1.0, -2.0, 0.5}), With("variance", []any{4.0, 0.25, 1.0}))
	x := gradcheck.Random(3, -2, 2, 4, 3)
	if err := EnsureBuilt(l, []tensor.Shape{{-1, 3}}); err != nil {
		t.Fatal(err)
	}
	f := func(in []*tensor.Tensor) (*tensor.Tensor, error) {
		out, err := l.Call(&Context{}, in)
		if err != nil {
			return nil, err
		}
		sq, err := ops.Square(out[0])
		if err != nil {
			return nil, err
		}
		return ops.Sum(sq, nil, false)
	}
	if err := gradcheck.Check(f, []*tensor.Tensor{x}, gradcheck.Options{}); err != nil {
		t.Error(err)
	}
}
