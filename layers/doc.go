// Package layers holds Keras's layers (keras.layers) and the Layer interface
// every layer, and every model, implements.
//
// A layer is constructed with its required arguments and options named after
// Keras's keyword arguments:
//
//	d := layers.NewDense(128, layers.WithActivation("relu"))
//
// Options are recorded as the layer's Keras config (the same map GetConfig
// returns and FromConfig reads), so construction and loading share one path,
// and an option a layer does not take is reported like Keras's
// "Unrecognized keyword arguments" error. Construction never panics: a bad
// option is kept as the layer's error and returned by Build, by Apply's
// symbolic tensor, and by the model that holds the layer.
//
// Layers are applied to symbolic tensors (keras.Input) with Apply to build
// functional models, and to concrete tensors with Call. Weights are created
// by Build from the input shape, in Keras's order (trainable first, creation
// order within each group), so that weight files line up with Keras's.
package layers
