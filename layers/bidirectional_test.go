package layers

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gokeras/keras/internal/gradcheck"
	"github.com/gokeras/keras/tensor"
)

// TestBidirectional compares each merge mode with the forward layer and a
// go_backwards copy run by hand, and checks weight paths and the config
// round trip.
func TestBidirectional(t *testing.T) {
	const B, T, I, U = 2, 4, 3, 5
	x := gradcheck.Random(1, -1, 1, B, T, I)
	for _, seq := range []bool{true, false} {
		for _, mode := range []any{"concat", "sum", "mul", "ave", nil} {
			t.Run(fmt.Sprint(mode, seq), func(t *testing.T) {
				bi := NewBidirectional(NewLSTM(U, WithName("enc"), With("return_sequences", seq), With("return_state", true)),
					With("merge_mode", mode), WithName("bi"))
				if err := bi.Err(); err != nil {
					t.Fatal(err)
				}
				outs, err := CallLayer(&Context{}, bi, []*tensor.Tensor{x})
				if err != nil {
					t.Fatal(err)
				}
				ws := Weights(bi)
				if len(ws) != 6 || ws[0].Path() != "bi/forward_enc/lstm_cell/kernel" || ws[3].Path() != "bi/backward_enc/lstm_cell/kernel" {
					t.Fatalf("weights: %v ... %v", ws[0].Path(), ws[len(ws)-1].Path())
				}
				f := NewLSTM(U, With("return_sequences", seq), With("return_state", true))
				b := NewLSTM(U, With("return_sequences", seq), With("return_state", true), With("go_backwards", true))
				fo, _ := CallLayer(&Context{}, f, []*tensor.Tensor{x})
				bo, _ := CallLayer(&Context{}, b, []*tensor.Tensor{x})
				for i, w := range append(Weights(f), Weights(b)...) {
					_ = w.Assign(ws[i].Value())
				}
				fo, _ = CallLayer(&Context{}, f, []*tensor.Tensor{x})
				bo, _ = CallLayer(&Context{}, b, []*tensor.Tensor{x})
				yf, yb := fo[0].Float32s(), bo[0].Float32s()
				if seq {
					r := make([]float32, len(yb))
					flipTime(r, yb, tensor.Shape{B, T, U}, false)
					yb = r
				}
				var want [][]float32
				switch mode {
				case "concat":
					c := make([]float32, 0, 2*len(yf))
					for r := 0; r < len(yf)/U; r++ {
						c = append(append(c, yf[r*U:(r+1)*U]...), yb[r*U:(r+1)*U]...)
					}
					want = [][]float32{c}
				case nil:
					want = [][]float32{yf, yb}
				default:
					m := make([]float32, len(yf))
					for i := range m {
						m[i] = map[any]float32{"sum": yf[i] + yb[i], "mul": yf[i] * yb[i], "ave": (yf[i] + yb[i]) * 0.5}[mode]
					}
					want = [][]float32{m}
				}
				want = append(want, fo[1].Float32s(), fo[2].Float32s(), bo[1].Float32s(), bo[2].Float32s())
				if len(outs) != len(want) {
					t.Fatalf("%d outputs, want %d", len(outs), len(want))
				}
				shapes, _ := bi.ComputeOutputShape([]tensor.Shape{{-1, T, I}})
				for k := range want {
					rnnClose(t, fmt.Sprint("output ", k), outs[k].Float32s(), f64s(want[k]), 1e-6)
					s := outs[k].Shape().Clone()
					s[0] = -1
					if !s.Equal(shapes[k]) {
						t.Fatalf("output %d shape %v, ComputeOutputShape %v", k, outs[k].Shape(), shapes[k])
					}
				}
				l2, err := FromConfig("Bidirectional", bi.GetConfig())
				if err != nil {
					t.Fatal(err)
				}
				if a, b := fmt.Sprint(bi.GetConfig()), fmt.Sprint(l2.GetConfig()); a != b {
					t.Fatalf("config round trip:\n%s\n%s", a, b)
				}
			})
		}
	}
	if err := NewBidirectional(NewDense(3)).Err(); err == nil || !strings.Contains(err.Error(), "recurrent layers") {
		t.Errorf("Dense: %v", err)
	}
	if err := NewBidirectional(NewGRU(3), With("merge_mode", "max")).Err(); err == nil || !strings.Contains(err.Error(), "merge mode") {
		t.Errorf("bad merge mode: %v", err)
	}
	if err := NewBidirectional(NewGRU(3), With("backward_layer", NewGRU(3))).Err(); err == nil || !strings.Contains(err.Error(), "go_backwards") {
		t.Errorf("same direction: %v", err)
	}
}

// TestBidirectionalGradcheck checks the gradient through both directions,
// the flip and the concatenation.
func TestBidirectionalGradcheck(t *testing.T) {
	bi := NewBidirectional(NewGRU(2, With("return_sequences", true)))
	x := gradcheck.Random(3, -1, 1, 2, 3, 2)
	f := func(in []*tensor.Tensor) (*tensor.Tensor, error) {
		out, err := CallLayer(&Context{}, bi, in)
		if err != nil {
			return nil, err
		}
		return out[0], nil
	}
	if err := gradcheck.Check(f, []*tensor.Tensor{x}, gradcheck.Options{}); err != nil {
		t.Fatal(err)
	}
}
