// Package optimizers holds Keras 3's optimizers (keras.optimizers): SGD, Adam,
// AdamW, RMSprop, Adagrad, Adadelta, Adamax, Nadam, Lion, Ftrl and Lamb, with
// Keras's update rules, defaults, config keys and optimizer-variable order.
//
// Every optimizer shares Keras's BaseOptimizer behaviour: gradients are
// divided by loss_scale_factor, accumulated over gradient_accumulation_steps,
// clipped (clipnorm, else global_clipnorm, else clipvalue), weight decay
// var -= var*weight_decay*lr is applied, the optimizer's update step runs,
// the EMA of the weights is updated (use_ema) and optionally written back
// every ema_overwrite_frequency steps, variable constraints are applied and
// the iteration counter advances. Apply allocates nothing once the optimizer
// is built.
//
// Variables returns Keras's optimizer.variables order, which is the order a
// .keras file stores under optimizer/vars: iteration, learning_rate (absent
// when the learning rate is a schedule), the EMA averages (use_ema), the
// gradient accumulators, then the optimizer's slots as Keras builds them
// (e.g. Adam: m0, v0, m1, v1, ..., then velocity_hat for amsgrad).
//
// Deviations from Keras: only float32 variables are supported; scalar
// coefficients (bias corrections, clip scales) are computed in float64 and
// rounded to float32; a callable learning rate is not supported (use a
// schedules.LearningRateSchedule); automatic names ("adam", "adam_1", ...)
// are unique within this package rather than across all Keras objects;
// Get(nil) is an error rather than None; Lamb is also accepted by Get although
// Keras's keras.optimizers.get does not list it.
package optimizers
