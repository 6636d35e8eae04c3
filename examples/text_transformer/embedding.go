package main

import (
	"fmt"

	"github.com/gokeras/keras/layers"
	"github.com/gokeras/keras/ops"
	"github.com/gokeras/keras/tensor"
)

// TokenAndPositionEmbedding is the example's custom layer: the embedding of
// each token plus the embedding of its position, both learned. It shows how
// a layer written outside package layers embeds layers.BaseLayer and owns
// other layers.
type TokenAndPositionEmbedding struct {
	layers.BaseLayer
	Maxlen, VocabSize, EmbedDim int

	tokenEmb, posEmb *layers.Embedding
	positions        *tensor.Tensor // 0, 1, ..., maxlen-1
}

// NewTokenAndPositionEmbedding makes the layer for sequences of at most
// maxlen ids below vocabSize. Options: layers.WithName.
func NewTokenAndPositionEmbedding(maxlen, vocabSize, embedDim int, opts ...layers.Option) *TokenAndPositionEmbedding {
	cfg := layers.Options(opts, map[string]any{"maxlen": maxlen, "vocab_size": vocabSize, "embed_dim": embedDim})
	l := &TokenAndPositionEmbedding{}
	l.BaseLayer.Init(l, "TokenAndPositionEmbedding", cfg)
	l.Maxlen = cfg.Int("maxlen", 0)
	l.VocabSize = cfg.Int("vocab_size", 0)
	l.EmbedDim = cfg.Int("embed_dim", 0)
	l.BaseLayer.Finish(cfg)
	if l.Maxlen <= 0 || l.VocabSize <= 0 || l.EmbedDim <= 0 {
		l.SetErr(fmt.Errorf("TokenAndPositionEmbedding: maxlen, vocab_size and embed_dim must be positive, got %d, %d, %d", maxlen, vocabSize, embedDim))
		return l
	}
	l.tokenEmb = layers.NewEmbedding(l.VocabSize, l.EmbedDim)
	l.posEmb = layers.NewEmbedding(l.Maxlen, l.EmbedDim)
	pos := make([]int32, l.Maxlen)
	for i := range pos {
		pos[i] = int32(i)
	}
	l.positions, _ = tensor.FromInt32(pos, l.Maxlen)
	return l
}

// SubLayers lists the two embeddings, so that their weights are the layer's.
func (l *TokenAndPositionEmbedding) SubLayers() []layers.Layer {
	if l.tokenEmb == nil {
		return nil
	}
	return []layers.Layer{l.tokenEmb, l.posEmb}
}

// Build builds the token embedding for the (batch, maxlen) ids and the
// position embedding for the (maxlen,) positions.
func (l *TokenAndPositionEmbedding) Build(shapes []tensor.Shape) error {
	if err := l.check(shapes); err != nil {
		return err
	}
	if err := layers.EnsureBuilt(l.tokenEmb, shapes); err != nil {
		return err
	}
	return layers.EnsureBuilt(l.posEmb, []tensor.Shape{{l.Maxlen}})
}

func (l *TokenAndPositionEmbedding) check(shapes []tensor.Shape) error {
	if len(shapes) != 1 || len(shapes[0]) != 2 || shapes[0][1] != l.Maxlen {
		return fmt.Errorf("expected one input of shape (None, %d), got %v", l.Maxlen, shapes)
	}
	return nil
}

// ComputeOutputShape appends embed_dim: (batch, maxlen, embed_dim).
func (l *TokenAndPositionEmbedding) ComputeOutputShape(shapes []tensor.Shape) ([]tensor.Shape, error) {
	if err := l.check(shapes); err != nil {
		return nil, err
	}
	return []tensor.Shape{append(shapes[0].Clone(), l.EmbedDim)}, nil
}

// Call returns token_emb(x) + pos_emb(arange(maxlen)), the positions
// broadcast over the batch.
func (l *TokenAndPositionEmbedding) Call(ctx *layers.Context, in []*tensor.Tensor) ([]*tensor.Tensor, error) {
	tok, err := layers.CallLayer(ctx, l.tokenEmb, in)
	if err != nil {
		return nil, err
	}
	pos, err := layers.CallLayer(ctx, l.posEmb, []*tensor.Tensor{l.positions})
	if err != nil {
		return nil, err
	}
	y, err := ops.Add(tok[0], pos[0])
	if err != nil {
		return nil, err
	}
	return []*tensor.Tensor{y}, nil
}

// GetConfig returns the layer's config: maxlen, vocab_size and embed_dim.
func (l *TokenAndPositionEmbedding) GetConfig() map[string]any {
	cfg := l.BaseConfig()
	cfg["maxlen"] = l.Maxlen
	cfg["vocab_size"] = l.VocabSize
	cfg["embed_dim"] = l.EmbedDim
	return cfg
}
