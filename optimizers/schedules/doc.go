// Package schedules holds Keras 3's learning-rate schedules
// (keras.optimizers.schedules): ExponentialDecay, PiecewiseConstantDecay,
// PolynomialDecay, InverseTimeDecay, CosineDecay (with linear warmup) and
// CosineDecayRestarts, with Keras's formulas, defaults and config keys.
//
// A schedule maps the optimizer's iteration count to a learning rate. Pass one
// to an optimizer with optimizers.Schedule(s).
//
// Deviations from Keras: values are computed in float64 (Keras computes in
// the float32 dtype of initial_learning_rate; the optimizer rounds the result
// to float32 anyway), and step-like config values (decay_steps, boundaries,
// warmup_steps, first_decay_steps) are reported as int64 when integral.
package schedules
