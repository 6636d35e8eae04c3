package layers

import (
	"math"
	"testing"

	"github.com/gokeras/keras/internal/gradcheck"
	"github.com/gokeras/keras/tensor"
)

// TestMultiHeadAttentionKerasMasks checks that the Keras masks of the inputs
// (from Embedding with mask_zero) give the same result as the equivalent
// explicit attention_mask (query_mask[B,T,1] & value_mask[B,1,S]), and that
// the output carries the query's mask.
func TestMultiHeadAttentionKerasMasks(t *testing.T) {
	ids, _ := tensor.FromInt32([]int32{3, 1, 0, 0, 2, 4, 1, 0}, 2, 4)
	emb := NewEmbedding(5, 6, With("mask_zero", true))
	ctx := &Context{}
	e, err := CallLayer(ctx, emb, []*tensor.Tensor{ids})
	if err != nil {
		t.Fatal(err)
	}
	x := e[0]
	if x.Mask() == nil {
		t.Fatal("embedding output has no mask")
	}
	mha := NewMultiHeadAttention(2, 3, With("use_causal_mask", true), With("return_attention_scores", true))
	got, err := CallLayer(ctx, mha, []*tensor.Tensor{x, x})
	if err != nil {
		t.Fatal(err)
	}
	if got[0].Mask() != x.Mask() || got[1].Mask() != nil {
		t.Fatalf("output masks %v, %v: want the query's mask and none", got[0].Mask(), got[1].Mask())
	}
	keep := []bool{true, true, false, false, true, true, true, false}
	am := make([]bool, 2*4*4)
	for b := 0; b < 2; b++ {
		for i := 0; i < 4; i++ {
			for j := 0; j <= i; j++ {
				am[b*16+i*4+j] = keep[b*4+i] && keep[b*4+j]
			}
		}
	}
	amT, _ := tensor.FromBool(am, 2, 4, 4)
	plain := x.Clone()
	mha.UseCausalMask = false
	want, err := CallLayer(ctx, mha, []*tensor.Tensor{plain, plain, plain, amT})
	if err != nil {
		t.Fatal(err)
	}
	for k := range 2 {
		for i, w := range want[k].Float32s() {
			if g := got[k].Float32s()[i]; g != w {
				t.Fatalf("output %d [%d] = %v with Keras masks, %v with the explicit mask", k, i, g, w)
			}
		}
	}
	// Fully masked query rows have all-zero attention weights.
	s := got[1].Float32s()
	for h := 0; h < 2; h++ {
		for j := 0; j < 4; j++ {
			if v := s[h*16+3*4+j]; v != 0 { // batch 0, query 3 (padding)
				t.Fatalf("weight of padded query = %v, want 0", v)
			}
		}
	}
}

// TestAttentionSymbolic applies the layers to symbolic tensors.
func TestAttentionSymbolic(t *testing.T) {
	q := NewKerasTensor(tensor.Shape{-1, 5, 8}, tensor.Float32)
	v := NewKerasTensor(tensor.Shape{-1, 7, 6}, tensor.Float32)
	k := NewKerasTensor(tensor.Shape{-1, 7, 8}, tensor.Float32)
	outs := NewAttention(With("return_attention_scores", true)).ApplyMulti(q, v, k)
	if outs[0].Err() != nil || outs[0].Shape().String() != "(None, 5, 6)" || outs[1].Shape().String() != "(None, 5, 7)" {
		t.Fatalf("Attention: %v %v", outs[0], outs[0].Err())
	}
	mo := NewMultiHeadAttention(4, 2, With("output_shape", []int{3}), With("return_attention_scores", true)).ApplyMulti(q, v, k)
	if mo[0].Err() != nil || mo[0].Shape().String() != "(None, 5, 3)" || mo[1].Shape().String() != "(None, 4, 5, 7)" {
		t.Fatalf("MultiHeadAttention: %v %v", mo, mo[0].Err())
	}
	x4 := NewKerasTensor(tensor.Shape{-1, 2, 3, 8}, tensor.Float32)
	m4 := NewMultiHeadAttention(2, 2, With("return_attention_scores", true)).ApplyMulti(x4, x4)
	if m4[0].Err() != nil || m4[1].Shape().String() != "(None, 2, 2, 3, 2, 3)" {
		t.Fatalf("rank-4 MultiHeadAttention: %v %v", m4, m4[0].Err())
	}
	ed := NewEinsumDense("abc,cde->abde", []int{-1, 2, 3}).Apply(q)
	if ed.Err() != nil || ed.Shape().String() != "(None, 5, 2, 3)" {
		t.Fatalf("EinsumDense: %v %v", ed, ed.Err())
	}
}

// TestAttentionDropout checks that dropout acts only in training, and that
// MultiHeadAttention returns the scores before dropout and Attention after
// it, as Keras does.
func TestAttentionDropout(t *testing.T) {
	x := gradcheck.Random(1, -1, 1, 2, 4, 6)
	run := func(l Layer, training bool) []*tensor.Tensor {
		outs, err := CallLayer(&Context{Training: training}, l, []*tensor.Tensor{x, x})
		if err != nil {
			t.Fatal(err)
		}
		return outs
	}
	same := func(a, b *tensor.Tensor) bool {
		for i, v := range a.Float32s() {
			if b.Float32s()[i] != v {
				return false
			}
		}
		return true
	}
	mha := NewMultiHeadAttention(2, 3, With("dropout", 0.5), With("seed", 1), With("return_attention_scores", true))
	inf, tr := run(mha, false), run(mha, true)
	if same(inf[0], tr[0]) {
		t.Error("MultiHeadAttention: training output equals inference output with dropout 0.5")
	}
	if !same(inf[1], tr[1]) {
		t.Error("MultiHeadAttention: returned scores changed by dropout")
	}
	att := NewAttention(With("dropout", 0.5), With("return_attention_scores", true))
	ai, at := run(att, false), run(att, true)
	if same(ai[0], at[0]) || same(ai[1], at[1]) {
		t.Error("Attention: dropout must change the output and the returned (dropped) scores in training")
	}
	for i, v := range at[1].Float32s() {
		if w := 2 * float64(ai[1].Float32s()[i]); v != 0 && math.Abs(float64(v)-w) > 1e-6 {
			t.Fatalf("Attention: dropped weight %v, want 0 or 2*%v", v, ai[1].Float32s()[i])
		}
	}
}
