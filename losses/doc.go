// Package losses is the Go form of keras.losses: the loss classes
// (MeanSquaredError, SparseCategoricalCrossentropy, ...), their functional
// forms (MeanSquaredErrorFn, ...), Get and FromConfig.
//
// Every loss follows Keras 3's formulas, defaults, names and config keys
// (keras/src/losses/losses.py and loss.py): y_true and y_pred are first
// brought to the same rank as squeeze_or_expand_to_same_rank does, the
// per-sample loss is computed, then sample weights (and the mask that
// ignore_class produces) are applied and the values reduced with one of the
// reductions "sum_over_batch_size" (the default), "sum", "mean",
// "mean_with_sample_weight" or "none". Probabilities are clipped with
// Keras's backend.epsilon() = 1e-7.
//
// # Graph form
//
// Each loss is recorded as two fused graph ops: one computing the per-sample
// values from y_true and y_pred, one applying the sample weights and the
// reduction. Both read y_true and the sample weights only inside Forward, so
// a compiled training step (autodiff.Plan) that writes a new batch into its
// placeholders and replays the graph recomputes the loss correctly, and
// both keep their scratch buffers in the op so replays allocate nothing.
// Gradients flow to y_pred only; y_true and sample weights are treated as
// constants.
//
// # Softmax and sigmoid fusion (the logits hook)
//
// Like Keras's TensorFlow backend (which reads `output._keras_logits`),
// CategoricalCrossentropy and SparseCategoricalCrossentropy with
// from_logits=false compute the loss from the logits when y_pred was
// produced by a softmax over its last axis, and BinaryCrossentropy and
// BinaryFocalCrossentropy do the same for a sigmoid. The rule: if
// y_pred.Node().Op has Name() "softmax" (or "sigmoid") and implements
// LogitsProvider, and Logits(node.Inputs) returns a float32 tensor of
// y_pred's shape, that tensor is used as the logits. Ops that cannot vouch
// for a last-axis activation return nil. See Logits.
//
// # Deviations from Keras
//
//   - Only float32 losses: dtype may be unset or "float32".
//   - Get with a function name or alias ("mse", "huber") returns the loss
//     class configured with its defaults and named after the Keras function
//     ("mean_squared_error", "huber"), which is what Keras's compile does
//     when it wraps a loss function.
//   - The functional forms (MeanSquaredErrorFn, ...) apply the same rank
//     alignment as the classes.
//   - CategoricalFocalCrossentropy accepts only a scalar alpha.
//   - Dice and Tversky axes must be contiguous (e.g. (1, 2)).
//   - The gradient of cross-entropy from logits is the exact one,
//     softmax*sum(y_true) - y_true (TensorFlow uses softmax - y_true, which
//     equals it for labels that sum to 1).
//   - Fusion needs a graph node: an untracked softmax output is used as
//     probabilities.
//   - An out-of-range sparse label found while a compiled plan replays the
//     graph (where no error can be returned) yields a NaN loss and no
//     gradient for that sample; the op's Err method reports it.
package losses
