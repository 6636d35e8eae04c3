package saving

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gokeras/keras"
	"github.com/gokeras/keras/layers"
	"github.com/gokeras/keras/tensor"
)

// tfjsTestModels builds small models of the layer types tfjs runs.
func tfjsTestModels(t *testing.T) map[string]struct {
	m Model
	x any
} {
	t.Helper()
	out := map[string]struct {
		m Model
		x any
	}{}
	mlp, err := keras.NewSequential(layers.NewInputLayer([]int{5}),
		layers.NewDense(8, layers.WithActivation("relu")), layers.NewDropout(0.3),
		layers.NewBatchNormalization(), layers.NewDense(3, layers.WithActivation("softmax")))
	if err != nil {
		t.Fatal(err)
	}
	out["mlp"] = struct {
		m Model
		x any
	}{mlp, ramp(2, 5)}
	cnn, err := keras.NewSequential(layers.NewInputLayer([]int{6, 6, 2}),
		layers.NewConv2D(3, []int{3, 3}, layers.WithActivation("relu")), layers.NewMaxPooling2D(),
		layers.NewFlatten(), layers.NewDense(2))
	if err != nil {
		t.Fatal(err)
	}
	out["cnn"] = struct {
		m Model
		x any
	}{cnn, ramp(2, 6, 6, 2)}
	a := keras.Input([]int{4, 3}, layers.WithName("seq"))
	b := keras.Input([]int{4, 3}, layers.WithName("seq2"))
	h1 := layers.NewLSTM(5, layers.With("recurrent_activation", "hard_sigmoid_keras2"), layers.WithName("lstm")).Apply(a)
	h2 := layers.NewGRU(4, layers.With("reset_after", false), layers.With("recurrent_activation", "sigmoid"), layers.WithName("gru")).Apply(b)
	c := layers.NewConcatenate(layers.WithName("concatenate")).Apply(h1, h2)
	o := layers.NewDense(2, layers.WithActivation("tanh"), layers.WithName("out")).Apply(c)
	fn, err := keras.NewModel([]*layers.KerasTensor{a, b}, []*layers.KerasTensor{o}, layers.WithName("go_rnn"))
	if err != nil {
		t.Fatal(err)
	}
	out["rnn"] = struct {
		m Model
		x any
	}{fn, []*tensor.Tensor{ramp(2, 4, 3), ramp(2, 4, 3)}}
	return out
}

func TestTFJSRoundTrip(t *testing.T) {
	for name, tc := range tfjsTestModels(t) {
		for _, q := range []string{"", "float16", "uint16", "uint8"} {
			t.Run(name+"/"+q, func(t *testing.T) {
				dir := t.TempDir()
				if err := SaveTFJS(tc.m, dir, TFJSQuantize(q), TFJSShardBytes(100)); err != nil {
					t.Fatal(err)
				}
				back, err := LoadModel(dir)
				if err != nil {
					t.Fatal(err)
				}
				want, got := predict(t, tc.m, tc.x), predict(t, back, tc.x)
				if q == "" {
					sameTensors(t, "outputs", want, got)
					return
				}
				tol := map[string]float64{"float16": 2e-3, "uint16": 2e-3, "uint8": 0.1}[q]
				for i := range want {
					for j, w := range want[i].Float32s() {
						if d := float64(got[i].Float32s()[j] - w); d > tol || d < -tol {
							t.Fatalf("output %d[%d]: %v vs %v", i, j, got[i].Float32s()[j], w)
						}
					}
				}
			})
		}
	}
}

func TestTFJSModelJSONShape(t *testing.T) {
	m := tfjsTestModels(t)["rnn"].m
	dir := t.TempDir()
	if err := SaveTFJS(m, dir); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "model.json"))
	if err != nil {
		t.Fatal(err)
	}
	var mj map[string]any
	if err := json.Unmarshal(b, &mj); err != nil {
		t.Fatal(err)
	}
	if mj["format"] != "layers-model" {
		t.Errorf("format = %v", mj["format"])
	}
	if strings.Contains(string(b), `"module"`) || strings.Contains(string(b), "__keras_tensor__") {
		t.Errorf("Keras 3 keys left in the tfjs topology")
	}
}
