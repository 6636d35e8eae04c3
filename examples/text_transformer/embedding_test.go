package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gokeras/keras"
	"github.com/gokeras/keras/layers"
	"github.com/gokeras/keras/tensor"
)

func ExampleNewTokenAndPositionEmbedding() {
	keras.ClearSession()
	emb := NewTokenAndPositionEmbedding(10, 100, 8)
	out := emb.Apply(keras.Input([]int{10}))
	fmt.Println(out.Shape(), layers.CountParams(emb))
	// Output: (None, 10, 8) 880
}

// Each output row is the token's embedding plus its position's.
func TestTokenAndPositionEmbeddingCall(t *testing.T) {
	const maxlen, vocab, dim = 3, 5, 2
	l := NewTokenAndPositionEmbedding(maxlen, vocab, dim)
	ids, _ := tensor.FromInt32([]int32{4, 0, 2, 1, 1, 3}, 2, maxlen)
	out, err := layers.CallLayer(&layers.Context{}, l, []*tensor.Tensor{ids})
	if err != nil {
		t.Fatal(err)
	}
	if got := out[0].Shape().String(); got != "(2, 3, 2)" {
		t.Fatalf("output shape %s, want (2, 3, 2)", got)
	}
	tok, pos := l.tokenEmb.Embeddings.Value().Float32s(), l.posEmb.Embeddings.Value().Float32s()
	y := out[0].Float32s()
	for b := range 2 {
		for p := range maxlen {
			id := ids.Int32s()[b*maxlen+p]
			for k := range dim {
				want := tok[int(id)*dim+k] + pos[p*dim+k]
				if got := y[(b*maxlen+p)*dim+k]; got != want {
					t.Errorf("y[%d,%d,%d] = %v, want %v", b, p, k, got, want)
				}
			}
		}
	}
	if n := len(layers.TrainableWeights(l)); n != 2 {
		t.Errorf("%d trainable weights, want 2 (token and position embeddings)", n)
	}
}

func TestTokenAndPositionEmbeddingErrors(t *testing.T) {
	tests := []struct {
		name  string
		layer *TokenAndPositionEmbedding
		shape []int
		want  string
	}{
		{"bad size", NewTokenAndPositionEmbedding(0, 10, 4), []int{5}, "must be positive"},
		{"wrong length", NewTokenAndPositionEmbedding(5, 10, 4), []int{6}, "expected one input of shape (None, 5)"},
		{"wrong rank", NewTokenAndPositionEmbedding(5, 10, 4), []int{5, 1}, "expected one input of shape (None, 5)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := tt.layer.Apply(keras.Input(tt.shape))
			if out.Err() == nil || !strings.Contains(out.Err().Error(), tt.want) {
				t.Errorf("error %v, want one containing %q", out.Err(), tt.want)
			}
		})
	}
}

func TestTokenAndPositionEmbeddingConfig(t *testing.T) {
	cfg := NewTokenAndPositionEmbedding(200, 20000, 32, layers.WithName("emb")).GetConfig()
	for k, want := range map[string]any{"name": "emb", "maxlen": 200, "vocab_size": 20000, "embed_dim": 32} {
		if cfg[k] != want {
			t.Errorf("config[%q] = %v, want %v", k, cfg[k], want)
		}
	}
}
