package regularizers

import (
	"fmt"

	"github.com/gokeras/keras/ops"
	"github.com/gokeras/keras/tensor"
)

// L1L2 is keras.regularizers.L1L2: l1*sum(|w|) + l2*sum(w²) (Keras's
// defaults 0 and 0; a zero factor's term is skipped).
type L1L2 struct{ L1, L2 float64 }

// NewL1L2 checks that both factors are finite and non-negative.
func NewL1L2(l1, l2 float64) (*L1L2, error) {
	if err := validateFloatArg("L1L2", "l1", l1); err != nil {
		return nil, err
	}
	if err := validateFloatArg("L1L2", "l2", l2); err != nil {
		return nil, err
	}
	return &L1L2{L1: l1, L2: l2}, nil
}

// Call returns the penalty as a float32 scalar.
func (r *L1L2) Call(w *tensor.Tensor) (*tensor.Tensor, error) {
	return l1l2(r.ClassName(), r.L1, r.L2, w)
}

// ClassName is "L1L2".
func (*L1L2) ClassName() string { return "L1L2" }

// GetConfig is {"l1", "l2"}.
func (r *L1L2) GetConfig() map[string]any { return map[string]any{"l1": r.L1, "l2": r.L2} }

// L1 is keras.regularizers.L1: l1*sum(|w|) (Keras's default l1 = 0.01).
type L1 struct{ L1 float64 }

// NewL1 checks that the factor is finite and non-negative.
func NewL1(l1 float64) (*L1, error) {
	if err := validateFloatArg("L1", "l1", l1); err != nil {
		return nil, err
	}
	return &L1{L1: l1}, nil
}

// Call returns the penalty as a float32 scalar.
func (r *L1) Call(w *tensor.Tensor) (*tensor.Tensor, error) {
	return term(r.ClassName(), r.L1, w, ops.Abs)
}

// ClassName is "L1".
func (*L1) ClassName() string { return "L1" }

// GetConfig is {"l1"}.
func (r *L1) GetConfig() map[string]any { return map[string]any{"l1": r.L1} }

// L2 is keras.regularizers.L2: l2*sum(w²) (Keras's default l2 = 0.01).
type L2 struct{ L2 float64 }

// NewL2 checks that the factor is finite and non-negative.
func NewL2(l2 float64) (*L2, error) {
	if err := validateFloatArg("L2", "l2", l2); err != nil {
		return nil, err
	}
	return &L2{L2: l2}, nil
}

// Call returns the penalty as a float32 scalar.
func (r *L2) Call(w *tensor.Tensor) (*tensor.Tensor, error) {
	return term(r.ClassName(), r.L2, w, ops.Square)
}

// ClassName is "L2".
func (*L2) ClassName() string { return "L2" }

// GetConfig is {"l2"}.
func (r *L2) GetConfig() map[string]any { return map[string]any{"l2": r.L2} }

// term is factor * sum(f(w)).
func term(class string, factor float64, w *tensor.Tensor, f func(*tensor.Tensor) (*tensor.Tensor, error)) (*tensor.Tensor, error) {
	if err := checkInput(class, w); err != nil {
		return nil, err
	}
	y, err := f(w)
	if err == nil {
		y, err = ops.Sum(y, nil, false)
	}
	if err == nil {
		y, err = ops.Multiply(ops.Const(float32(factor)), y)
	}
	if err != nil {
		return nil, fmt.Errorf("regularizer %s: weights of shape %v: %w", class, w.Shape(), err)
	}
	return y, nil
}

func l1l2(class string, l1, l2 float64, w *tensor.Tensor) (*tensor.Tensor, error) {
	if err := checkInput(class, w); err != nil {
		return nil, err
	}
	var out *tensor.Tensor
	for _, t := range []struct {
		factor float64
		f      func(*tensor.Tensor) (*tensor.Tensor, error)
	}{{l1, ops.Abs}, {l2, ops.Square}} {
		if t.factor == 0 {
			continue
		}
		y, err := term(class, t.factor, w, t.f)
		if err != nil {
			return nil, err
		}
		if out == nil {
			out = y
		} else if out, err = ops.Add(out, y); err != nil {
			return nil, fmt.Errorf("regularizer %s: %w", class, err)
		}
	}
	if out == nil {
		return ops.Const(0), nil
	}
	return out, nil
}
