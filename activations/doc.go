// Package activations is keras.activations: the activation functions that
// layers apply to their outputs, looked up by their Keras names.
//
// Every function of Keras 3's keras/src/activations/__init__.py is here under
// its Keras name (plus the aliases "swish" and "hard_swish"); Get turns a
// name, a serialized config or an Activation into an Activation, and
// Serialize gives back the Keras config form. Parameterized forms
// (Relu with negative_slope/max_value/threshold, Softmax with an axis, Elu
// with alpha, ...) are built with the constructors of the same names.
//
// The element-wise functions are computed by package ops (keras.ops.nn), so
// an activation used in a layer differentiates like any other op.
//
// Deliberate differences from Keras:
//   - Keras cannot serialize a parameterized activation (a lambda or
//     partial); here Serialize of one with non-default arguments returns
//     {"class_name": name, "config": {arguments}}, a Go-only form that Get
//     reads back and that Keras rejects rather than silently misreads.
//   - hard_sigmoid is Keras 3's relu6(x+3)/6. Keras 1 and 2 files mean
//     clip(0.2x+0.5, 0, 1) by the same name: model loaders reading such files
//     use Legacy, which returns HardSigmoidKeras2 (registered here under the
//     Go-only name "hard_sigmoid_keras2" so that it round-trips).
//   - "threshold" is accepted by Get, as in Keras, but it needs arguments:
//     calling the plain one returns an error (Keras raises a TypeError); use
//     Threshold(threshold, defaultValue).
//   - sparsemax mirrors Keras's threshold formula exactly (see ops.Sparsemax).
package activations
