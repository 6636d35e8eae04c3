package optimizers

import "github.com/gokeras/keras/optimizers/schedules"

// Option sets one constructor argument by its Keras keyword name. An option
// the optimizer does not take (Momentum for Adam, say) makes the constructor
// fail with Keras's "Argument(s) not recognized" error.
type Option func(map[string]any)

func set(key string, v any) Option { return func(m map[string]any) { m[key] = v } }

// LearningRate sets a constant learning rate (Keras's learning_rate float).
func LearningRate(lr float64) Option { return set("learning_rate", lr) }

// Schedule sets a learning-rate schedule (Keras's learning_rate given a
// LearningRateSchedule); the learning rate then follows the iteration count
// and cannot be set.
func Schedule(s schedules.LearningRateSchedule) Option { return set("learning_rate", s) }

// Name sets the optimizer's name, which prefixes its variable paths.
func Name(name string) Option { return set("name", name) }

// WeightDecay sets weight_decay: var -= var*weight_decay*lr before each update.
func WeightDecay(wd float64) Option { return set("weight_decay", wd) }

// ClipNorm clips each gradient to an L2 norm of at most c (Keras's clipnorm).
func ClipNorm(c float64) Option { return set("clipnorm", c) }

// ClipValue clips each gradient element to [-c, c] (Keras's clipvalue).
func ClipValue(c float64) Option { return set("clipvalue", c) }

// GlobalClipNorm clips all gradients together to a global L2 norm of at
// most c (Keras's global_clipnorm).
func GlobalClipNorm(c float64) Option { return set("global_clipnorm", c) }

// UseEMA keeps an exponential moving average of the weights (Keras's use_ema).
func UseEMA(on bool) Option { return set("use_ema", on) }

// EMAMomentum sets ema_momentum (default 0.99).
func EMAMomentum(m float64) Option { return set("ema_momentum", m) }

// EMAOverwriteFrequency overwrites the weights with their moving average every
// n iterations (Keras's ema_overwrite_frequency).
func EMAOverwriteFrequency(n int) Option { return set("ema_overwrite_frequency", n) }

// LossScaleFactor divides the gradients by f before using them (Keras's
// loss_scale_factor).
func LossScaleFactor(f float64) Option { return set("loss_scale_factor", f) }

// GradientAccumulationSteps updates the variables only every n calls, with
// the mean gradient of those calls (Keras's gradient_accumulation_steps, n >= 2).
func GradientAccumulationSteps(n int) Option { return set("gradient_accumulation_steps", n) }

// Momentum sets momentum (SGD, RMSprop).
func Momentum(m float64) Option { return set("momentum", m) }

// Nesterov enables Nesterov momentum (SGD).
func Nesterov(on bool) Option { return set("nesterov", on) }

// Beta1 sets beta_1 (Adam, AdamW, Adamax, Nadam, Lion, Lamb).
func Beta1(b float64) Option { return set("beta_1", b) }

// Beta2 sets beta_2 (Adam, AdamW, Adamax, Nadam, Lion, Lamb).
func Beta2(b float64) Option { return set("beta_2", b) }

// Epsilon sets epsilon, the numerical-stability constant.
func Epsilon(eps float64) Option { return set("epsilon", eps) }

// Amsgrad enables the AMSGrad variant (Adam, AdamW).
func Amsgrad(on bool) Option { return set("amsgrad", on) }

// Rho sets rho, the decay rate (RMSprop, Adadelta).
func Rho(rho float64) Option { return set("rho", rho) }

// Centered normalises by the estimated gradient variance (RMSprop).
func Centered(on bool) Option { return set("centered", on) }

// InitialAccumulatorValue sets initial_accumulator_value (Adagrad, Ftrl).
func InitialAccumulatorValue(v float64) Option { return set("initial_accumulator_value", v) }

// LearningRatePower sets Ftrl's learning_rate_power (<= 0, default -0.5).
func LearningRatePower(p float64) Option { return set("learning_rate_power", p) }

// L1RegularizationStrength sets Ftrl's l1_regularization_strength.
func L1RegularizationStrength(l float64) Option { return set("l1_regularization_strength", l) }

// L2RegularizationStrength sets Ftrl's l2_regularization_strength.
func L2RegularizationStrength(l float64) Option { return set("l2_regularization_strength", l) }

// L2ShrinkageRegularizationStrength sets Ftrl's
// l2_shrinkage_regularization_strength.
func L2ShrinkageRegularizationStrength(l float64) Option {
	return set("l2_shrinkage_regularization_strength", l)
}

// Beta sets Ftrl's beta (default 0.0).
func Beta(b float64) Option { return set("beta", b) }

func optionMap(opts []Option) map[string]any {
	m := map[string]any{}
	for _, o := range opts {
		if o != nil {
			o(m)
		}
	}
	return m
}
