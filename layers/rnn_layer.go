package layers

import (
	"fmt"

	"github.com/gokeras/keras/regularizers"
	"github.com/gokeras/keras/tensor"
)

// rnnLayer is what LSTM, GRU and SimpleRNN share: Keras's RNN arguments
// around one built-in cell, run over whole sequences by a fused op.
type rnnLayer struct {
	BaseLayer
	cell Layer    // *LSTMCell, *GRUCell or *SimpleRNNCell
	core *rnnCell // the cell's implementation

	// ReturnSequences, ReturnState, GoBackwards, Stateful, Unroll and
	// ZeroOutputForMask are Keras's RNN arguments of the same names. Unroll
	// is kept for the config only: the fused op computes the same function
	// either way.
	ReturnSequences, ReturnState, GoBackwards, Stateful, Unroll, ZeroOutputForMask bool

	actReg regularizers.Regularizer
	states []*tensor.Tensor // stateful: the carried states
}

// initRNN reads the RNN arguments and the cell arguments of cfg and makes
// the cell (named cellName, as Keras names it).
func (l *rnnLayer) initRNN(self Layer, className string, cfg Config, kind rnnKind, cellName string) {
	l.BaseLayer.Init(self, className, cfg)
	l.ReturnSequences = cfg.Bool("return_sequences", false)
	l.ReturnState = cfg.Bool("return_state", false)
	l.GoBackwards = cfg.Bool("go_backwards", false)
	l.Stateful = cfg.Bool("stateful", false)
	l.Unroll = cfg.Bool("unroll", false)
	l.ZeroOutputForMask = cfg.Bool("zero_output_for_mask", false)
	l.actReg = getRegularizer(&cfg, "activity_regularizer")
	if kind != kindSimpleRNN {
		if v := cfg.Any("use_cudnn"); v != nil && v != "auto" && v != true && v != false {
			cfg.Fail(fmt.Errorf("invalid valid received for argument `use_cudnn`. Expected one of {'auto', True, False}. Received: use_cudnn=%v", v))
		}
	}
	cfg.Any("time_major")
	spec := readCellSpec(&cfg, kind)
	c := &rnnCell{spec: spec}
	switch kind {
	case kindLSTM:
		cl := &LSTMCell{rnnCell: *c}
		l.cell, l.core = cl, &cl.rnnCell
	case kindGRU:
		cl := &GRUCell{rnnCell: *c}
		l.cell, l.core = cl, &cl.rnnCell
	default:
		cl := &SimpleRNNCell{rnnCell: *c}
		l.cell, l.core = cl, &cl.rnnCell
	}
	cellCfg := NewConfig(map[string]any{"name": cellName, "trainable": l.Trainable()})
	l.core.BaseLayer.Init(l.cell, cellClass[kind], cellCfg)
	l.core.initGen()
	l.BaseLayer.Finish(cfg)
}

var cellClass = map[rnnKind]string{kindLSTM: "LSTMCell", kindGRU: "GRUCell", kindSimpleRNN: "SimpleRNNCell"}

// Cell returns the layer's cell (*LSTMCell, *GRUCell or *SimpleRNNCell),
// which holds the weights.
func (l *rnnLayer) Cell() Layer { return l.cell }

// SubLayers exposes the cell, so that its weights are the layer's.
func (l *rnnLayer) SubLayers() []Layer { return []Layer{l.cell} }

// Units is the size of the output and of each state.
func (l *rnnLayer) Units() int { return l.core.spec.units }

// Kernel is the cell's input kernel (input_dim, G·units).
func (l *rnnLayer) Kernel() *tensor.Variable { return l.core.Kernel }

// RecurrentKernel is the cell's recurrent kernel (units, G·units).
func (l *rnnLayer) RecurrentKernel() *tensor.Variable { return l.core.RecurrentKernel }

// Bias is the cell's bias, nil without use_bias.
func (l *rnnLayer) Bias() *tensor.Variable { return l.core.Bias }

func (l *rnnLayer) checkShapes(shapes []tensor.Shape) error {
	if len(shapes) == 0 {
		return fmt.Errorf("expected at least 1 input, received 0")
	}
	s := shapes[0]
	if len(s) != 3 {
		return fmt.Errorf("input 0 of layer %q is incompatible with the layer: expected ndim=3, found ndim=%d. Full shape received: %v", l.Name(), len(s), s)
	}
	if s[2] <= 0 {
		return fmt.Errorf("the last dimension of the inputs to %s should be defined, found shape %v", l.ClassName(), s)
	}
	if n := len(shapes) - 1; n != 0 && n != l.core.spec.states() {
		return fmt.Errorf("an initial_state was passed that is not compatible with the cell state size: the cell has %d state(s), received %d initial state tensor(s)", l.core.spec.states(), n)
	}
	for k, st := range shapes[1:] {
		if len(st) != 2 || (st[1] >= 0 && st[1] != l.core.spec.units) {
			return fmt.Errorf("initial state %d must have shape (batch, %d), received %v", k, l.core.spec.units, st)
		}
	}
	return nil
}

// Build builds the cell for steps of shape (batch, features) and names its
// weights as Keras 3 does ("lstm/lstm_cell/kernel").
func (l *rnnLayer) Build(shapes []tensor.Shape) error {
	if err := l.checkShapes(shapes); err != nil {
		return err
	}
	if !l.core.Built() {
		if err := l.core.buildWeights(shapes[0][2]); err != nil {
			return err
		}
		l.core.SetBuilt([]tensor.Shape{{shapes[0][0], shapes[0][2]}})
	}
	for _, v := range l.core.OwnVariables() {
		v.SetPath(l.Name() + "/" + l.core.Name() + "/" + v.Name())
	}
	if l.Stateful && shapes[0][0] > 0 {
		l.makeStates(shapes[0][0])
	}
	return nil
}

func (l *rnnLayer) makeStates(batch int) {
	l.states = make([]*tensor.Tensor, l.core.spec.states())
	for k := range l.states {
		l.states[k] = tensor.Zeros(batch, l.core.spec.units)
	}
}

// ComputeOutputShape returns the output shape ((batch, units), or (batch,
// timesteps, units) with return_sequences), then the state shapes with
// return_state.
func (l *rnnLayer) ComputeOutputShape(shapes []tensor.Shape) ([]tensor.Shape, error) {
	if err := l.checkShapes(shapes); err != nil {
		return nil, err
	}
	s, u := shapes[0], l.core.spec.units
	out := []tensor.Shape{{s[0], u}}
	if l.ReturnSequences {
		out[0] = tensor.Shape{s[0], s[1], u}
	}
	if l.ReturnState {
		for k := 0; k < l.core.spec.states(); k++ {
			out = append(out, tensor.Shape{s[0], u})
		}
	}
	return out, nil
}

// Call runs the sequence inputs[0] (batch, timesteps, features) from the
// initial states inputs[1:] (Keras's initial_state; h, plus c for LSTM),
// from the carried states (stateful) or from zeros.
func (l *rnnLayer) Call(ctx *Context, in []*tensor.Tensor) ([]*tensor.Tensor, error) {
	x := in[0]
	shapes := make([]tensor.Shape, len(in))
	for k, t := range in {
		if t == nil {
			return nil, fmt.Errorf("input %d is nil", k)
		}
		shapes[k] = t.Shape()
	}
	if err := l.checkShapes(shapes); err != nil {
		return nil, err
	}
	r := rnnRun{seqOut: l.ReturnSequences, returnState: l.ReturnState, backwards: l.GoBackwards, zeroMasked: l.ZeroOutputForMask}
	states := in[1:]
	if l.Stateful {
		if l.states == nil {
			l.makeStates(x.Dim(0))
		}
		if b := l.states[0].Dim(0); b != x.Dim(0) {
			return nil, fmt.Errorf("if an RNN is stateful, the batch size of the input sequences must be the same as the batch size of the initial state.\n- Expected batch size: %d\n- Received batch size: %d", b, x.Dim(0))
		}
		if len(states) == 0 {
			states = l.states
		}
		r.stateful = l.states
	}
	outs, err := runRNN(ctx, l.core, x, states, r)
	if err != nil {
		return nil, err
	}
	if err := addActivityLoss(ctx, l.actReg, outs[0]); err != nil {
		return nil, err
	}
	return outs, nil
}

// ResetStates zeroes the carried states of a stateful layer (Keras's
// reset_states / reset_state).
func (l *rnnLayer) ResetStates() {
	for _, s := range l.states {
		s.Zero()
	}
}

// ResetState is ResetStates (Keras 3's name).
func (l *rnnLayer) ResetState() { l.ResetStates() }

// States returns the carried states of a stateful layer (h, plus c for
// LSTM), nil before the first call or when not stateful.
func (l *rnnLayer) States() []*tensor.Tensor { return l.states }

// GetConfig returns Keras's config of the layer.
func (l *rnnLayer) GetConfig() map[string]any {
	cfg := l.BaseConfig()
	cfg["return_sequences"] = l.ReturnSequences
	cfg["return_state"] = l.ReturnState
	cfg["go_backwards"] = l.GoBackwards
	cfg["stateful"] = l.Stateful
	cfg["unroll"] = l.Unroll
	cfg["zero_output_for_mask"] = l.ZeroOutputForMask
	cfg["activity_regularizer"] = serializeObj("keras.regularizers", l.actReg)
	l.core.spec.writeConfig(cfg, l.core.spec.kind != kindSimpleRNN)
	return cfg
}

// LSTM is keras.layers.LSTM (Hochreiter 1997) with Keras's weight layout:
// kernel (input_dim, 4·units), recurrent_kernel (units, 4·units), bias
// (4·units), gate order i, f, c, o, weights held by an LSTMCell named
// "lstm_cell".
type LSTM struct{ rnnLayer }

// GRU is keras.layers.GRU (Cho et al. 2014) with Keras's weight layout:
// gate order z, r, h; bias (2, 3·units) with reset_after (the default,
// cuDNN-compatible form), else (3·units). Its cell is a GRUCell named
// "gru_cell".
type GRU struct{ rnnLayer }

// SimpleRNN is keras.layers.SimpleRNN: h = activation(x·kernel + h·
// recurrent_kernel + bias). Its cell is a SimpleRNNCell named
// "simple_rnn_cell".
type SimpleRNN struct{ rnnLayer }

// NewLSTM makes an LSTM layer. Options use Keras's argument names: the
// cell's (see NewLSTMCell) plus With("return_sequences", true),
// With("return_state", true), With("go_backwards", true),
// With("stateful", true), With("unroll", ...), WithActivityRegularizer,
// WithName.
func NewLSTM(units int, opts ...Option) *LSTM {
	return lstmFromConfig(Options(opts, map[string]any{"units": units}))
}

// NewGRU makes a GRU layer; options as NewLSTM, plus With("reset_after",
// false), without unit_forget_bias.
func NewGRU(units int, opts ...Option) *GRU {
	return gruFromConfig(Options(opts, map[string]any{"units": units}))
}

// NewSimpleRNN makes a SimpleRNN layer; options as NewLSTM without
// recurrent_activation and unit_forget_bias.
func NewSimpleRNN(units int, opts ...Option) *SimpleRNN {
	return simpleRNNFromConfig(Options(opts, map[string]any{"units": units}))
}

func lstmFromConfig(cfg Config) *LSTM {
	l := &LSTM{}
	l.initRNN(l, "LSTM", cfg, kindLSTM, "lstm_cell")
	return l
}

func gruFromConfig(cfg Config) *GRU {
	l := &GRU{}
	l.initRNN(l, "GRU", cfg, kindGRU, "gru_cell")
	return l
}

func simpleRNNFromConfig(cfg Config) *SimpleRNN {
	l := &SimpleRNN{}
	l.initRNN(l, "SimpleRNN", cfg, kindSimpleRNN, "simple_rnn_cell")
	return l
}

func init() {
	Register("LSTM", func(c Config) (Layer, error) { l := lstmFromConfig(c); return l, l.Base().Err() })
	Register("GRU", func(c Config) (Layer, error) { l := gruFromConfig(c); return l, l.Base().Err() })
	Register("SimpleRNN", func(c Config) (Layer, error) { l := simpleRNNFromConfig(c); return l, l.Base().Err() })
}
