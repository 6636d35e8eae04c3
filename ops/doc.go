// Package ops is the Go form of keras.ops: the numpy-like operations that
// layers, losses and metrics are written in, each differentiable where Keras's
// is (see package autodiff).
//
// Every function checks its arguments and returns an error that names the op
// and the shapes involved; none panics on bad input. Broadcasting follows
// numpy's rules. Results are new tensors; when an input is tracked (a variable
// or a watched tensor) the result records the op for differentiation.
package ops
