package losses

import (
	"fmt"
	"slices"

	"github.com/gokeras/keras/tensor"
)

// perSampleFn computes the per-sample loss values (and the ignore_class
// mask, or nil) of one loss.
type perSampleFn func(s *settings, who string, yTrue, yPred *tensor.Tensor) (*tensor.Tensor, []float32, error)

func checkInputs(who string, yTrue, yPred *tensor.Tensor) error {
	if yTrue == nil || yPred == nil {
		return fmt.Errorf("%s: y_true and y_pred must not be nil", who)
	}
	if yPred.DType() != tensor.Float32 {
		return fmt.Errorf("%s: y_pred must be float32, got %v of shape %v", who, yPred.DType(), yPred.Shape())
	}
	return nil
}

// sameShape is the TF backend's check of cross-entropy arguments.
func sameShape(who string, t, p tensor.Shape) error {
	if len(t) != len(p) {
		return fmt.Errorf("%s: Arguments `target` and `output` must have the same rank (ndim). Received: target.shape=%v, output.shape=%v", who, t, p)
	}
	if !t.Equal(p) {
		return fmt.Errorf("%s: Arguments `target` and `output` must have the same shape. Received: target.shape=%v, output.shape=%v", who, t, p)
	}
	return nil
}

// axisRange turns the loss's axis (or Dice/Tversky axes) into the run of
// reduced axes [a0, a1) of a rank-r shape.
func axisRange(who string, axes []int, r int) (int, int, error) {
	if axes == nil {
		return 0, r, nil
	}
	norm := make([]int, len(axes))
	for i, a := range axes {
		ax, err := tensor.NormAxis(a, r)
		if err != nil {
			return 0, 0, fmt.Errorf("%s: invalid axis %d for inputs of rank %d: %w", who, a, r, err)
		}
		norm[i] = ax
	}
	slices.Sort(norm)
	for i := 1; i < len(norm); i++ {
		if norm[i] != norm[i-1]+1 {
			return 0, 0, fmt.Errorf("%s: axes %v must be distinct and contiguous", who, axes)
		}
	}
	return norm[0], norm[len(norm)-1] + 1, nil
}

// rowLoss runs kernel kern over y_true and y_pred after Keras's rank
// alignment, broadcasting them (or, with exact, requiring equal shapes),
// reducing over axes (nil: all).
func rowLoss(who string, yTrue, yPred *tensor.Tensor, exact bool, axes []int, mk func(k, groups int) kernel) (*tensor.Tensor, error) {
	if err := checkInputs(who, yTrue, yPred); err != nil {
		return nil, err
	}
	ts, ps := alignRanks(yTrue.Shape(), yPred.Shape())
	var full tensor.Shape
	if exact {
		if err := sameShape(who, ts, ps); err != nil {
			return nil, err
		}
		full = ps
	} else {
		var err error
		if full, err = broadcastShapes(ts, ps); err != nil {
			return nil, fmt.Errorf("%s: y_true of shape %v and y_pred of shape %v do not broadcast: %w", who, yTrue.Shape(), yPred.Shape(), err)
		}
	}
	a0, a1, err := axisRange(who, axes, len(full))
	if err != nil {
		return nil, err
	}
	g := newGrouping(full, a0, a1)
	op := newRowOp(who, mk(g.k, g.groups()), ts, ps, full, a0, a1, yTrue)
	out, err := tensor.Apply(op, tensor.Float32, g.out, yTrue, yPred)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", who, err)
	}
	return out, nil
}

// fused returns the logits behind yPred when the loss takes probabilities
// and yPred came from the activation act over its last axis (the class axis
// is last).
func fused(s *settings, yPred *tensor.Tensor, act string) (*tensor.Tensor, bool) {
	if s.fromLogits {
		return yPred, true
	}
	if r := yPred.Rank(); act == "softmax" && (r == 0 || (s.axis != -1 && s.axis != r-1)) {
		return yPred, false
	}
	if z := activationLogits(yPred, act); z != nil {
		return z, true
	}
	return yPred, false
}

func elem(mk func() kernel) perSampleFn {
	return func(s *settings, who string, yTrue, yPred *tensor.Tensor) (*tensor.Tensor, []float32, error) {
		out, err := rowLoss(who, yTrue, yPred, false, []int{-1}, func(int, int) kernel { return mk() })
		return out, nil, err
	}
}

func perHuber(s *settings, who string, yTrue, yPred *tensor.Tensor) (*tensor.Tensor, []float32, error) {
	out, err := rowLoss(who, yTrue, yPred, false, []int{-1}, func(int, int) kernel { return huberKernel(s.delta) })
	return out, nil, err
}

func perHinge(squared bool) perSampleFn {
	return elem(func() kernel { return &hingeKernel{squared: squared} })
}

func perCosine(s *settings, who string, yTrue, yPred *tensor.Tensor) (*tensor.Tensor, []float32, error) {
	out, err := rowLoss(who, yTrue, yPred, false, []int{s.axis}, func(int, int) kernel { return cosineKernel{} })
	return out, nil, err
}

func perBCE(s *settings, who string, yTrue, yPred *tensor.Tensor) (*tensor.Tensor, []float32, error) {
	if err := checkInputs(who, yTrue, yPred); err != nil {
		return nil, nil, err
	}
	p, logits := fused(s, yPred, "sigmoid")
	out, err := rowLoss(who, yTrue, p, true, []int{s.axis}, func(int, int) kernel {
		return &bceKernel{logits: logits, ls: s.labelSmoothing}
	})
	return out, nil, err
}

func perBFCE(s *settings, who string, yTrue, yPred *tensor.Tensor) (*tensor.Tensor, []float32, error) {
	if err := checkInputs(who, yTrue, yPred); err != nil {
		return nil, nil, err
	}
	p, logits := fused(s, yPred, "sigmoid")
	out, err := rowLoss(who, yTrue, p, true, []int{s.axis}, func(int, int) kernel {
		return &bfceKernel{bceKernel: bceKernel{logits: logits, ls: s.labelSmoothing},
			balance: s.applyClassBalancing, alpha: s.alpha, gamma: s.gamma}
	})
	return out, nil, err
}

func perCCE(s *settings, who string, yTrue, yPred *tensor.Tensor) (*tensor.Tensor, []float32, error) {
	if err := checkInputs(who, yTrue, yPred); err != nil {
		return nil, nil, err
	}
	p, logits := fused(s, yPred, "softmax")
	out, err := rowLoss(who, yTrue, p, true, []int{s.axis}, func(k, groups int) kernel {
		if logits {
			return &cceLogitsKernel{ls: s.labelSmoothing, lse: make([]float32, groups)}
		}
		return &cceProbsKernel{ls: s.labelSmoothing, dl: make([]float64, k)}
	})
	return out, nil, err
}

func perCFCE(s *settings, who string, yTrue, yPred *tensor.Tensor) (*tensor.Tensor, []float32, error) {
	out, err := rowLoss(who, yTrue, yPred, false, []int{s.axis}, func(k, groups int) kernel {
		return &cceProbsKernel{ls: s.labelSmoothing, focal: true, alpha: s.alpha, gamma: s.gamma,
			softmax: s.fromLogits, sm: make([]float32, k), dl: make([]float64, k)}
	})
	return out, nil, err
}

func perDice(s *settings, who string, yTrue, yPred *tensor.Tensor) (*tensor.Tensor, []float32, error) {
	out, err := rowLoss(who, yTrue, yPred, false, s.axes, func(int, int) kernel { return diceKernel{} })
	return out, nil, err
}

func perTversky(s *settings, who string, yTrue, yPred *tensor.Tensor) (*tensor.Tensor, []float32, error) {
	out, err := rowLoss(who, yTrue, yPred, false, s.axes, func(int, int) kernel {
		return tverskyKernel{alpha: s.alpha, beta: s.beta}
	})
	return out, nil, err
}

func perSparseCE(s *settings, who string, yTrue, yPred *tensor.Tensor) (*tensor.Tensor, []float32, error) {
	if err := checkInputs(who, yTrue, yPred); err != nil {
		return nil, nil, err
	}
	ts, ps := alignRanks(yTrue.Shape(), yPred.Shape())
	if len(ps) == 0 {
		return nil, nil, fmt.Errorf("%s: Argument `output` must be at least rank 1. Received: output.shape=%v", who, yPred.Shape())
	}
	a, err := tensor.NormAxis(s.axis, len(ps))
	if err != nil {
		return nil, nil, fmt.Errorf("%s: invalid axis %d for y_pred of shape %v: %w", who, s.axis, yPred.Shape(), err)
	}
	if len(ts) == len(ps) && ts[a] == 1 {
		ts = slices.Delete(ts.Clone(), a, a+1)
	}
	want := slices.Delete(ps.Clone(), a, a+1)
	if !ts.Equal(want) {
		return nil, nil, fmt.Errorf("%s: Arguments `target` and `output` must have the same shape up until the last dimension: target.shape=%v, output.shape=%v", who, yTrue.Shape(), yPred.Shape())
	}
	p, logits := fused(s, yPred, "softmax")
	g := newGrouping(ps, a, a+1)
	if g.k == 0 {
		return nil, nil, fmt.Errorf("%s: y_pred of shape %v has no classes", who, yPred.Shape())
	}
	op := &sparseCEOp{name: s.name, logits: logits, ignore: s.ignoreClass, grp: g, classes: g.k,
		cache: make([]float32, g.groups()), labels: make([]int, g.groups())}
	if s.ignoreClass != nil {
		op.mask = make([]float32, g.groups())
	}
	if err := op.readLabels(yTrue); err != nil {
		return nil, nil, err
	}
	out, err := tensor.Apply(op, tensor.Float32, g.out, yTrue, p)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", who, err)
	}
	return out, op.mask, nil
}
