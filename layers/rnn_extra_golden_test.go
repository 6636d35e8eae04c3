package layers

import (
	"encoding/json"
	"fmt"
	"os"
	"testing"

	"github.com/gokeras/keras/autodiff"
	"github.com/gokeras/keras/tensor"
)

type rnnExtraCase struct {
	Name              string
	Kind              []string
	Units             []int
	Rank              int
	B, T, I, C        int
	Spatial           []int
	Filters, Kernel   int
	Strides, Dilation int
	Padding           string
	DataFormat        string    `json:"data_format"`
	ReturnSequences   bool      `json:"return_sequences"`
	GoBackwards       bool      `json:"go_backwards"`
	ZeroOutputForMask bool      `json:"zero_output_for_mask"`
	InitialState      bool      `json:"initial_state"`
	Mask              []float64 `json:"mask"`
	X, Y, Gy, Dx      []float64
	YShape            []int `json:"y_shape"`
	Weights           [][]float64
	Dweights          [][]float64
	States0, Dstates0 [][]float64
	Final, Gs         [][]float64
}

func rnnExtraGolden(t *testing.T) (seq, conv []rnnExtraCase) {
	t.Helper()
	raw, err := os.ReadFile("testdata/rnn_extra_golden.json")
	if err != nil {
		t.Fatal(err)
	}
	var g struct {
		SeqCases  []rnnExtraCase `json:"seq_cases"`
		ConvCases []rnnExtraCase `json:"conv_cases"`
	}
	if err := json.Unmarshal(raw, &g); err != nil {
		t.Fatal(err)
	}
	return g.SeqCases, g.ConvCases
}

// rnnExtraCheck runs layer l on the case's input (and initial states),
// loads its weights, and compares outputs, final states and gradients.
func rnnExtraCheck(t *testing.T, c rnnExtraCase, l Layer, xShape []int, stateShapes []tensor.Shape) {
	t.Helper()
	x := tensor.Track(rnnTensor(t, c.X, xShape...), true)
	if c.Mask != nil {
		x.SetMask(rnnBoolMask(c.Mask, c.B, c.T))
	}
	inputs := []*tensor.Tensor{x}
	for k, s := range c.States0 {
		inputs = append(inputs, tensor.Track(rnnTensor(t, s, stateShapes[k]...), true))
	}
	shapes := make([]tensor.Shape, len(inputs))
	for i, in := range inputs {
		shapes[i] = in.Shape().Clone()
		shapes[i][0] = -1
	}
	if err := EnsureBuilt(l, shapes); err != nil {
		t.Fatal(err)
	}
	w := Weights(l)
	if len(w) != len(c.Weights) {
		t.Fatalf("%d weights, want %d", len(w), len(c.Weights))
	}
	for i, v := range w {
		copy(v.Value().Float32s(), f32s(c.Weights[i]))
	}
	outs, err := l.Call(&Context{}, inputs)
	if err != nil {
		t.Fatal(err)
	}
	if len(outs) != 1+len(c.Final) {
		t.Fatalf("%d outputs, want %d", len(outs), 1+len(c.Final))
	}
	if c.YShape != nil && !outs[0].Shape().Equal(tensor.Shape(c.YShape)) {
		t.Fatalf("output shape %v, want %v", outs[0].Shape(), c.YShape)
	}
	rnnClose(t, "y", outs[0].Float32s(), c.Y, 1e-4)
	for k, s := range c.Final {
		rnnClose(t, fmt.Sprint("state ", k), outs[1+k].Float32s(), s, 1e-4)
	}
	loss, err := rnnWeightedSum(outs, append([][]float64{c.Gy}, c.Gs...))
	if err != nil {
		t.Fatal(err)
	}
	wrt := []*tensor.Tensor{x}
	for _, v := range w {
		wrt = append(wrt, v.Value())
	}
	wrt = append(wrt, inputs[1:]...)
	grads, err := autodiff.Gradients(loss, wrt)
	if err != nil {
		t.Fatal(err)
	}
	rnnClose(t, "dx", grads[0].Float32s(), c.Dx, 1e-4)
	for i := range w {
		rnnClose(t, "d"+w[i].Path(), grads[1+i].Float32s(), c.Dweights[i], 1e-4)
	}
	for k := range c.Dstates0 {
		rnnClose(t, fmt.Sprint("dstate0 ", k), grads[1+len(w)+k].Float32s(), c.Dstates0[k], 1e-4)
	}
}

func rnnExtraOpts(c rnnExtraCase) []Option {
	return []Option{With("return_sequences", c.ReturnSequences), With("return_state", true),
		With("go_backwards", c.GoBackwards), With("zero_output_for_mask", c.ZeroOutputForMask)}
}

// TestRNNGenericGolden runs RNN over the test's MinimalRNNCell and over
// StackedRNNCells (fused built-in cells, and a mix with the minimal cell
// that is unrolled step by step) against explicit PyTorch loops
// (testdata/gen/rnn_extra_gen.py).
func TestRNNGenericGolden(t *testing.T) {
	seq, _ := rnnExtraGolden(t)
	for _, c := range seq {
		for _, opaque := range []bool{false, true} {
			name := c.Name
			if opaque {
				name += "/unrolled"
			}
			t.Run(name, func(t *testing.T) {
				var cells []Layer
				var stateShapes []tensor.Shape
				for i, k := range c.Kind {
					var cell RNNCell
					switch k {
					case "minimal":
						cell = newMinimalCell(c.Units[i])
						stateShapes = append(stateShapes, tensor.Shape{c.B, c.Units[i]})
					case "lstm":
						cell = NewLSTMCell(c.Units[i])
						stateShapes = append(stateShapes, tensor.Shape{c.B, c.Units[i]}, tensor.Shape{c.B, c.Units[i]})
					default:
						cell = NewGRUCell(c.Units[i])
						stateShapes = append(stateShapes, tensor.Shape{c.B, c.Units[i]})
					}
					if opaque {
						cell = opaqueCell{cell}
					}
					cells = append(cells, cell)
				}
				var cell Layer = cells[0]
				if len(cells) > 1 {
					cell = NewStackedRNNCells(cells)
				}
				rnnExtraCheck(t, c, NewRNN(cell, rnnExtraOpts(c)...), []int{c.B, c.T, c.I}, stateShapes)
			})
		}
	}
}

// TestConvLSTMGolden compares ConvLSTM1D/2D/3D with explicit PyTorch
// convolutions in Keras's weight layout.
func TestConvLSTMGolden(t *testing.T) {
	_, conv := rnnExtraGolden(t)
	for _, c := range conv {
		t.Run(c.Name, func(t *testing.T) {
			ks := repeatInt(c.Kernel, c.Rank)
			opts := append(rnnExtraOpts(c), With("strides", c.Strides), With("dilation_rate", c.Dilation),
				With("padding", c.Padding), With("data_format", c.DataFormat))
			l := newConvLSTM(fmt.Sprintf("ConvLSTM%dD", c.Rank), c.Rank, c.Filters, ks, opts)
			xs := []int{c.B, c.T}
			if c.DataFormat == "channels_first" {
				xs = append(append(xs, c.C), c.Spatial...)
			} else {
				xs = append(append(xs, c.Spatial...), c.C)
			}
			st := l.Cell
			step := tensor.Shape(append([]int{c.B}, xs[2:]...))
			o, _, err := st.StepShapes(step)
			if err != nil {
				t.Fatal(err)
			}
			rnnExtraCheck(t, c, l, xs, []tensor.Shape{o, o})
		})
	}
}
