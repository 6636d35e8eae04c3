package layers

import (
	"fmt"

	"github.com/gokeras/keras/activations"
	"github.com/gokeras/keras/constraints"
	"github.com/gokeras/keras/initializers"
	"github.com/gokeras/keras/random"
	"github.com/gokeras/keras/regularizers"
	"github.com/gokeras/keras/tensor"
)

// cellSpec holds the arguments of an RNN cell (shared by the cell classes
// and the LSTM, GRU and SimpleRNN layers that wrap them).
type cellSpec struct {
	kind                          rnnKind
	units                         int
	activation, recActivation     activations.Activation
	act, ract                     rnnAct
	useBias, unitForgetBias       bool
	resetAfter                    bool
	kernelInit, recInit, biasInit initializers.Initializer
	kernelReg, recReg, biasReg    regularizers.Regularizer
	kernelCons, recCons, biasCons constraints.Constraint
	dropout, recDropout           float64
	seed                          int // -1: none
}

// readCellSpec reads the cell arguments of cfg.
func readCellSpec(cfg *Config, kind rnnKind) cellSpec {
	s := cellSpec{kind: kind}
	s.units = cfg.Int("units", 0)
	if s.units <= 0 {
		cfg.Fail(fmt.Errorf("received an invalid value for argument `units`, expected a positive integer, got %v", cfg.Any("units")))
	}
	if cfg.Any("activation") == nil {
		cfg.m["activation"] = "tanh"
	}
	s.activation = getActivation(cfg, "activation")
	var err error
	if s.act, err = rnnActOf(s.activation); err != nil {
		cfg.Fail(fmt.Errorf("argument activation: %w", err))
	}
	s.ract = actSigmoid
	if kind != kindSimpleRNN {
		if cfg.Any("recurrent_activation") == nil {
			cfg.m["recurrent_activation"] = "sigmoid"
		}
		s.recActivation = getActivation(cfg, "recurrent_activation")
		if s.ract, err = rnnActOf(s.recActivation); err != nil {
			cfg.Fail(fmt.Errorf("argument recurrent_activation: %w", err))
		}
	}
	s.useBias = cfg.Bool("use_bias", true)
	s.kernelInit = getInitializer(cfg, "kernel_initializer", "glorot_uniform")
	s.recInit = getInitializer(cfg, "recurrent_initializer", "orthogonal")
	s.biasInit = getInitializer(cfg, "bias_initializer", "zeros")
	if kind == kindLSTM {
		s.unitForgetBias = cfg.Bool("unit_forget_bias", true)
	}
	if kind == kindGRU {
		s.resetAfter = cfg.Bool("reset_after", true)
	}
	s.kernelReg = getRegularizer(cfg, "kernel_regularizer")
	s.recReg = getRegularizer(cfg, "recurrent_regularizer")
	s.biasReg = getRegularizer(cfg, "bias_regularizer")
	s.kernelCons = getConstraint(cfg, "kernel_constraint")
	s.recCons = getConstraint(cfg, "recurrent_constraint")
	s.biasCons = getConstraint(cfg, "bias_constraint")
	s.dropout = min(1, max(0, cfg.Float("dropout", 0)))
	s.recDropout = min(1, max(0, cfg.Float("recurrent_dropout", 0)))
	s.seed = cfg.Int("seed", -1)
	cfg.Any("implementation") // Keras's implementation 1/2 compute the same function
	return s
}

// gates is the number of U-wide blocks of the kernels.
func (s *cellSpec) gates() int {
	switch s.kind {
	case kindLSTM:
		return 4
	case kindGRU:
		return 3
	}
	return 1
}

// states is the number of state tensors (h, plus c for LSTM).
func (s *cellSpec) states() int {
	if s.kind == kindLSTM {
		return 2
	}
	return 1
}

// writeConfig adds the cell arguments to a Keras config.
func (s *cellSpec) writeConfig(cfg map[string]any, withSeed bool) {
	cfg["units"] = s.units
	cfg["activation"] = activations.Serialize(s.activation)
	if s.kind != kindSimpleRNN {
		cfg["recurrent_activation"] = activations.Serialize(s.recActivation)
	}
	cfg["use_bias"] = s.useBias
	cfg["kernel_initializer"] = serializeObj("keras.initializers", s.kernelInit)
	cfg["recurrent_initializer"] = serializeObj("keras.initializers", s.recInit)
	cfg["bias_initializer"] = serializeObj("keras.initializers", s.biasInit)
	if s.kind == kindLSTM {
		cfg["unit_forget_bias"] = s.unitForgetBias
	}
	if s.kind == kindGRU {
		cfg["reset_after"] = s.resetAfter
	}
	cfg["kernel_regularizer"] = serializeObj("keras.regularizers", s.kernelReg)
	cfg["recurrent_regularizer"] = serializeObj("keras.regularizers", s.recReg)
	cfg["bias_regularizer"] = serializeObj("keras.regularizers", s.biasReg)
	cfg["kernel_constraint"] = serializeObj("keras.constraints", s.kernelCons)
	cfg["recurrent_constraint"] = serializeObj("keras.constraints", s.recCons)
	cfg["bias_constraint"] = serializeObj("keras.constraints", s.biasCons)
	cfg["dropout"] = s.dropout
	cfg["recurrent_dropout"] = s.recDropout
	if withSeed {
		cfg["seed"] = nil
		if s.seed >= 0 {
			cfg["seed"] = s.seed
		}
	}
}

// rnnCell is the implementation shared by LSTMCell, GRUCell and
// SimpleRNNCell: the weights of one recurrent step and its call on one time
// step.
type rnnCell struct {
	BaseLayer
	spec cellSpec
	gen  *random.SeedGenerator

	// Kernel (input_dim, G·units), RecurrentKernel (units, G·units) and Bias
	// ((G·units), or (2, 3·units) for GRU with reset_after) in Keras's
	// layout: gate order i, f, c, o (LSTM) or z, r, h (GRU).
	Kernel, RecurrentKernel, Bias *tensor.Variable
}

func (c *rnnCell) initCell(self Layer, className string, cfg Config, kind rnnKind) {
	c.BaseLayer.Init(self, className, cfg)
	c.spec = readCellSpec(&cfg, kind)
	c.initGen()
	c.BaseLayer.Finish(cfg)
}

func (c *rnnCell) initGen() {
	if c.spec.seed >= 0 {
		c.gen = random.NewSeedGenerator(uint64(c.spec.seed))
	} else {
		c.gen = random.NewSeedGenerator(random.NextSeed())
	}
}

// Units is the size of the output and of each state.
func (c *rnnCell) Units() int { return c.spec.units }

// Build creates kernel, recurrent_kernel and bias for step inputs of shape
// (batch, input_dim).
func (c *rnnCell) Build(shapes []tensor.Shape) error {
	if len(shapes) == 0 {
		return fmt.Errorf("expected at least 1 input, received 0")
	}
	s := shapes[0]
	if len(s) < 2 || s[len(s)-1] <= 0 {
		return fmt.Errorf("the last dimension of the inputs to %s should be defined, found shape %v", c.ClassName(), s)
	}
	return c.buildWeights(s[len(s)-1])
}

func (c *rnnCell) buildWeights(in int) error {
	sp := &c.spec
	gu := sp.gates() * sp.units
	var err error
	c.Kernel, err = c.AddWeight(WeightSpec{Name: "kernel", Shape: tensor.Shape{in, gu}, Initializer: sp.kernelInit,
		Regularizer: sp.kernelReg, Constraint: sp.kernelCons, Trainable: true})
	if err != nil {
		return err
	}
	c.RecurrentKernel, err = c.AddWeight(WeightSpec{Name: "recurrent_kernel", Shape: tensor.Shape{sp.units, gu}, Initializer: sp.recInit,
		Regularizer: sp.recReg, Constraint: sp.recCons, Trainable: true})
	if err != nil || !sp.useBias {
		return err
	}
	shape := tensor.Shape{gu}
	if sp.kind == kindGRU && sp.resetAfter {
		shape = tensor.Shape{2, gu}
	}
	var bi initializers.Initializer = sp.biasInit
	if sp.kind == kindLSTM && sp.unitForgetBias {
		bi = forgetBiasInit{sp.biasInit, sp.units}
	}
	c.Bias, err = c.AddWeight(WeightSpec{Name: "bias", Shape: shape, Initializer: bi,
		Regularizer: sp.biasReg, Constraint: sp.biasCons, Trainable: true})
	return err
}

// ComputeOutputShape returns the output and the new states, all (batch,
// units).
func (c *rnnCell) ComputeOutputShape(shapes []tensor.Shape) ([]tensor.Shape, error) {
	if len(shapes) == 0 {
		return nil, fmt.Errorf("expected at least 1 input, received 0")
	}
	o := tensor.Shape{shapes[0][0], c.spec.units}
	out := []tensor.Shape{o}
	for k := 0; k < c.spec.states(); k++ {
		out = append(out, o.Clone())
	}
	return out, nil
}

// Call runs one step: inputs are the step input (batch, input_dim) and the
// states (h, plus c for LSTM; zeros when left out); outputs are the output
// and the new states, like Keras's cell(inputs, states) -> (output,
// new_states).
func (c *rnnCell) Call(ctx *Context, in []*tensor.Tensor) ([]*tensor.Tensor, error) {
	x := in[0]
	if x.Rank() != 2 {
		return nil, fmt.Errorf("input 0 of %s must have shape (batch, input_dim), received %v", c.ClassName(), x.Shape())
	}
	x3, err := tensor.Apply(viewOp{}, tensor.Float32, tensor.Shape{x.Dim(0), 1, x.Dim(1)}, x)
	if err != nil {
		return nil, err
	}
	states := in[1:]
	if len(states) != 0 && len(states) != c.spec.states() {
		return nil, fmt.Errorf("%s expects %d state tensor(s), received %d", c.ClassName(), c.spec.states(), len(states))
	}
	outs, err := runRNN(ctx, c, x3, states, rnnRun{seqOut: true, returnState: true})
	if err != nil {
		return nil, err
	}
	// outs[0] is (batch, 1, units): drop the time axis.
	y, err := tensor.Apply(viewOp{}, tensor.Float32, tensor.Shape{x.Dim(0), c.spec.units}, outs[0])
	if err != nil {
		return nil, err
	}
	return append([]*tensor.Tensor{y}, outs[1:]...), nil
}

// GetConfig returns the cell's Keras config.
func (c *rnnCell) GetConfig() map[string]any {
	cfg := c.BaseConfig()
	c.spec.writeConfig(cfg, true)
	return cfg
}

// forgetBiasInit is LSTM's unit_forget_bias initializer: the inner
// initializer for the i, c and o blocks, ones for f.
type forgetBiasInit struct {
	inner initializers.Initializer
	units int
}

func (f forgetBiasInit) Call(shape tensor.Shape) (*tensor.Tensor, error) {
	u := f.units
	a, err := f.inner.Call(tensor.Shape{u})
	if err != nil {
		return nil, err
	}
	b, err := f.inner.Call(tensor.Shape{2 * u})
	if err != nil {
		return nil, err
	}
	out := tensor.Zeros(shape...)
	o := out.Float32s()
	copy(o, a.Float32s())
	for j := u; j < 2*u; j++ {
		o[j] = 1
	}
	copy(o[2*u:], b.Float32s())
	return out, nil
}
func (f forgetBiasInit) ClassName() string         { return f.inner.ClassName() }
func (f forgetBiasInit) GetConfig() map[string]any { return f.inner.GetConfig() }

// viewOp reshapes without copying semantics visible to callers (it copies,
// which keeps the graph simple); the element order is unchanged.
type viewOp struct{}

func (viewOp) Name() string { return "rnn_reshape" }
func (viewOp) Forward(out *tensor.Tensor, in []*tensor.Tensor) {
	copy(out.Float32s(), in[0].Float32s())
}
func (viewOp) Backward(gout, out *tensor.Tensor, in []*tensor.Tensor, gin []*tensor.Tensor) {
	g, d := gout.Float32s(), gin[0].Float32s()
	for i := range d {
		d[i] += g[i]
	}
}

// LSTMCell is keras.layers.LSTMCell: one LSTM step.
type LSTMCell struct{ rnnCell }

// GRUCell is keras.layers.GRUCell: one GRU step.
type GRUCell struct{ rnnCell }

// SimpleRNNCell is keras.layers.SimpleRNNCell: one fully-connected RNN step.
type SimpleRNNCell struct{ rnnCell }

// NewLSTMCell makes an LSTMCell. Options take the Keras argument names:
// WithActivation, With("recurrent_activation", ...), WithUseBias,
// WithKernelInitializer, With("recurrent_initializer", ...),
// WithBiasInitializer, With("unit_forget_bias", ...), the regularizer and
// constraint options (and With("recurrent_regularizer" / "recurrent_constraint")),
// With("dropout", r), With("recurrent_dropout", r), With("seed", n).
func NewLSTMCell(units int, opts ...Option) *LSTMCell {
	return lstmCellFromConfig(Options(opts, map[string]any{"units": units}))
}

// NewGRUCell makes a GRUCell; options as NewLSTMCell plus
// With("reset_after", bool), without unit_forget_bias.
func NewGRUCell(units int, opts ...Option) *GRUCell {
	return gruCellFromConfig(Options(opts, map[string]any{"units": units}))
}

// NewSimpleRNNCell makes a SimpleRNNCell; options as NewLSTMCell without
// recurrent_activation and unit_forget_bias.
func NewSimpleRNNCell(units int, opts ...Option) *SimpleRNNCell {
	return simpleRNNCellFromConfig(Options(opts, map[string]any{"units": units}))
}

func lstmCellFromConfig(cfg Config) *LSTMCell {
	l := &LSTMCell{}
	l.initCell(l, "LSTMCell", cfg, kindLSTM)
	return l
}

func gruCellFromConfig(cfg Config) *GRUCell {
	l := &GRUCell{}
	l.initCell(l, "GRUCell", cfg, kindGRU)
	return l
}

func simpleRNNCellFromConfig(cfg Config) *SimpleRNNCell {
	l := &SimpleRNNCell{}
	l.initCell(l, "SimpleRNNCell", cfg, kindSimpleRNN)
	return l
}

func init() {
	Register("LSTMCell", func(c Config) (Layer, error) { l := lstmCellFromConfig(c); return l, l.Base().Err() })
	Register("GRUCell", func(c Config) (Layer, error) { l := gruCellFromConfig(c); return l, l.Base().Err() })
	Register("SimpleRNNCell", func(c Config) (Layer, error) { l := simpleRNNCellFromConfig(c); return l, l.Base().Err() })
}
