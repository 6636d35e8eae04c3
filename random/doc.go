// Package random is the Go form of keras.random: seeded random tensors
// (Normal, Uniform, TruncatedNormal), permutations, the SeedGenerator that
// stateful layers draw seeds from, and the dropout op.
//
// Seeding follows Keras: SetSeed (what utils.SetRandomSeed calls) reseeds a
// global SeedGenerator, and NextSeed draws from it. After SetSeed every seed,
// tensor and dropout mask drawn through this package is reproducible bit for
// bit. Until SetSeed is called the global generator is seeded once from
// crypto/rand (Keras seeds from the clock), so unseeded runs differ.
//
// Deviations from Keras: seeds are explicit uint64 values rather than
// "None, int or SeedGenerator"; the streams come from math/rand/v2's PCG, so
// the numbers differ from any Keras backend's for the same seed.
package random
