// Package autodiff differentiates computations written with package ops.
//
// Every op applied to a tracked tensor (a Variable's value, or a tensor
// passed to tensor.Track) records a graph node. Gradients walks that graph
// backwards from a target; GradientTape wraps the same mechanism in the shape
// of Keras's/TensorFlow's custom-training-loop API.
//
// Plan is the compiled form used by the trainer: it takes a graph recorded
// once (a trace of one training or prediction step) and replays its forward
// and backward passes into buffers it allocated once, so that a steady-state
// step allocates nothing. Like tf.function, a plan assumes the traced
// computation does not change from step to step: the same ops on inputs of the
// same shapes. Ops whose results change between steps without their inputs
// changing (random ops such as dropout) draw new values each replay.
//
// A plan does not clear every gradient buffer before each backward pass.
// It works out once which op writes first into each buffer; an op that
// implements tensor.OverwritingBackward is told to write there instead of
// adding, and only the other buffers are zeroed. A reshape's input shares its
// output's gradient storage (tensor.GradPassing) instead of copying it.
package autodiff
