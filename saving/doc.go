// Package saving is keras.saving and keras.models' file functions: it
// saves and loads models in Keras's formats.
//
//   - ModelToJSON / ModelFromJSON: model.to_json() and model_from_json, in
//     Keras 3's format ({module, class_name, config, registered_name}) and,
//     for reading, Keras 1/2's legacy forms (list-form Sequential configs,
//     batch_input_shape, [[name, node, tensor, kwargs]] inbound nodes,
//     Keras 1 class and argument names) and TensorFlow.js model.json
//     topologies.
//   - SaveModel / LoadModel: ".keras" zips (metadata.json, config.json with
//     build_config and compile_config, model.weights.h5 with the optimizer
//     state). LoadModel also reads legacy Keras 1/2 ".h5" full models.
//   - SaveWeights / LoadWeights / LoadWeightsByName: ".weights.h5" files in
//     Keras 3's layout and Keras 1/2 weight files.
//
// Weights live where Keras 3 puts them: layers/<snake_case class>[_N]/vars/i,
// numbered per class in model.layers order whatever the layers' own names,
// nested models as nested layers/... groups, RNN cells under "cell", the
// optimizer's variables under optimizer/vars in Variables() order.
//
// Loading untrusted files is safe: zip entries with "..", absolute paths or
// backslashes are rejected, every read is bounded by the file's real size,
// config size arguments are bounded, and errors name the layer, the path,
// the weight and both shapes.
//
// Version semantics: files written by Keras 1/2 and TensorFlow.js (decided
// from keras_version, or from the absence of Keras 3's "module" keys) mean
// clip(0.2x+0.5, 0, 1) by "hard_sigmoid"; the loader maps it to
// activations.HardSigmoidKeras2. Keras 3 files keep Keras 3's hard_sigmoid.
// LegacySemantics overrides the decision.
//
// Deviations from Keras: the optimizer state of legacy .h5 files is not
// loaded (a warning says so); loss_weights given per output name in a Keras
// 2 training_config are ignored; keras tensors passed as call keyword
// arguments in a Keras 3 config are appended to the positional inputs;
// model.weights.npz is not read; saved vars groups always carry the "name"
// attribute of Keras 3.6+; own variables are saved in creation order.
package saving
