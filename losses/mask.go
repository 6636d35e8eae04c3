package losses

import (
	"github.com/gokeras/keras/ops"
	"github.com/gokeras/keras/tensor"
)

// ApplyMask folds a Keras mask (y_pred.Mask(), true for real entries) into
// the sample weights, as keras.losses.loss.apply_mask: for the "mean" and
// "sum_over_batch_size" reductions real entries weigh total/valid, so the
// reduced loss is the mean over the real entries; for the others the mask
// weighs 1 or 0. The result is computed with ops, so compiled steps
// recompute it for every batch.
func ApplyMask(sampleWeight, mask *tensor.Tensor, reduction string) (*tensor.Tensor, error) {
	if mask == nil {
		return sampleWeight, nil
	}
	fm, err := ops.Cast(mask, tensor.Float32)
	if err != nil {
		return nil, err
	}
	if reduction == "mean" || reduction == "sum_over_batch_size" {
		valid, err := ops.Sum(fm, nil, false)
		if err != nil {
			return nil, err
		}
		w, err := ops.DivideNoNan(ops.Const(float32(mask.Size())), valid)
		if err != nil {
			return nil, err
		}
		if fm, err = ops.Multiply(fm, w); err != nil {
			return nil, err
		}
	}
	if sampleWeight == nil {
		return fm, nil
	}
	sw, err := ops.Cast(sampleWeight, tensor.Float32)
	if err != nil {
		return nil, err
	}
	// squeeze_or_expand_to_same_rank: add or drop trailing unit axes.
	for sw.Rank() < fm.Rank() {
		if sw, err = ops.ExpandDims(sw, -1); err != nil {
			return nil, err
		}
	}
	for fm.Rank() < sw.Rank() {
		if fm, err = ops.ExpandDims(fm, -1); err != nil {
			return nil, err
		}
	}
	return ops.Multiply(sw, fm)
}
