package layers

import (
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/gokeras/keras/autodiff"
	"github.com/gokeras/keras/internal/gradcheck"
	"github.com/gokeras/keras/ops"
	"github.com/gokeras/keras/tensor"
)

// roundTrip rebuilds l from its config (through JSON, as a file would) and
// checks the config is unchanged.
func attnRoundTrip(t *testing.T, l Layer) Layer {
	t.Helper()
	cfg := l.GetConfig()
	raw, err := json.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	l2, err := FromConfig(l.Base().ClassName(), m)
	if err != nil {
		t.Fatal(err)
	}
	raw2, _ := json.Marshal(l2.GetConfig())
	if string(raw) != string(raw2) {
		t.Fatalf("config round trip:\n got %s\nwant %s", raw2, raw)
	}
	return l2
}

func TestAttentionConfigRoundTrip(t *testing.T) {
	for _, l := range []Layer{
		NewAttention(With("use_scale", true), With("score_mode", "concat"), With("dropout", 0.1), With("seed", 3)),
		NewAdditiveAttention(With("use_scale", false), With("use_causal_mask", true)),
		NewMultiHeadAttention(2, 3, With("value_dim", 4), With("output_shape", []int{5}),
			With("attention_axes", []int{1}), WithUseBias(false), With("seed", 7),
			WithKernelRegularizer("l2"), With("use_causal_mask", true)),
		NewEinsumDense("abc,cde->abde", []int{-1, 2, 3}, With("bias_axes", "de"), WithActivation("relu")),
	} {
		t.Run(l.Base().ClassName(), func(t *testing.T) { attnRoundTrip(t, l) })
	}
}

// TestAttentionConfigKeys checks the Keras config keys (and that the Go-only
// call options stay out of them).
func TestAttentionConfigKeys(t *testing.T) {
	keys := func(m map[string]any) []string {
		var out []string
		for k := range m {
			if k != "name" && k != "trainable" && k != "dtype" {
				out = append(out, k)
			}
		}
		return sortedStrings(out)
	}
	for _, c := range []struct {
		l    Layer
		want string
	}{
		{NewAttention(With("use_causal_mask", true), With("return_attention_scores", true)), "dropout,score_mode,seed,use_scale"},
		{NewAdditiveAttention(), "dropout,seed,use_scale"},
		{NewMultiHeadAttention(2, 4, With("return_attention_scores", true)), "activity_regularizer,attention_axes,bias_constraint,bias_initializer,bias_regularizer,dropout,kernel_constraint,kernel_initializer,kernel_regularizer,key_dim,num_heads,output_shape,seed,sliding_window,use_bias,use_gate,value_dim"},
		{NewEinsumDense("ab,bc->ac", []int{4}), "activation,activity_regularizer,bias_axes,bias_constraint,bias_initializer,bias_regularizer,equation,kernel_constraint,kernel_initializer,kernel_regularizer,output_shape,quantization_config"},
	} {
		if got := strings.Join(keys(c.l.GetConfig()), ","); got != c.want {
			t.Errorf("%s config keys %s, want %s", c.l.Base().ClassName(), got, c.want)
		}
	}
	m := NewMultiHeadAttention(2, 4).GetConfig()
	if m["value_dim"] != 4 || m["attention_axes"] != nil || m["use_bias"] != true {
		t.Errorf("MultiHeadAttention defaults: %v", m)
	}
}

func sortedStrings(s []string) []string {
	for i := range s {
		for j := i + 1; j < len(s); j++ {
			if s[j] < s[i] {
				s[i], s[j] = s[j], s[i]
			}
		}
	}
	return s
}

// TestMultiHeadAttentionWeights checks Keras's weight order, paths and
// EinsumDense shapes, and that attention_axes is normalized by Build as in
// Keras's get_config after build.
func TestMultiHeadAttentionWeights(t *testing.T) {
	l := NewMultiHeadAttention(2, 3, With("value_dim", 4), WithName("mha"))
	if err := EnsureBuilt(l, []tensor.Shape{{-1, 5, 8}, {-1, 6, 7}, {-1, 6, 9}}); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, v := range Weights(l) {
		got = append(got, v.Path()+v.Shape().String())
	}
	want := []string{"mha/query/kernel(8, 2, 3)", "mha/query/bias(2, 3)", "mha/key/kernel(9, 2, 3)", "mha/key/bias(2, 3)",
		"mha/value/kernel(7, 2, 4)", "mha/value/bias(2, 4)", "mha/attention_output/kernel(2, 4, 8)", "mha/attention_output/bias(8,)"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("weights\n got %v\nwant %v", got, want)
	}
	if l.Query.Equation != "abc,cde->abde" || l.OutputDense.Equation != "abcd,cde->abe" || l.dotEq != "aecd,abcd->acbe" || l.combineEq != "acbe,aecd->abcd" {
		t.Fatalf("equations %s %s %s %s", l.Query.Equation, l.OutputDense.Equation, l.dotEq, l.combineEq)
	}
	if ax := l.GetConfig()["attention_axes"]; !reflect.DeepEqual(ax, []any{1}) {
		t.Fatalf("attention_axes after build = %v, want [1]", ax)
	}
	if n := CountParams(l); n != 8*6+6+9*6+6+7*8+8+8*8+8 {
		t.Fatalf("CountParams = %d", n)
	}
}

func TestEinsumDenseShapes(t *testing.T) {
	for _, c := range []struct {
		eq, bias     string
		in           tensor.Shape
		out          []int
		kernel, bshp string
		full         string
	}{
		{"ab,bc->ac", "c", tensor.Shape{-1, 32}, []int{64}, "(32, 64)", "(64,)", "(None, 64)"},
		{"abc,cd->abd", "d", tensor.Shape{-1, 32, 128}, []int{-1, 64}, "(128, 64)", "(64,)", "(None, 32, 64)"},
		{"...x,xy->...y", "y", tensor.Shape{-1, 32, 128}, []int{64}, "(128, 64)", "(64,)", "(None, 32, 64)"},
		{"abc,cd->abd", "b", tensor.Shape{-1, 32, 128}, []int{32, 64}, "(128, 64)", "(32, 1)", "(None, 32, 64)"},
		{"ab...,bc->ac...", "c", tensor.Shape{-1, 4, 5}, []int{6}, "(4, 6)", "(6, 1)", "(None, 6, 5)"},
		{"abcd,cde->abe", "e", tensor.Shape{-1, 7, 2, 3}, []int{-1, 8}, "(2, 3, 8)", "(8,)", "(None, 7, 8)"},
	} {
		a, err := einsumShapes(c.eq, c.bias, true, c.in, c.out)
		if err != nil {
			t.Errorf("%s: %v", c.eq, err)
			continue
		}
		if a.kernel.String() != c.kernel || a.bias.String() != c.bshp || a.output.String() != c.full {
			t.Errorf("%s on %v: kernel %v bias %v output %v, want %s %s %s", c.eq, c.in, a.kernel, a.bias, a.output, c.kernel, c.bshp, c.full)
		}
	}
}

func TestAttentionErrors(t *testing.T) {
	for _, c := range []struct {
		name   string
		l      Layer
		shapes []tensor.Shape
		want   string
	}{
		{"attention one input", NewAttention(), []tensor.Shape{{-1, 3, 4}}, "accepts inputs list of length 2 or 3"},
		{"attention dims", NewAttention(), []tensor.Shape{{-1, 3, 4}, {-1, 5, 6}}, "the last dimension of query and key must be equal, received query shape (None, 3, 4) and key shape (None, 5, 6)"},
		{"attention steps", NewAttention(), []tensor.Shape{{-1, 3, 4}, {-1, 5, 4}, {-1, 6, 4}}, "value shape (None, 5, 4) and key shape (None, 6, 4)"},
		{"mha key value", NewMultiHeadAttention(2, 3), []tensor.Shape{{-1, 3, 4}, {-1, 5, 4}, {-1, 6, 4}}, "all dimensions of `value` and `key`, except the last one, must be equal. Received: value_shape=(None, 5, 4) and key_shape=(None, 6, 4)"},
		{"mha rank", NewMultiHeadAttention(2, 3), []tensor.Shape{{-1, 4}, {-1, 4}}, "rank >= 3"},
		{"mha axes", NewMultiHeadAttention(2, 3, With("attention_axes", []int{5})), []tensor.Shape{{-1, 3, 4}, {-1, 5, 4}}, "attention_axes [5] are out of range for a query of shape (None, 3, 4)"},
		{"einsum equation", NewEinsumDense("ab->b", []int{3}), []tensor.Shape{{-1, 4}}, "invalid einsum equation 'ab->b'"},
		{"einsum shared dim", NewEinsumDense("abc,cd->abd", []int{5, 6}), []tensor.Shape{{-1, 4, 3}}, "input shape and output shape do not match at shared dimension 'b'. Input shape is 4, and output shape is 5"},
		{"einsum bias", NewEinsumDense("ab,bc->ac", []int{3}, With("bias_axes", "x")), []tensor.Shape{{-1, 4}}, "bias dimension 'x' was requested, but is not part of the output spec 'ac'"},
		{"einsum weight", NewEinsumDense("ab,bz->a", []int{}), []tensor.Shape{{-1, 4}}, "weight dimension 'z' did not have a match"},
	} {
		err := EnsureBuilt(c.l, c.shapes)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want it to contain %q", c.name, err, c.want)
		}
	}
	for _, c := range []struct {
		l    Layer
		want string
	}{
		{NewAttention(With("score_mode", "cosine")), "Expected one of {'dot', 'concat'}. Received: score_mode=cosine"},
		{NewMultiHeadAttention(0, 3), "`num_heads`, expected a positive integer. Received: num_heads=0"},
		{NewMultiHeadAttention(2, -1), "`key_dim`, expected a positive integer. Received: key_dim=-1"},
		{NewMultiHeadAttention(2, 3, With("bogus", 1)), "unrecognized keyword arguments passed to MultiHeadAttention: bogus"},
		{NewEinsumDense("ab,bc->ac", []int{3}, With("lora_rank", 4)), "lora_rank is not supported"},
	} {
		if err := c.l.Base().Err(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want it to contain %q", c.l.Base().ClassName(), err, c.want)
		}
	}
	// A mismatched explicit attention mask names both shapes.
	l := NewMultiHeadAttention(1, 2)
	q := gradcheck.Random(1, -1, 1, 2, 3, 4)
	v := gradcheck.Random(2, -1, 1, 2, 5, 4)
	bad, _ := tensor.FromBool(make([]bool, 2*3*4), 2, 3, 4)
	_, err := CallLayer(&Context{}, l, []*tensor.Tensor{q, v, v, bad})
	if err == nil || !strings.Contains(err.Error(), "scores shape (2, 1, 3, 5), mask shape (2, 1, 3, 4)") {
		t.Errorf("bad attention mask: %v", err)
	}
}

// TestAttentionGradcheck checks every input and weight gradient by finite
// differences on tiny shapes, with masks.
func TestAttentionGradcheck(t *testing.T) {
	r := gradcheck.Random
	vmask, _ := tensor.FromBool([]bool{true, true, false, true, false, true}, 2, 3)
	for _, c := range []struct {
		name string
		l    Layer
		n    int // float inputs
	}{
		{"attention_dot_causal", NewAttention(With("use_scale", true), With("use_causal_mask", true)), 3},
		{"attention_concat", NewAttention(With("use_scale", true), With("score_mode", "concat")), 3},
		{"additive", NewAdditiveAttention(), 3},
		{"mha", NewMultiHeadAttention(2, 2, With("value_dim", 3), With("use_causal_mask", true)), 3},
		{"mha_gate_axes", NewMultiHeadAttention(2, 2, With("use_gate", true), With("output_shape", []int{2, 2})), 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			xs := []*tensor.Tensor{r(1, -1, 1, 2, 3, 2), r(2, -1, 1, 2, 3, 2), r(3, -1, 1, 2, 3, 2)}[:c.n]
			for _, x := range xs {
				tensor.Track(x, true)
			}
			shapes := make([]tensor.Shape, len(xs))
			for i, x := range xs {
				shapes[i] = x.Shape()
			}
			if err := EnsureBuilt(c.l, shapes); err != nil {
				t.Fatal(err)
			}
			ws := Weights(c.l)
			for _, w := range ws {
				for i := range w.Value().Float32s() {
					w.Value().Float32s()[i] = float32(i%5)*0.2 - 0.4
				}
			}
			xs[1].SetMask(vmask)
			params := append([]*tensor.Tensor(nil), xs...)
			for _, w := range ws {
				params = append(params, w.Value())
			}
			attnNumericCheck(t, func() (*tensor.Tensor, error) {
				outs, err := c.l.Call(&Context{}, xs)
				if err != nil {
					return nil, err
				}
				return outs[0], nil
			}, params)
		})
	}
}

// attnNumericCheck compares autodiff gradients of sum(f() * r) with central
// differences for every element of params (tensors f reads: tracked inputs
// and weight values), in float64 accumulation.
func attnNumericCheck(t *testing.T, f func() (*tensor.Tensor, error), params []*tensor.Tensor) {
	t.Helper()
	out, err := f()
	if err != nil {
		t.Fatal(err)
	}
	proj := gradcheck.Random(99, -1, 1, out.Shape()...)
	loss := func() float64 {
		y, err := f()
		if err != nil {
			t.Fatal(err)
		}
		s := 0.0
		for i, v := range y.Float32s() {
			s += float64(v) * float64(proj.Float32s()[i])
		}
		return s
	}
	weighted, err := ops.Multiply(out, proj)
	if err != nil {
		t.Fatal(err)
	}
	total, err := attnSum(weighted)
	if err != nil {
		t.Fatal(err)
	}
	grads, err := autodiff.Gradients(total, params)
	if err != nil {
		t.Fatal(err)
	}
	const eps = 1e-2
	for p, x := range params {
		data := x.Float32s()
		for i := range data {
			old := data[i]
			data[i] = old + eps
			up := loss()
			data[i] = old - eps
			down := loss()
			data[i] = old
			num := (up - down) / (2 * eps)
			ana := float64(grads[p].Float32s()[i])
			if math.Abs(num-ana) > 3e-2*math.Max(1e-1, math.Max(math.Abs(num), math.Abs(ana))) {
				t.Fatalf("param %d (shape %v) [%d]: autodiff %v, finite differences %v", p, x.Shape(), i, ana, num)
			}
		}
	}
}
