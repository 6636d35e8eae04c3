package tensor

import "fmt"

// Constraint projects a variable's value after each optimizer update (Keras's
// kernel_constraint / bias_constraint).
type Constraint interface {
	Constrain(w *Tensor)
}

// Variable is a named, mutable tensor that layers own and optimizers update:
// Keras's keras.Variable. Its value is a tracked graph leaf, so gradients flow
// to it when it is trainable.
type Variable struct {
	name       string
	path       string
	value      *Tensor
	Constraint Constraint // optional, applied by optimizers after updates
}

// NewVariable wraps value (not copied) as a variable. path is the Keras
// variable path, e.g. "dense/kernel"; name is its last element.
func NewVariable(name, path string, value *Tensor, trainable bool) *Variable {
	v := &Variable{name: name, path: path, value: value}
	value.node = newNode(nil, nil, trainable && value.dtype.IsFloat())
	value.node.Var = v
	return v
}

// Name is the variable's short name ("kernel").
func (v *Variable) Name() string { return v.name }

// Path is the variable's full path ("dense/kernel").
func (v *Variable) Path() string { return v.path }

// SetPath renames the variable (used when a layer gets its final name).
func (v *Variable) SetPath(p string) { v.path = p }

// Value returns the variable's tensor. Ops applied to it are tracked.
func (v *Variable) Value() *Tensor { return v.value }

// Shape is the shape of the value.
func (v *Variable) Shape() Shape { return v.value.shape }

// Trainable reports whether optimizers update the variable.
func (v *Variable) Trainable() bool { return v.value.node.NeedsGrad }

// SetTrainable switches whether gradients flow to the variable.
func (v *Variable) SetTrainable(on bool) { v.value.node.NeedsGrad = on && v.value.dtype.IsFloat() }

// Assign copies src into the variable's storage; dtype and shape must match.
func (v *Variable) Assign(src *Tensor) error {
	if !v.value.shape.Equal(src.shape) {
		return fmt.Errorf("variable %q: cannot assign a value of shape %v to a variable of shape %v", v.path, src.shape, v.value.shape)
	}
	return v.value.CopyFrom(src)
}
