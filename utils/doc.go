// Package utils is the Go form of keras.utils: ToCategorical
// (keras.utils.to_categorical), Normalize (keras.utils.normalize) and
// SetRandomSeed (keras.utils.set_random_seed), plus a reader and writer for
// numpy's .npy files (ReadNPY, WriteNPY, LoadNPY, SaveNPY), the format Keras
// datasets and numpy.save use.
//
// Deviations from Keras:
//   - ToCategorical returns float32 (Keras's numpy path returns float64) and
//     reports labels that are negative, not below numClasses or not whole
//     numbers as errors, where numpy would index-error or truncate silently.
//   - Normalize follows Keras's numpy path (a zero norm divides by 1) for any
//     tensor and returns float32; it is not differentiable.
//   - .npy float64 data is read as float32.
package utils
