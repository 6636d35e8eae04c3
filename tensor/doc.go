// Package tensor holds the n-dimensional arrays that every other package of
// Keras for Go computes on, and the bookkeeping that lets package autodiff
// differentiate through them.
//
// A Tensor is a dense, row-major array of one DType (float32, int32, int64,
// uint8 or bool) with a Shape. Tensors produced by an Op from tracked inputs
// remember that Op and their inputs (a node of the computation graph), which is
// what reverse-mode differentiation and the compiled training step replay use.
// Variables (Keras's keras.Variable) are tracked leaf tensors with a name.
package tensor
