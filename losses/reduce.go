package losses

import (
	"fmt"

	"github.com/gokeras/keras/tensor"
)

// reduceOp is Keras's reduce_weighted_values fused into one op: inputs
// (values[, sample_weight]); the mask of ignore_class (shared with the
// loss op) is merged into the sample weights as apply_mask does, values are
// weighted, then reduced.
type reduceOp struct {
	reduction string
	scalar    bool    // output is the reduced scalar
	n         int     // elements of the weighted values (shape sb)
	vIdx      []int32 // values offset per weighted element (nil: identity)
	mIdx      []int32 // merged-weight offset per weighted element
	swIdx     []int32 // sample-weight offset per merged element
	maskIdx   []int32 // mask offset per merged element
	mask      []float32
	hasW      bool      // there is a sample weight or a mask
	swConv    []float32 // sample weight converted to float32
	merged    []float32 // merged weights (shape sm)
	scale     float64   // d(loss)/d(weighted value) for scalar reductions
}

func (op *reduceOp) Name() string { return "loss_reduction" }

// weights fills op.merged from the sample weight and mask.
func (op *reduceOp) weights(sw *tensor.Tensor) {
	var w []float32
	if sw != nil {
		w = floats(sw, op.swConv)
	}
	maskScale := float32(1)
	if op.mask != nil && (op.reduction == "mean" || op.reduction == "sum_over_batch_size") {
		valid := 0.0
		for _, v := range op.mask {
			valid += float64(v)
		}
		maskScale = 0
		if valid != 0 {
			maskScale = float32(float64(len(op.mask)) / valid)
		}
	}
	for i := range op.merged {
		v := float32(1)
		if w != nil {
			j := i
			if op.swIdx != nil {
				j = int(op.swIdx[i])
			}
			v = w[j]
		}
		if op.mask != nil {
			j := i
			if op.maskIdx != nil {
				j = int(op.maskIdx[i])
			}
			v *= op.mask[j] * maskScale
		}
		op.merged[i] = v
	}
}

func (op *reduceOp) weightAt(b int) float32 {
	if !op.hasW {
		return 1
	}
	if op.mIdx != nil {
		return op.merged[op.mIdx[b]]
	}
	return op.merged[b]
}

func (op *reduceOp) valueAt(v []float32, b int) float32 {
	if op.vIdx != nil {
		return v[op.vIdx[b]]
	}
	return v[b]
}

func (op *reduceOp) Forward(out *tensor.Tensor, in []*tensor.Tensor) {
	if op.hasW {
		var sw *tensor.Tensor
		if len(in) > 1 {
			sw = in[1]
		}
		op.weights(sw)
	}
	v, o := in[0].Float32s(), out.Float32s()
	if !op.scalar {
		for b := range o {
			o[b] = op.valueAt(v, b) * op.weightAt(b)
		}
		return
	}
	sum := 0.0
	for b := 0; b < op.n; b++ {
		sum += float64(op.valueAt(v, b)) * float64(op.weightAt(b))
	}
	div := 1.0
	switch op.reduction {
	case "sum_over_batch_size", "mean", "mean_with_sample_weight":
		div = float64(op.n)
		if op.reduction == "mean_with_sample_weight" && op.hasW {
			div = 0
			for _, w := range op.merged {
				div += float64(w)
			}
		}
	}
	op.scale = 0
	if div != 0 { // divide_no_nan
		op.scale = 1 / div
	}
	o[0] = float32(sum * op.scale)
}

func (op *reduceOp) Backward(gout, out *tensor.Tensor, in []*tensor.Tensor, gin []*tensor.Tensor) {
	if gin[0] == nil {
		return
	}
	gv, g := gin[0].Float32s(), gout.Float32s()
	for b := 0; b < op.n; b++ {
		var d float32
		if op.scalar {
			d = g[0] * float32(op.scale)
		} else {
			d = g[b]
		}
		d *= op.weightAt(b)
		if op.vIdx != nil {
			gv[op.vIdx[b]] += d
		} else {
			gv[b] += d
		}
	}
}

// reduceWeighted applies sample weights, the ignore_class mask and the
// reduction to per-sample values, as Keras's reduce_weighted_values.
func reduceWeighted(who string, values, sw *tensor.Tensor, mask []float32, reduction string) (*tensor.Tensor, error) {
	op := &reduceOp{reduction: reduction, mask: mask}
	sv := values.Shape()
	sm := sv
	switch {
	case mask != nil && sw != nil:
		a, b := alignRanks(sv, sw.Shape())
		m, err := broadcastShapes(a, b)
		if err != nil {
			return nil, fmt.Errorf("%s: sample_weight of shape %v does not broadcast with the loss values of shape %v: %w", who, sw.Shape(), sv, err)
		}
		sm = m
		op.maskIdx, op.swIdx = bcastIndex(a, m), bcastIndex(b, m)
	case sw != nil:
		sm = sw.Shape()
	}
	if sw != nil && sw.DType() != tensor.Float32 {
		op.swConv = make([]float32, sw.Size())
	}
	sb := sv
	if sw != nil || mask != nil {
		op.hasW = true
		op.merged = make([]float32, sm.Size())
		a, b := alignRanks(sv, sm)
		s, err := broadcastShapes(a, b)
		if err != nil {
			return nil, fmt.Errorf("%s: sample_weight of shape %v does not broadcast with the loss values of shape %v: %w", who, sm, sv, err)
		}
		sb = s
		op.vIdx, op.mIdx = bcastIndex(a, s), bcastIndex(b, s)
	}
	op.n = sb.Size()
	op.scalar = reduction != "none" && len(sb) != 0 && !(len(sb) == 1 && sb[0] == 0)
	outShape := sb
	if op.scalar {
		outShape = tensor.Shape{}
	}
	inputs := []*tensor.Tensor{values}
	if sw != nil {
		inputs = append(inputs, sw)
	}
	out, err := tensor.Apply(op, tensor.Float32, outShape, inputs...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", who, err)
	}
	return out, nil
}
