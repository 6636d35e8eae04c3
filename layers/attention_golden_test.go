package layers

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/gokeras/keras/autodiff"
	"github.com/gokeras/keras/ops"
	"github.com/gokeras/keras/tensor"
)

type attnArr struct {
	Shape []int
	Data  []float64
}

type attnMaskArr struct {
	Shape []int
	Data  []int
}

type attnGoldenCase struct {
	Name, Class   string
	UseScale      bool   `json:"use_scale"`
	ScoreMode     string `json:"score_mode"`
	Causal        bool
	NumHeads      int   `json:"num_heads"`
	KeyDim        int   `json:"key_dim"`
	ValueDim      int   `json:"value_dim"`
	UseBias       bool  `json:"use_bias"`
	UseGate       bool  `json:"use_gate"`
	OutputShape   []any `json:"output_shape"`
	AttentionAxes []int `json:"attention_axes"`
	Equation      string
	BiasAxes      *string      `json:"bias_axes"`
	QueryMask     *attnMaskArr `json:"query_mask"`
	ValueMask     *attnMaskArr `json:"value_mask"`
	KeyMask       *attnMaskArr `json:"key_mask"`
	AttentionMask *attnMaskArr `json:"attention_mask"`
	Inputs        map[string]attnArr
	Weights       []struct {
		Name  string
		Shape []int
		Data  []float64
	}
	Y, Scores, Gy, Gs attnArr
	Grads             map[string]attnArr
}

func attnLoadGolden(t *testing.T) []attnGoldenCase {
	t.Helper()
	raw, err := os.ReadFile("testdata/attention_golden.json")
	if err != nil {
		t.Fatal(err)
	}
	var g struct{ Cases []attnGoldenCase }
	if err := json.Unmarshal(raw, &g); err != nil {
		t.Fatal(err)
	}
	return g.Cases
}

func (a attnArr) tensor(t *testing.T) *tensor.Tensor {
	t.Helper()
	x, err := tensor.FromFloat32(f32s(a.Data), a.Shape...)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

func (m *attnMaskArr) tensor(t *testing.T) *tensor.Tensor {
	t.Helper()
	b := make([]bool, len(m.Data))
	for i, v := range m.Data {
		b[i] = v != 0
	}
	x, err := tensor.FromBool(b, m.Shape...)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// attnLayer makes the layer a golden case describes.
func attnLayer(t *testing.T, c attnGoldenCase) Layer {
	t.Helper()
	switch c.Class {
	case "Attention":
		return NewAttention(With("use_scale", c.UseScale), With("score_mode", c.ScoreMode),
			With("use_causal_mask", c.Causal), With("return_attention_scores", true))
	case "AdditiveAttention":
		return NewAdditiveAttention(With("use_scale", c.UseScale),
			With("use_causal_mask", c.Causal), With("return_attention_scores", true))
	case "MultiHeadAttention":
		opts := []Option{With("value_dim", c.ValueDim), WithUseBias(c.UseBias), With("use_gate", c.UseGate),
			With("use_causal_mask", c.Causal), With("return_attention_scores", true)}
		if c.OutputShape != nil {
			opts = append(opts, With("output_shape", c.OutputShape))
		}
		if c.AttentionAxes != nil {
			opts = append(opts, With("attention_axes", c.AttentionAxes))
		}
		return NewMultiHeadAttention(c.NumHeads, c.KeyDim, opts...)
	case "EinsumDense":
		shape, err := toInts(c.OutputShape)
		if err != nil {
			t.Fatal(err)
		}
		opts := []Option{WithActivation("tanh")}
		if c.BiasAxes != nil {
			opts = append(opts, With("bias_axes", *c.BiasAxes))
		}
		return NewEinsumDense(c.Equation, shape, opts...)
	}
	t.Fatalf("unknown class %q", c.Class)
	return nil
}

// TestAttentionGolden compares outputs, attention scores and the gradients
// of the inputs and every weight with explicit float64 PyTorch computations
// of Keras's formulas (testdata/gen/attention_gen.py), with and without
// Keras masks, causal masks and explicit attention masks.
func TestAttentionGolden(t *testing.T) {
	for _, c := range attnLoadGolden(t) {
		t.Run(c.Name, func(t *testing.T) {
			l := attnLayer(t, c)
			var inputs, wrt []*tensor.Tensor
			var wrtNames []string
			add := func(name string) *tensor.Tensor {
				a, ok := c.Inputs[name]
				if !ok {
					return nil
				}
				x := tensor.Track(a.tensor(t), true)
				inputs = append(inputs, x)
				wrt = append(wrt, x)
				wrtNames = append(wrtNames, name)
				return x
			}
			if c.Class == "EinsumDense" {
				add("x")
			} else {
				q, v := add("query"), add("value")
				k := add("key")
				if c.QueryMask != nil {
					q.SetMask(c.QueryMask.tensor(t))
				}
				if c.ValueMask != nil {
					v.SetMask(c.ValueMask.tensor(t))
				}
				if c.KeyMask != nil {
					k.SetMask(c.KeyMask.tensor(t))
				}
				if c.AttentionMask != nil {
					if k == nil {
						inputs = append(inputs, v)
					}
					inputs = append(inputs, c.AttentionMask.tensor(t))
				}
			}
			shapes := make([]tensor.Shape, len(inputs))
			for i, x := range inputs {
				shapes[i] = x.Shape().Clone()
				shapes[i][0] = -1
			}
			if err := EnsureBuilt(l, shapes); err != nil {
				t.Fatal(err)
			}
			ws := Weights(l)
			if len(ws) != len(c.Weights) {
				t.Fatalf("%d weights, want %d", len(ws), len(c.Weights))
			}
			for i, w := range c.Weights {
				v := ws[i]
				if !strings.HasSuffix(v.Path(), "/"+w.Name) || !v.Shape().Equal(tensor.Shape(w.Shape)) {
					t.Fatalf("weight %d is %s %v, want %s %v", i, v.Path(), v.Shape(), w.Name, tensor.Shape(w.Shape))
				}
				copy(v.Value().Float32s(), f32s(w.Data))
				wrt = append(wrt, v.Value())
				wrtNames = append(wrtNames, w.Name)
			}
			outs, err := CallLayer(&Context{}, l, inputs)
			if err != nil {
				t.Fatal(err)
			}
			rnnClose(t, "y", outs[0].Float32s(), c.Y.Data, 1e-4)
			if !outs[0].Shape().Equal(tensor.Shape(c.Y.Shape)) {
				t.Fatalf("y shape %v, want %v", outs[0].Shape(), tensor.Shape(c.Y.Shape))
			}
			weighted := [][]float64{c.Gy.Data}
			if len(c.Scores.Data) > 0 {
				rnnClose(t, "scores", outs[1].Float32s(), c.Scores.Data, 1e-4)
				weighted = append(weighted, c.Gs.Data)
			}
			if c.QueryMask != nil && (outs[0].Mask() == nil || !outs[0].Mask().Shape().Equal(tensor.Shape(c.QueryMask.Shape))) {
				t.Fatalf("output mask %v, want the query mask", outs[0].Mask())
			}
			loss, err := rnnWeightedSum(outs, weighted)
			if err != nil {
				t.Fatal(err)
			}
			grads, err := autodiff.Gradients(loss, wrt)
			if err != nil {
				t.Fatal(err)
			}
			for i, name := range wrtNames {
				rnnClose(t, "d"+name, grads[i].Float32s(), c.Grads[name].Data, 1e-4)
			}
		})
	}
}

// attnSum is sum(x) for gradient checks.
func attnSum(x *tensor.Tensor) (*tensor.Tensor, error) { return ops.Sum(x, nil, false) }
