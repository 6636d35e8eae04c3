package layers

import (
	"fmt"
	"math"
	"slices"

	"github.com/gokeras/keras/constraints"
	"github.com/gokeras/keras/initializers"
	"github.com/gokeras/keras/regularizers"
	"github.com/gokeras/keras/tensor"
)

// MultiHeadAttention is keras.layers.MultiHeadAttention ("Attention is all
// you need"): query, key and value are projected by EinsumDense layers named
// "query", "key" and "value" into num_heads heads (kernels of shape (dim,
// num_heads, key_dim) and (dim, num_heads, value_dim), biases (num_heads,
// key_dim) ...), the scaled dot products are softmaxed over the attention
// axes, and the weighted values are projected back by "attention_output"
// (kernel (num_heads, value_dim, out)). Weights are in Keras's order and
// paths ("<name>/query/kernel", "<name>/query/bias", "<name>/key/kernel",
// ...).
//
// Inputs are [query, value], [query, value, key] or [query, value, key,
// attention_mask] (pass value again as key to give only an attention mask).
// attention_mask is Keras's explicit boolean (batch, T, S) mask (numbers:
// non-zero is true); the Keras masks of query, value and key are combined
// with it as Keras's _compute_attention_mask does ([B, T, 1] & [B, 1, S] &
// [B, 1, S] & causal [1, T, S] & sliding window). Masked scores get -1e9
// before the softmax and 0 after it, as Keras's Softmax layer does; the
// output carries the query's mask.
//
// Keras's call arguments are layer options here, kept out of the config
// (Go-only settings): With("use_causal_mask", true) and
// With("return_attention_scores", true) (a second output with the attention
// weights (batch, num_heads, T, S) before dropout).
//
// Deviation: Keras may route an unmasked or causal-only call through its
// fused dot_product_attention (flash attention); this implementation always
// computes attention explicitly, which gives the same values except on rows
// that are masked entirely (zero here, as on Keras's explicit path).
type MultiHeadAttention struct {
	BaseLayer
	NumHeads, KeyDim, ValueDim int
	Dropout                    float64
	UseBias, UseGate           bool
	OutputShape                []int // nil: the query's last dimension
	AttentionAxes              []int // nil: all axes but batch, heads and features
	SlidingWindow              int   // 0: none
	// UseCausalMask and ReturnAttentionScores are Keras's call arguments
	// use_causal_mask and return_attention_scores.
	UseCausalMask, ReturnAttentionScores bool

	kernelInit initializers.Initializer
	biasInit   initializers.Initializer
	kernelReg  regularizers.Regularizer
	biasReg    regularizers.Regularizer
	actReg     regularizers.Regularizer
	kernelCons constraints.Constraint
	biasCons   constraints.Constraint
	seed       int
	dropout    *Dropout

	axesGiven        bool
	dotEq, combineEq string
	scoresRank       int
	// Query, Key, Value, Gate (use_gate) and OutputDense are the
	// projections (Keras's query_dense ... output_dense), set by Build.
	Query, Key, Value, Gate, OutputDense *EinsumDense
}

// NewMultiHeadAttention makes a MultiHeadAttention layer with numHeads heads
// of size keyDim. Options: With("value_dim", n), With("dropout", rate),
// WithUseBias, With("output_shape", []int{...}), With("attention_axes",
// []int{...}), With("use_gate", true), With("sliding_window", n),
// WithKernelInitializer, WithBiasInitializer, the regularizer and constraint
// options, With("seed", n), With("use_causal_mask", true),
// With("return_attention_scores", true), WithName.
func NewMultiHeadAttention(numHeads, keyDim int, opts ...Option) *MultiHeadAttention {
	return mhaFromConfig(Options(opts, map[string]any{"num_heads": numHeads, "key_dim": keyDim}))
}

func init() {
	Register("MultiHeadAttention", func(c Config) (Layer, error) { l := mhaFromConfig(c); return l, l.Base().Err() })
}

func mhaFromConfig(cfg Config) *MultiHeadAttention {
	l := &MultiHeadAttention{}
	l.BaseLayer.Init(l, "MultiHeadAttention", cfg)
	l.NumHeads = cfg.Int("num_heads", 0)
	if l.NumHeads <= 0 {
		cfg.Fail(fmt.Errorf("received an invalid value for argument `num_heads`, expected a positive integer. Received: num_heads=%v", cfg.Any("num_heads")))
	}
	l.KeyDim = cfg.Int("key_dim", 0)
	if l.KeyDim <= 0 {
		cfg.Fail(fmt.Errorf("received an invalid value for argument `key_dim`, expected a positive integer. Received: key_dim=%v", cfg.Any("key_dim")))
	}
	l.ValueDim = cfg.Int("value_dim", 0)
	if l.ValueDim < 0 {
		cfg.Fail(fmt.Errorf("received an invalid value for argument `value_dim`, expected a positive integer or `None`. Received: value_dim=%v", cfg.Any("value_dim")))
	}
	if l.ValueDim == 0 {
		l.ValueDim = l.KeyDim
	}
	l.Dropout = cfg.Float("dropout", 0)
	if l.Dropout < 0 || l.Dropout > 1 {
		cfg.Fail(fmt.Errorf("invalid value received for argument `dropout`. Expected a float value between 0 and 1. Received: dropout=%v", l.Dropout))
	}
	l.UseBias = cfg.Bool("use_bias", true)
	l.UseGate = cfg.Bool("use_gate", false)
	l.OutputShape = cfg.Ints("output_shape", nil)
	if len(l.OutputShape) == 0 {
		l.OutputShape = nil
	}
	l.AttentionAxes = cfg.Ints("attention_axes", nil)
	l.axesGiven = l.AttentionAxes != nil
	l.SlidingWindow = cfg.Int("sliding_window", 0)
	if l.SlidingWindow < 0 || (cfg.Any("sliding_window") != nil && l.SlidingWindow == 0) {
		cfg.Fail(fmt.Errorf("`sliding_window` must be `None` or a positive integer. Received: sliding_window=%v", cfg.Any("sliding_window")))
	}
	if fa, ok := cfg.Any("flash_attention").(bool); ok && fa {
		cfg.Fail(fmt.Errorf("argument flash_attention=true is not supported"))
	}
	l.kernelInit = getInitializer(&cfg, "kernel_initializer", "glorot_uniform")
	l.biasInit = getInitializer(&cfg, "bias_initializer", "zeros")
	l.kernelReg = getRegularizer(&cfg, "kernel_regularizer")
	l.biasReg = getRegularizer(&cfg, "bias_regularizer")
	l.actReg = getRegularizer(&cfg, "activity_regularizer")
	l.kernelCons = getConstraint(&cfg, "kernel_constraint")
	l.biasCons = getConstraint(&cfg, "bias_constraint")
	l.seed = cfg.Int("seed", -1)
	l.UseCausalMask = cfg.Bool("use_causal_mask", false)
	l.ReturnAttentionScores = cfg.Bool("return_attention_scores", false)
	dopts := []Option{WithName(l.Name() + "_dropout")}
	if l.seed >= 0 {
		dopts = append(dopts, With("seed", l.seed))
	}
	l.dropout = NewDropout(max(0, min(1, l.Dropout)), dopts...)
	l.BaseLayer.Finish(cfg)
	return l
}

// SubLayers returns the projections in Keras's order: query, key, gate
// (use_gate), value, attention_output.
func (l *MultiHeadAttention) SubLayers() []Layer {
	var out []Layer
	for _, d := range []*EinsumDense{l.Query, l.Key, l.Gate, l.Value, l.OutputDense} {
		if d != nil {
			out = append(out, d)
		}
	}
	return out
}

// SavedChildren names the projections as Keras's weight files do (its
// public properties, visited in sorted order).
func (l *MultiHeadAttention) SavedChildren() ([]string, []Layer) {
	attrs := []string{"key_dense", "output_dense", "query_dense", "value_dense"}
	children := []Layer{l.Key, l.OutputDense, l.Query, l.Value}
	if l.Gate != nil {
		attrs = append(attrs, "_gate_dense")
		children = append(children, l.Gate)
	}
	return attrs, children
}

// mhaShapes splits the inputs into query, value and key shapes.
func (l *MultiHeadAttention) mhaShapes(shapes []tensor.Shape) (q, v, k tensor.Shape, err error) {
	if len(shapes) < 2 || len(shapes) > 4 {
		return nil, nil, nil, fmt.Errorf("MultiHeadAttention takes inputs [query, value], [query, value, key] or [query, value, key, attention_mask], received %d inputs", len(shapes))
	}
	q, v, k = shapes[0], shapes[1], shapes[1]
	if len(shapes) > 2 {
		k = shapes[2]
	}
	if len(q) < 3 || len(v) < 3 || len(k) < 3 {
		return nil, nil, nil, fmt.Errorf("query, value and key must have rank >= 3 (batch, <axes>, features), received query_shape=%v, value_shape=%v, key_shape=%v", q, v, k)
	}
	if !slices.Equal(v[1:len(v)-1], k[1:len(k)-1]) {
		return nil, nil, nil, fmt.Errorf("all dimensions of `value` and `key`, except the last one, must be equal. Received: value_shape=%v and key_shape=%v", v, k)
	}
	if len(q) != len(v) {
		return nil, nil, nil, fmt.Errorf("query and value must have the same rank. Received: query_shape=%v and value_shape=%v", q, v)
	}
	return q, v, k, nil
}

func (l *MultiHeadAttention) sublayerOpts(name string, biasAxes string) []Option {
	clone := func(i initializers.Initializer) any {
		// A fresh copy per projection, as Keras's from_config(get_config())
		// clone: an unseeded initializer draws a new seed.
		c, err := initializers.Get(initializers.Serialize(i))
		if err != nil {
			return i
		}
		return c
	}
	opts := []Option{WithName(name), WithKernelInitializer(clone(l.kernelInit)), WithBiasInitializer(clone(l.biasInit))}
	if l.UseBias {
		opts = append(opts, With("bias_axes", biasAxes))
	}
	for k, v := range map[string]any{"kernel_regularizer": l.kernelReg, "bias_regularizer": l.biasReg,
		"activity_regularizer": l.actReg, "kernel_constraint": l.kernelCons, "bias_constraint": l.biasCons} {
		if v != nil {
			opts = append(opts, With(k, v))
		}
	}
	return opts
}

// Build creates the query, key, (gate,) value and attention_output
// projections for the input shapes, in Keras's order.
func (l *MultiHeadAttention) Build(shapes []tensor.Shape) error {
	q, v, k, err := l.mhaShapes(shapes)
	if err != nil {
		return err
	}
	rank := len(q)
	eq, bias, outRank := mhaProjEquation(rank-1, 1, 2)
	build := func(name, eq, bias string, out []int, in tensor.Shape, extra ...Option) (*EinsumDense, error) {
		d := NewEinsumDense(eq, out, append(l.sublayerOpts(name, bias), extra...)...)
		if err := EnsureBuilt(d, []tensor.Shape{in}); err != nil {
			return nil, err
		}
		for _, w := range d.OwnVariables() {
			w.SetPath(l.Name() + "/" + name + "/" + w.Name())
		}
		return d, nil
	}
	headsK := mhaOutputShape(outRank-1, []int{l.NumHeads, l.KeyDim})
	headsV := mhaOutputShape(outRank-1, []int{l.NumHeads, l.ValueDim})
	if l.Query, err = build("query", eq, bias, headsK, q); err != nil {
		return err
	}
	if l.Key, err = build("key", eq, bias, headsK, k); err != nil {
		return err
	}
	if l.UseGate {
		if l.Gate, err = build("gate", eq, bias, headsV, q, WithActivation("sigmoid")); err != nil {
			return err
		}
	}
	if l.Value, err = build("value", eq, bias, headsV, v); err != nil {
		return err
	}
	if !l.axesGiven || l.AttentionAxes == nil {
		l.AttentionAxes = nil
		for i := 1; i < outRank-2; i++ {
			l.AttentionAxes = append(l.AttentionAxes, i)
		}
	} else {
		norm := make([]int, len(l.AttentionAxes))
		for i, a := range l.AttentionAxes {
			if a < 0 {
				a += outRank - 1
			}
			if a < 1 || a >= outRank-2 {
				return fmt.Errorf("attention_axes %v are out of range for a query of shape %v: each axis must be one of the axes between the batch axis and the feature axis", l.AttentionAxes, q)
			}
			norm[i] = a
		}
		l.AttentionAxes = norm
	}
	l.axesGiven = true
	l.dotEq, l.combineEq, l.scoresRank = mhaAttentionEquations(outRank, l.AttentionAxes)
	outShape := l.OutputShape
	if outShape == nil {
		outShape = []int{q[len(q)-1]}
	}
	oeq, obias, oRank := mhaProjEquation(rank-1, 2, len(outShape))
	outIn := append(q[:len(q)-1].Clone(), l.NumHeads, l.ValueDim)
	l.OutputDense, err = build("attention_output", oeq, obias, mhaOutputShape(oRank-1, outShape), outIn)
	return err
}

// ComputeOutputShape returns the query's shape with its last axis replaced
// by output_shape and, with return_attention_scores, the scores' shape
// (batch, num_heads, <query attention axes>, <key attention axes>) for
// the default attention axes.
func (l *MultiHeadAttention) ComputeOutputShape(shapes []tensor.Shape) ([]tensor.Shape, error) {
	q, v, _, err := l.mhaShapes(shapes)
	if err != nil {
		return nil, err
	}
	out := q[:len(q)-1].Clone()
	if l.OutputShape != nil {
		out = append(out, l.OutputShape...)
	} else {
		out = append(out, q[len(q)-1])
	}
	if !l.ReturnAttentionScores {
		return []tensor.Shape{out}, nil
	}
	// Projected shape (batch, <axes>, heads, channels); the scores keep the
	// non-attention axes, then the query's and key's attention axes.
	pq := append(q[:len(q)-1].Clone(), l.NumHeads, l.KeyDim)
	pv := append(v[:len(v)-1].Clone(), l.NumHeads, l.KeyDim)
	axes := l.AttentionAxes
	if axes == nil || !l.Built() {
		axes = nil
		for i := 1; i < len(pq)-2; i++ {
			axes = append(axes, i)
		}
	}
	var scores tensor.Shape
	for i := 0; i < len(pq)-1; i++ {
		if !slices.Contains(axes, i) {
			scores = append(scores, pq[i])
		}
	}
	for _, a := range axes {
		scores = append(scores, pq[a])
	}
	for _, a := range axes {
		scores = append(scores, pv[a])
	}
	return []tensor.Shape{out, scores}, nil
}

// inverseSqrtKeyDim is the factor Keras scales the query by.
func (l *MultiHeadAttention) inverseSqrtKeyDim() float32 {
	return float32(1 / math.Sqrt(float64(l.KeyDim)))
}

// ComputeMask gives the output the query's mask (the scores carry none).
func (l *MultiHeadAttention) ComputeMask(inputs, _ []*tensor.Tensor) ([]*tensor.Tensor, error) {
	if len(inputs) == 0 || inputs[0].Mask() == nil {
		return nil, nil
	}
	return []*tensor.Tensor{inputs[0].Mask()}, nil
}

// GetConfig returns Keras's MultiHeadAttention config.
func (l *MultiHeadAttention) GetConfig() map[string]any {
	cfg := l.BaseConfig()
	cfg["num_heads"] = l.NumHeads
	cfg["key_dim"] = l.KeyDim
	cfg["value_dim"] = l.ValueDim
	cfg["dropout"] = l.Dropout
	cfg["use_bias"] = l.UseBias
	cfg["use_gate"] = l.UseGate
	var os, axes, sw, seed any
	if l.OutputShape != nil {
		os = shapeAny(l.OutputShape)
	}
	if l.AttentionAxes != nil {
		axes = shapeAny(l.AttentionAxes)
	}
	if l.SlidingWindow > 0 {
		sw = l.SlidingWindow
	}
	if l.seed >= 0 {
		seed = l.seed
	}
	cfg["output_shape"] = os
	cfg["attention_axes"] = axes
	cfg["sliding_window"] = sw
	cfg["kernel_initializer"] = serializeObj("keras.initializers", l.kernelInit)
	cfg["bias_initializer"] = serializeObj("keras.initializers", l.biasInit)
	cfg["kernel_regularizer"] = serializeObj("keras.regularizers", l.kernelReg)
	cfg["bias_regularizer"] = serializeObj("keras.regularizers", l.biasReg)
	cfg["activity_regularizer"] = serializeObj("keras.regularizers", l.actReg)
	cfg["kernel_constraint"] = serializeObj("keras.constraints", l.kernelCons)
	cfg["bias_constraint"] = serializeObj("keras.constraints", l.biasCons)
	cfg["seed"] = seed
	return cfg
}
