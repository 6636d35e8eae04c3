// Package initializers is keras.initializers: the objects that produce the
// starting values of layer weights.
//
// Every initializer of Keras 3's keras/src/initializers/__init__.py is here
// with Keras's class name, defaults, formulas and config keys: Constant,
// Zeros, Ones, Identity, STFT, RandomNormal, RandomUniform, TruncatedNormal,
// VarianceScaling and its presets GlorotUniform, GlorotNormal, HeUniform,
// HeNormal, LecunUniform, LecunNormal, and Orthogonal. Get accepts Keras's
// class names, their snake_case forms and aliases, config dicts and
// Initializer values; Serialize produces Keras 3's config dict.
//
// Seeds follow Keras 3: a random initializer made without a seed draws a
// default seed once, at construction, so (as in Keras) calling the same
// initializer twice returns the same values, and GetConfig reports the seed
// as nil. The default seed comes from package random's global generator, so
// random.SetSeed (keras.utils.set_random_seed) makes unseeded initializers
// reproducible too; an explicit seed makes the values reproducible always.
//
// Deliberate differences from Keras:
//   - Initializers produce float32 tensors only (Keras's floatx default).
//   - The random streams are package random's (PCG), so a seeded Go
//     initializer gives different numbers from the same seed in Keras;
//     distributions, bounds and scales are Keras's.
//   - STFT supports the windows "hann" and "hamming" (periodic or not), an
//     explicit window, or none; scipy's other windows are not available. For
//     an input_channels dimension other than 1 the kernel is repeated across
//     it (Keras returns a (T, 1, F) kernel whatever the requested shape).
//   - SeedGenerator seeds (a dict "seed" config) are not supported.
package initializers
