// Package dataset holds what the Keras dataset loaders (keras.datasets.*)
// share: the Keras cache directory ($KERAS_HOME or ~/.keras, as
// keras.utils.get_file resolves it), hash-checked atomic downloads, the Go
// module cache (where offline copies of datasets can come from), and
// readers for the IDX and .npz formats datasets ship in.
package dataset
