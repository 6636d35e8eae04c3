package layers

import (
	"strings"
	"testing"

	"github.com/gokeras/keras/autodiff"
	"github.com/gokeras/keras/tensor"
)

func TestEmbedding(t *testing.T) {
	e := NewEmbedding(4, 2, WithName("emb_t"))
	if err := EnsureBuilt(e, []tensor.Shape{{-1, 3}}); err != nil {
		t.Fatal(err)
	}
	if p := e.Embeddings.Path(); p != "emb_t/embeddings" {
		t.Fatalf("path %q", p)
	}
	for _, v := range e.Embeddings.Value().Float32s() {
		if v < -0.05 || v > 0.05 {
			t.Fatalf("uniform initializer gave %v", v)
		}
	}
	copy(e.Embeddings.Value().Float32s(), []float32{0, 1, 10, 11, 20, 21, 30, 31})
	i32, _ := tensor.FromInt32([]int32{3, 1, 1, 0, 2, 1}, 2, 3)
	i64, _ := tensor.FromInt64([]int64{3, 1, 1, 0, 2, 1}, 2, 3)
	f32, _ := tensor.FromFloat32([]float32{3.7, 1, 1.2, 0, 2, 1}, 2, 3)
	want := []float64{30, 31, 10, 11, 10, 11, 0, 1, 20, 21, 10, 11}
	for _, ids := range []*tensor.Tensor{i32, i64, f32} {
		out, err := CallLayer(&Context{}, e, []*tensor.Tensor{ids})
		if err != nil {
			t.Fatal(err)
		}
		if !out[0].Shape().Equal(tensor.Shape{2, 3, 2}) {
			t.Fatalf("shape %v", out[0].Shape())
		}
		rnnClose(t, "embedding "+ids.DType().String(), out[0].Float32s(), want, 0)
	}
	// Repeated ids accumulate their gradients.
	out, _ := CallLayer(&Context{}, e, []*tensor.Tensor{i32})
	g, err := autodiff.Gradients(out[0], []*tensor.Tensor{e.Embeddings.Value()})
	if err != nil {
		t.Fatal(err)
	}
	rnnClose(t, "dembeddings", g[0].Float32s(), []float64{1, 1, 3, 3, 1, 1, 1, 1}, 0)
}

func TestEmbeddingBadIDs(t *testing.T) {
	e := NewEmbedding(5, 2, WithName("emb_bad"))
	for _, ids := range []*tensor.Tensor{
		func() *tensor.Tensor { x, _ := tensor.FromInt32([]int32{1, 5}, 1, 2); return x }(),
		func() *tensor.Tensor { x, _ := tensor.FromInt64([]int64{-1, 2}, 1, 2); return x }(),
	} {
		_, err := CallLayer(&Context{}, e, []*tensor.Tensor{ids})
		if err == nil || !strings.Contains(err.Error(), `"emb_bad"`) || !strings.Contains(err.Error(), "input_dim=5") {
			t.Fatalf("bad id error: %v", err)
		}
	}
	// Replays do not crash: the op records the error for the trainer.
	ids, _ := tensor.FromInt32([]int32{1, 2}, 1, 2)
	tensor.Track(ids, false)
	out, err := CallLayer(&Context{}, e, []*tensor.Tensor{ids})
	if err != nil {
		t.Fatal(err)
	}
	plan, err := autodiff.NewPlan([]*tensor.Tensor{out[0]}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	op := out[0].Node().Op.(interface{ Err() error })
	ids.Int32s()[1] = 7
	plan.Forward()
	if err := op.Err(); err == nil || !strings.Contains(err.Error(), "token id 7") {
		t.Fatalf("replay error: %v", err)
	}
	ids.Int32s()[1] = 4
	plan.Forward()
	if err := op.Err(); err != nil {
		t.Fatalf("error after valid replay: %v", err)
	}
}

// TestEmbeddingMaskReplay checks that the mask of a mask_zero Embedding
// follows new ids when a compiled plan is replayed.
func TestEmbeddingMaskReplay(t *testing.T) {
	e := NewEmbedding(6, 3, With("mask_zero", true))
	l := NewGRU(2, With("return_sequences", true))
	ids, _ := tensor.FromInt32([]int32{1, 2, 3, 4}, 1, 4)
	tensor.Track(ids, false)
	h, err := CallLayer(&Context{}, e, []*tensor.Tensor{ids})
	if err != nil {
		t.Fatal(err)
	}
	y, err := CallLayer(&Context{}, l, h)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := autodiff.NewPlan(y, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	copy(ids.Int32s(), []int32{1, 0, 0, 4})
	plan.Forward()
	o := y[0].Float32s()
	for j := 0; j < 2; j++ {
		if o[2+j] != o[j] || o[4+j] != o[j] {
			t.Fatalf("masked steps do not repeat the previous output: %v", o)
		}
	}
}
