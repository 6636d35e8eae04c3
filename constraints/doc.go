// Package constraints is keras.constraints: projections that optimizers
// apply to a variable in place after each update (kernel_constraint,
// bias_constraint).
//
// MaxNorm, MinMaxNorm, NonNeg and UnitNorm follow Keras 3's formulas
// (including where epsilon = 1e-7 is added: w * desired / (epsilon + norm)),
// defaults and config keys. Each implements tensor.Constraint; Constrain
// works in place and, after its first call for a given shape, allocates
// nothing. A constraint value keeps its scratch buffers, so one value must
// not be used from several goroutines at once.
//
// Deliberate differences from Keras: Constrain cannot return an error, so a
// constraint whose axes do not fit the weights leaves them unchanged; Apply
// does the same work and reports the problem, and Check validates a shape
// up front (layers call it when they create the variable). The abstract base
// class "Constraint" is not registered with Get.
package constraints
