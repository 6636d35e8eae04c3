package optimizers

import (
	"github.com/gokeras/keras/tensor"
)

// Optimizer is keras.optimizers.Optimizer.
type Optimizer interface {
	// Apply updates each variable in place with its gradient (same order),
	// like Keras's optimizer.apply(grads, vars). The first call builds the
	// slot variables. Non-trainable variables and nil gradients are skipped;
	// variable constraints are applied after the update.
	Apply(grads []*tensor.Tensor, vars []*tensor.Variable) error
	// Build creates the optimizer variables for vars (Keras's build), as
	// needed before loading saved optimizer variables. Apply calls it.
	Build(vars []*tensor.Variable) error
	// LearningRate is the current learning rate (for a schedule, its value
	// at the current iteration), Keras's optimizer.learning_rate.
	LearningRate() float64
	// SetLearningRate sets a constant learning rate; it fails when the
	// learning rate is a schedule, as in Keras.
	SetLearningRate(lr float64) error
	// Iterations is Keras's optimizer.iterations: the number of updates
	// applied (calls divided by gradient_accumulation_steps when set).
	Iterations() int64
	// Variables lists the optimizer's variables in Keras's order.
	Variables() []*tensor.Variable
	// GetConfig returns Keras's get_config() dictionary.
	GetConfig() map[string]any
	// ClassName is the Keras class name ("Adam").
	ClassName() string
	// Name is the optimizer's name ("adam").
	Name() string
	// FinalizeVariableValues overwrites vars with their moving averages when
	// use_ema is set (Keras's finalize_variable_values, called at the end
	// of fit); otherwise it does nothing.
	FinalizeVariableValues(vars []*tensor.Variable) error
}

// kernel is one optimizer's update rule on top of core.
type kernel interface {
	// build creates the slot variables for vars through core.addSlots.
	build(c *core, vars []*tensor.Variable) error
	// beforeUpdate runs once per real update, before the per-variable
	// updates (Nadam's u_product); step is Keras's iterations + 1.
	beforeUpdate(step int64)
	// update applies the rule to variable i of the built list.
	update(i int, g, p []float32, lr float32, step int64)
	// config adds the optimizer's own keys to a config map.
	config(m map[string]any)
}

// noBefore gives kernels an empty beforeUpdate.
type noBefore struct{}

func (noBefore) beforeUpdate(int64) {}
