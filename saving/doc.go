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
//     state). LoadModel also reads legacy Keras 1/2/3 ".h5" full models, and
//     SaveLegacyH5 (or SaveModel with ".h5") writes them as Keras 3 does.
//   - SaveWeights / LoadWeights / LoadWeightsByName: ".weights.h5" files in
//     Keras 3's layout and Keras 1/2 weight files.
//   - SaveTFJS / LoadTFJS: TensorFlow.js "layers-model" directories
//     (model.json + weight shards; tfjs's model.save() and the tfjs
//     converter's shapes; float32/int32 and uint8/uint16/float16 quantized
//     weights), matched to variables by name, falling back to order.
//     LoadModel reads them too (a directory, or a .json with a
//     weightsManifest).
//   - NewModelCheckpoint / NewBackupAndRestore: the checkpointing callbacks
//     (keras.callbacks.ModelCheckpoint and BackupAndRestore). They live here
//     rather than in package callbacks because they save models, and
//     callbacks cannot import saving (saving → keras → callbacks).
//     BackupAndRestore resumes mid-epoch, bit for bit, through the trainer's
//     FitState / ResumeFit / RandomState hooks.
//
// Weights live where Keras 3 puts them: layers/<snake_case class>[_N]/vars/i,
// numbered per class in model.layers order whatever the layers' own names,
// nested models as nested layers/... groups, RNN cells under "cell", the
// optimizer's variables under optimizer/vars in Variables() order.
//
// Layer state that is not a variable is saved as Keras saves it: files of
// layers implementing AssetLayer (an adapted StringLookup, IntegerLookup or
// TextVectorization's vocabulary.txt) under assets/<layer path>/ in the
// .keras zip, and arrays of layers implementing OwnVariablesLayer (the
// lookups' idf_weights in tf_idf mode) by name in the layer's vars group of
// model.weights.h5 and .weights.h5 files. As in Keras, a
// TextVectorization's state is written a second time under
// "<path>/_lookup_layer" (its StringLookup attribute); that copy is not read.
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
// LegacySemantics overrides the decision. SaveTFJS writes Keras 2's
// hard_sigmoid as tfjs's "hard_sigmoid" and refuses Keras 3's, which tfjs
// cannot express.
//
// Deviations from Keras: the optimizer state of legacy .h5 files written by
// Keras 1/2 is not loaded (a warning says so; files written by Keras 3 or
// SaveLegacyH5 restore it, as Keras 3 does); loss_weights given per output name in a Keras
// 2 training_config are ignored; keras tensors passed as call keyword
// arguments in a Keras 3 config are appended to the positional inputs;
// model.weights.npz is not read; saved vars groups always carry the "name"
// attribute of Keras 3.6+; own variables are saved in creation order;
// tfjs optimizer weights are not loaded; SaveTFJS writes a Sequential
// without its InputLayer entry (as tfjs does) and fails on what tfjs cannot
// run (GRU reset_after=True, activations tfjs lacks); a BackupAndRestore
// backup is one .weights.h5 file holding the training metadata as an
// attribute, not two files.
package saving
