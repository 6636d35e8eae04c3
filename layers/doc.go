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
//
// A custom layer is a struct that embeds BaseLayer and implements Build,
// ComputeOutputShape, Call and GetConfig (Dense is a short example): its
// constructor calls BaseLayer.Init with a Config, reads its arguments with
// the Config getters (Config.Fail for bad values) and ends with
// BaseLayer.Finish; Build creates weights with AddWeight. A layer made of
// other layers implements Container. Register makes a class loadable from
// saved files.
//
// Masks work as in Keras 3: a mask is attached to a tensor
// (tensor.Tensor.Mask, Keras's _keras_mask). Embedding with mask_zero and
// Masking create masks (MaskComputer); layers that implement MaskSupporter
// pass them on; recurrent layers skip masked timesteps; losses and metrics
// weigh masked entries 0. A layer that implements neither interface drops
// the mask.
package layers
