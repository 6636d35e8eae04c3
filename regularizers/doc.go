// Package regularizers is keras.regularizers: penalties on weights that
// layers add to the training loss (kernel_regularizer, bias_regularizer,
// activity_regularizer).
//
// L1, L2, L1L2 and OrthogonalRegularizer follow Keras 3's formulas, defaults
// and config keys. Call returns a float32 scalar tensor that is
// differentiable with respect to the weights (package autodiff).
//
// Deliberate differences from Keras:
//   - Get also accepts "l1_l2" (the name of Keras's keras.regularizers.l1_l2
//     alias); Keras's own get only knows "l1l2" and "L1L2".
//   - The abstract base class "Regularizer" (a zero penalty) is not
//     registered.
//   - Regularizers apply to float32 tensors only.
package regularizers
