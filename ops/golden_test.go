package ops

import (
	"encoding/json"
	"math"
	"os"
	"testing"

	"github.com/gokeras/keras/tensor"
)

type goldArray struct {
	Shape []int     `json:"shape"`
	Data  []float64 `json:"data"`
}

func (a goldArray) float32s(t *testing.T) *tensor.Tensor {
	d := make([]float32, len(a.Data))
	for i, v := range a.Data {
		d[i] = float32(v)
	}
	return f32t(t, d, a.Shape...)
}

func (a goldArray) int32s(t *testing.T) *tensor.Tensor {
	d := make([]int32, len(a.Data))
	for i, v := range a.Data {
		d[i] = int32(v)
	}
	return mustI32(t, d, a.Shape...)
}

type goldCase struct {
	Name       string          `json:"name"`
	Op         string          `json:"op"`
	X          goldArray       `json:"x"`
	Out        goldArray       `json:"out"`
	Axis       int             `json:"axis"`
	Axes       []int           `json:"axes"`
	Keepdims   bool            `json:"keepdims"`
	Ord        json.RawMessage `json:"ord"`
	Indices    goldArray       `json:"indices"`
	Pads       [][2]int        `json:"pads"`
	Value      float32         `json:"value"`
	K          int             `json:"k"`
	IndicesOut goldArray       `json:"indices_out"`
}

// TestGolden compares ops against values computed by numpy and PyTorch
// (testdata/gen/ops_gen.py).
func TestGolden(t *testing.T) {
	raw, err := os.ReadFile("testdata/ops_golden.json")
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Cases []goldCase `json:"cases"`
	}
	if err := json.Unmarshal(raw, &file); err != nil {
		t.Fatal(err)
	}
	if len(file.Cases) < 15 {
		t.Fatalf("only %d golden cases", len(file.Cases))
	}
	for _, c := range file.Cases {
		t.Run(c.Name, func(t *testing.T) {
			x := c.X.float32s(t)
			var got, gotIdx *tensor.Tensor
			var err error
			switch c.Op {
			case "softmax":
				got, err = Softmax(x, c.Axis)
			case "log_softmax":
				got, err = LogSoftmax(x, c.Axis)
			case "logsumexp":
				got, err = LogSumExp(x, c.Axes, c.Keepdims)
			case "var":
				got, err = Var(x, c.Axes, c.Keepdims)
			case "std":
				got, err = Std(x, c.Axes, c.Keepdims)
			case "norm":
				ord := math.Inf(1)
				if string(c.Ord) != `"inf"` {
					if err := json.Unmarshal(c.Ord, &ord); err != nil {
						t.Fatal(err)
					}
				}
				got, err = Norm(x, ord, c.Axes, c.Keepdims)
			case "take":
				got, err = Take(x, c.Indices.int32s(t), c.Axis)
			case "pad":
				got, err = Pad(x, c.Pads, c.Value)
			case "cumsum":
				got, err = Cumsum(x, c.Axis)
			case "erf":
				got, err = Erf(x)
			case "top_k":
				got, gotIdx, err = TopK(x, c.K)
			default:
				t.Fatalf("unknown op %q", c.Op)
			}
			if err != nil {
				t.Fatal(err)
			}
			if !got.Shape().Equal(c.Out.Shape) {
				t.Fatalf("shape %v, want %v", got.Shape(), tensor.Shape(c.Out.Shape))
			}
			for i, want := range c.Out.Data {
				g := got.At(i)
				if math.Abs(g-want) > 1e-5*math.Max(math.Abs(want), 1e-1) {
					t.Fatalf("element %d: got %.8g, want %.8g", i, g, want)
				}
			}
			if gotIdx != nil {
				for i, want := range c.IndicesOut.Data {
					if gotIdx.At(i) != want {
						t.Fatalf("index %d: got %v, want %v", i, gotIdx.At(i), want)
					}
				}
			}
		})
	}
}
