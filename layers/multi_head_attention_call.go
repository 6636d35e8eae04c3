package layers

import (
	"fmt"

	"github.com/gokeras/keras/ops"
	"github.com/gokeras/keras/tensor"
)

// attentionMask is Keras's _compute_attention_mask: the Keras masks of
// query ([B, T, 1]), value and key ([B, 1, S]), the causal and sliding
// window masks ([1, T, S]) and the explicit attention_mask, ANDed.
func (l *MultiHeadAttention) attentionMask(q, v, k, explicit *tensor.Tensor) (*tensor.Tensor, error) {
	var auto *tensor.Tensor
	add := func(m *tensor.Tensor, axis int) error {
		if m == nil {
			return nil
		}
		b, err := boolMask(m)
		if err != nil {
			return err
		}
		if axis != 0 {
			if b, err = ops.ExpandDims(b, axis); err != nil {
				return err
			}
		}
		auto, err = andMasks(auto, b)
		return err
	}
	if err := add(q.Mask(), -1); err != nil {
		return nil, fmt.Errorf("query mask: %w", err)
	}
	if err := add(v.Mask(), -2); err != nil {
		return nil, fmt.Errorf("value mask: %w", err)
	}
	if k != nil {
		if err := add(k.Mask(), -2); err != nil {
			return nil, fmt.Errorf("key mask: %w", err)
		}
	}
	if l.UseCausalMask {
		if err := add(causalMask(q.Dim(1), v.Dim(1)), 0); err != nil {
			return nil, err
		}
	}
	if l.SlidingWindow > 0 {
		if err := add(slidingWindowMask(q.Dim(1), v.Dim(1), l.SlidingWindow), 0); err != nil {
			return nil, err
		}
	}
	var err error
	if explicit != nil {
		if explicit, err = boolMask(explicit); err != nil {
			return nil, fmt.Errorf("attention_mask: %w", err)
		}
	}
	return andMasks(explicit, auto)
}

// Call computes the attention output (and the attention scores with
// return_attention_scores) for [query, value(, key(, attention_mask))].
func (l *MultiHeadAttention) Call(ctx *Context, in []*tensor.Tensor) ([]*tensor.Tensor, error) {
	shapes := make([]tensor.Shape, len(in))
	for i, x := range in {
		shapes[i] = x.Shape()
	}
	if _, _, _, err := l.mhaShapes(shapes); err != nil {
		return nil, err
	}
	for i, x := range in[:min(3, len(in))] {
		if x.DType() != tensor.Float32 {
			return nil, fmt.Errorf("expected float32 query, value and key, got %v for input %d", x.DType(), i)
		}
	}
	q, v, k := in[0], in[1], in[1]
	var keyIn, explicit *tensor.Tensor
	if len(in) > 2 {
		k, keyIn = in[2], in[2]
	}
	if len(in) > 3 {
		explicit = in[3]
	}
	mask, err := l.attentionMask(q, v, keyIn, explicit)
	if err != nil {
		return nil, err
	}
	var gate *tensor.Tensor
	if l.Gate != nil {
		if gate, err = l.project(ctx, l.Gate, q); err != nil {
			return nil, err
		}
	}
	query, err := l.project(ctx, l.Query, q)
	if err != nil {
		return nil, err
	}
	key, err := l.project(ctx, l.Key, k)
	if err != nil {
		return nil, err
	}
	value, err := l.project(ctx, l.Value, v)
	if err != nil {
		return nil, err
	}
	if query, err = ops.Multiply(query, ops.Const(l.inverseSqrtKeyDim())); err != nil {
		return nil, err
	}
	scores, err := ops.Einsum(l.dotEq, key, query)
	if err != nil {
		return nil, fmt.Errorf("attention scores of query shape %v and key shape %v: %w", q.Shape(), k.Shape(), err)
	}
	if mask != nil {
		axis := -len(l.AttentionAxes)*2 - 1
		for mask.Rank() < scores.Rank() {
			if mask, err = ops.ExpandDims(mask, axis); err != nil {
				return nil, err
			}
		}
		if err := checkMaskBroadcast(mask.Shape(), scores.Shape()); err != nil {
			return nil, err
		}
	}
	if scores, err = maskedSoftmax(scores, mask, len(l.AttentionAxes)); err != nil {
		return nil, err
	}
	final := scores
	if l.Dropout > 0 && ctx != nil && ctx.Training {
		outs, err := l.dropout.Call(ctx, []*tensor.Tensor{scores})
		if err != nil {
			return nil, err
		}
		final = outs[0]
	}
	out, err := ops.Einsum(l.combineEq, final, value)
	if err != nil {
		return nil, err
	}
	if gate != nil {
		if out, err = ops.Multiply(out, gate); err != nil {
			return nil, err
		}
	}
	if out, err = l.project(ctx, l.OutputDense, out); err != nil {
		return nil, err
	}
	if l.ReturnAttentionScores {
		return []*tensor.Tensor{out, scores}, nil
	}
	return []*tensor.Tensor{out}, nil
}

func (l *MultiHeadAttention) project(ctx *Context, d *EinsumDense, x *tensor.Tensor) (*tensor.Tensor, error) {
	outs, err := d.Call(ctx, []*tensor.Tensor{x})
	if err != nil {
		return nil, fmt.Errorf("projection %q: %w", d.Name(), err)
	}
	return outs[0], nil
}

// checkMaskBroadcast is the Softmax layer's check: each mask axis is 1 or
// the scores' size.
func checkMaskBroadcast(mask, scores tensor.Shape) error {
	if len(mask) > len(scores) {
		return fmt.Errorf("the attention mask must be broadcastable to the attention scores and must not have more dimensions. Received: scores shape %v, mask shape %v", scores, mask)
	}
	for i := 1; i <= len(mask); i++ {
		m, s := mask[len(mask)-i], scores[len(scores)-i]
		if m != 1 && m != s {
			return fmt.Errorf("the attention mask must be broadcastable to the attention scores: each mask dimension must be 1 or match the scores' dimension. Received: scores shape %v, mask shape %v", scores, mask)
		}
	}
	return nil
}
