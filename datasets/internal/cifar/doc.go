// Package cifar holds what the CIFAR-10 and CIFAR-100 loaders share: the
// Keras cache and download of the python-pickle tar.gz archives
// (keras.utils.get_file with extract=True), reading the batches straight
// from the archive, and the interpretation of the pickled batch dicts
// (Keras's cifar.load_batch), which internal/pickle decodes without
// calling any code.
package cifar
