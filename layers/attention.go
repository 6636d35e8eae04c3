package layers

import (
	"fmt"

	"github.com/gokeras/keras/initializers"
	"github.com/gokeras/keras/ops"
	"github.com/gokeras/keras/random"
	"github.com/gokeras/keras/tensor"
)

// Attention is keras.layers.Attention, dot-product (Luong-style) attention.
// Its inputs are [query, value] or [query, value, key] of shapes
// (batch, Tq, dim), (batch, Tv, dim) and (batch, Tv, dim) (key defaults to
// value). Scores query·keyᵀ (score_mode "dot", times the scalar weight
// "scale" with use_scale) or concat_score_weight·Σ tanh(scale·(q+k))
// (score_mode "concat") are softmaxed over Tv and weigh value.
//
// Masks come from the inputs' Keras masks: the value's mask keeps padded
// value steps out of the softmax (their scores are lowered by 1e9, as in
// Keras), the query's mask zeroes the output rows of padded queries and is
// the output's mask.
//
// Keras's call arguments have no place in Call, so they are layer options
// here, kept out of the config (Go-only settings):
//   - With("use_causal_mask", true): query i attends to value steps j <= i.
//   - With("return_attention_scores", true): a second output holds the
//     attention weights (batch, Tq, Tv) after masking, softmax and (in
//     training) dropout, as Keras returns them.
type Attention struct {
	BaseLayer
	UseScale  bool
	ScoreMode string // "dot" or "concat"
	Dropout   float64
	// UseCausalMask and ReturnAttentionScores are Keras's call arguments
	// use_causal_mask and return_attention_scores.
	UseCausalMask, ReturnAttentionScores bool

	seed     int
	gen      *random.SeedGenerator
	additive bool

	Scale, ConcatScoreWeight *tensor.Variable
}

// AdditiveAttention is keras.layers.AdditiveAttention, Bahdanau-style
// attention: scores Σ scale·tanh(q+k) over the feature axis, with a
// trainable scale of shape (dim) (use_scale, default true). Inputs, masks and
// the Go-only options are those of Attention.
type AdditiveAttention struct {
	Attention
}

// NewAttention makes an Attention layer. Options: With("use_scale", true),
// With("score_mode", "concat"), With("dropout", rate), With("seed", n),
// With("use_causal_mask", true), With("return_attention_scores", true),
// WithName.
func NewAttention(opts ...Option) *Attention { return attentionFromConfig(Options(opts, nil)) }

// NewAdditiveAttention makes an AdditiveAttention layer. Options:
// With("use_scale", false), With("dropout", rate), With("seed", n),
// With("use_causal_mask", true), With("return_attention_scores", true),
// WithName.
func NewAdditiveAttention(opts ...Option) *AdditiveAttention {
	return additiveAttentionFromConfig(Options(opts, nil))
}

func init() {
	Register("Attention", func(c Config) (Layer, error) { l := attentionFromConfig(c); return l, l.Base().Err() })
	Register("AdditiveAttention", func(c Config) (Layer, error) {
		l := additiveAttentionFromConfig(c)
		return l, l.Base().Err()
	})
}

func attentionFromConfig(cfg Config) *Attention {
	l := &Attention{}
	l.BaseLayer.Init(l, "Attention", cfg)
	l.read(&cfg, false)
	l.ScoreMode = cfg.String("score_mode", "dot")
	if l.ScoreMode != "dot" && l.ScoreMode != "concat" {
		cfg.Fail(fmt.Errorf("invalid value for argument score_mode. Expected one of {'dot', 'concat'}. Received: score_mode=%s", l.ScoreMode))
	}
	l.BaseLayer.Finish(cfg)
	return l
}

func additiveAttentionFromConfig(cfg Config) *AdditiveAttention {
	l := &AdditiveAttention{}
	l.BaseLayer.Init(l, "AdditiveAttention", cfg)
	l.read(&cfg, true)
	l.ScoreMode = "dot"
	l.additive = true
	l.BaseLayer.Finish(cfg)
	return l
}

func (l *Attention) read(cfg *Config, additive bool) {
	l.UseScale = cfg.Bool("use_scale", additive)
	l.Dropout = cfg.Float("dropout", 0)
	if l.Dropout < 0 || l.Dropout > 1 {
		cfg.Fail(fmt.Errorf("invalid value received for argument `dropout`. Expected a float value between 0 and 1. Received: dropout=%v", l.Dropout))
	}
	l.seed = cfg.Int("seed", -1)
	if l.seed >= 0 {
		l.gen = random.NewSeedGenerator(uint64(l.seed))
	} else {
		l.gen = random.NewSeedGenerator(random.NextSeed())
	}
	l.UseCausalMask = cfg.Bool("use_causal_mask", false)
	l.ReturnAttentionScores = cfg.Bool("return_attention_scores", false)
}

// attentionInputs checks the [query, value(, key)] shapes.
func (l *Attention) attentionInputs(shapes []tensor.Shape) (q, v, k tensor.Shape, err error) {
	if len(shapes) < 2 || len(shapes) > 3 {
		return nil, nil, nil, fmt.Errorf("%s layer accepts inputs list of length 2 or 3, namely [query, value] or [query, value, key]. Received length: %d", l.ClassName(), len(shapes))
	}
	q, v, k = shapes[0], shapes[1], shapes[1]
	if len(shapes) == 3 {
		k = shapes[2]
	}
	if len(q) < 2 || len(v) < 2 || len(k) < 2 {
		return nil, nil, nil, fmt.Errorf("query, value and key must have rank >= 2, received query shape %v, value shape %v, key shape %v", q, v, k)
	}
	if q[len(q)-1] >= 0 && k[len(k)-1] >= 0 && q[len(q)-1] != k[len(k)-1] {
		return nil, nil, nil, fmt.Errorf("the last dimension of query and key must be equal, received query shape %v and key shape %v", q, k)
	}
	if tv, tk := v[len(v)-2], k[len(k)-2]; tv >= 0 && tk >= 0 && tv != tk {
		return nil, nil, nil, fmt.Errorf("value and key must have the same number of steps, received value shape %v and key shape %v", v, k)
	}
	return q, v, k, nil
}

// Build creates scale (use_scale; a scalar, or (dim) for AdditiveAttention)
// and, with score_mode "concat", concat_score_weight, both initialized as
// Keras does.
func (l *Attention) Build(shapes []tensor.Shape) error {
	q, _, _, err := l.attentionInputs(shapes)
	if err != nil {
		return err
	}
	if l.UseScale {
		spec := WeightSpec{Name: "scale", Shape: tensor.Shape{}, Initializer: initializers.Ones{}, Trainable: true}
		if l.additive {
			spec.Shape = tensor.Shape{q[len(q)-1]}
			spec.Initializer = initializers.NewGlorotUniform()
		}
		if l.Scale, err = l.AddWeight(spec); err != nil {
			return err
		}
	}
	if l.ScoreMode == "concat" {
		l.ConcatScoreWeight, err = l.AddWeight(WeightSpec{Name: "concat_score_weight", Shape: tensor.Shape{},
			Initializer: initializers.Ones{}, Trainable: true})
	}
	return err
}

// ComputeOutputShape returns (*query[:-1], value[-1]) and, with
// return_attention_scores, (*query[:-1], Tv).
func (l *Attention) ComputeOutputShape(shapes []tensor.Shape) ([]tensor.Shape, error) {
	q, v, k, err := l.attentionInputs(shapes)
	if err != nil {
		return nil, err
	}
	out := append(q[:len(q)-1].Clone(), v[len(v)-1])
	if !l.ReturnAttentionScores {
		return []tensor.Shape{out}, nil
	}
	return []tensor.Shape{out, append(q[:len(q)-1].Clone(), k[len(k)-2])}, nil
}

// scores computes the (batch, Tq, Tv) attention scores.
func (l *Attention) scores(q, k *tensor.Tensor) (*tensor.Tensor, error) {
	if l.ScoreMode == "dot" && !l.additive {
		s, err := ops.Einsum("...qd,...kd->...qk", q, k)
		if err != nil {
			return nil, err
		}
		if l.Scale != nil {
			return ops.Multiply(s, l.Scale.Value())
		}
		return s, nil
	}
	qe, err := ops.ExpandDims(q, -2) // (batch, Tq, 1, dim)
	if err != nil {
		return nil, err
	}
	ke, err := ops.ExpandDims(k, -3) // (batch, 1, Tv, dim)
	if err != nil {
		return nil, err
	}
	sum, err := ops.Add(qe, ke)
	if err != nil {
		return nil, err
	}
	if l.additive {
		t, err := ops.Tanh(sum)
		if err != nil {
			return nil, err
		}
		if l.Scale != nil {
			if t, err = ops.Multiply(l.Scale.Value(), t); err != nil {
				return nil, err
			}
		}
		return ops.Sum(t, []int{-1}, false)
	}
	if l.Scale != nil {
		if sum, err = ops.Multiply(l.Scale.Value(), sum); err != nil {
			return nil, err
		}
	}
	t, err := ops.Tanh(sum)
	if err != nil {
		return nil, err
	}
	s, err := ops.Sum(t, []int{-1}, false)
	if err != nil {
		return nil, err
	}
	return ops.Multiply(l.ConcatScoreWeight.Value(), s)
}

// Call computes the attention output (and the attention weights with
// return_attention_scores).
func (l *Attention) Call(ctx *Context, in []*tensor.Tensor) ([]*tensor.Tensor, error) {
	shapes := make([]tensor.Shape, len(in))
	for i, x := range in {
		shapes[i] = x.Shape()
	}
	if _, _, _, err := l.attentionInputs(shapes); err != nil {
		return nil, err
	}
	q, v, k := in[0], in[1], in[1]
	if len(in) == 3 {
		k = in[2]
	}
	for i, x := range in {
		if x.DType() != tensor.Float32 {
			return nil, fmt.Errorf("expected float32 inputs, got %v for input %d", x.DType(), i)
		}
	}
	if q.Rank() != k.Rank() || q.Rank() != v.Rank() {
		return nil, fmt.Errorf("query, value and key must have the same rank, received query shape %v, value shape %v, key shape %v", q.Shape(), v.Shape(), k.Shape())
	}
	scores, err := l.scores(q, k)
	if err != nil {
		return nil, fmt.Errorf("attention scores of query shape %v and key shape %v: %w", q.Shape(), k.Shape(), err)
	}
	qMask, err := boolMask(q.Mask())
	if err != nil {
		return nil, err
	}
	vMask, err := boolMask(v.Mask())
	if err != nil {
		return nil, err
	}
	var scoresMask *tensor.Tensor
	if vMask != nil {
		if scoresMask, err = ops.ExpandDims(vMask, -2); err != nil { // (batch, 1, Tv)
			return nil, err
		}
	}
	if l.UseCausalMask {
		s := scores.Shape()
		if scoresMask, err = andMasks(scoresMask, causalMask(s[len(s)-2], s[len(s)-1])); err != nil {
			return nil, err
		}
	}
	if scoresMask != nil {
		lowered, err := ops.Subtract(scores, ops.Const(attentionMaxValue))
		if err != nil {
			return nil, err
		}
		pad, err := ops.LogicalNot(scoresMask)
		if err != nil {
			return nil, err
		}
		if scores, err = ops.Where(pad, lowered, scores); err != nil {
			return nil, fmt.Errorf("applying a mask of shape %v to scores of shape %v: %w", scoresMask.Shape(), scores.Shape(), err)
		}
	}
	weights, err := ops.Softmax(scores, -1)
	if err != nil {
		return nil, err
	}
	applied := weights
	if ctx != nil && ctx.Training && l.Dropout > 0 {
		if applied, err = random.Dropout(weights, float32(l.Dropout), l.gen, nil); err != nil {
			return nil, err
		}
	}
	out, err := ops.Matmul(applied, v)
	if err != nil {
		return nil, fmt.Errorf("attention weights of shape %v and value of shape %v: %w", applied.Shape(), v.Shape(), err)
	}
	if qMask != nil {
		if out, err = zeroMasked(out, qMask); err != nil {
			return nil, err
		}
	}
	if l.ReturnAttentionScores {
		return []*tensor.Tensor{out, applied}, nil
	}
	return []*tensor.Tensor{out}, nil
}

// ComputeMask makes the query's mask the output's (Keras's compute_mask);
// the attention scores carry none.
func (l *Attention) ComputeMask(inputs, outputs []*tensor.Tensor) ([]*tensor.Tensor, error) {
	if len(inputs) == 0 || inputs[0].Mask() == nil {
		return nil, nil
	}
	return []*tensor.Tensor{inputs[0].Mask()}, nil
}

// GetConfig returns Keras's Attention config (AdditiveAttention's has no
// score_mode).
func (l *Attention) GetConfig() map[string]any {
	cfg := l.BaseConfig()
	cfg["use_scale"] = l.UseScale
	if !l.additive {
		cfg["score_mode"] = l.ScoreMode
	}
	cfg["dropout"] = l.Dropout
	cfg["seed"] = nil
	if l.seed >= 0 {
		cfg["seed"] = l.seed
	}
	return cfg
}
