package layers

import (
	"fmt"
	"strings"

	"github.com/gokeras/keras/regularizers"
	"github.com/gokeras/keras/tensor"
)

// RNN is keras.layers.RNN: it runs any RNNCell over the time axis of its
// input (batch, timesteps, features...). Built-in cells (LSTMCell, GRUCell,
// SimpleRNNCell, and StackedRNNCells of them) run on the fused sequence op
// that LSTM, GRU and SimpleRNN use, so RNN(NewLSTMCell(u)) computes exactly
// what NewLSTM(u) does; ConvLSTM cells compute the input convolution of all
// steps at once; any other cell is unrolled into ordinary graph ops, one
// Step per time step, which autodiff differentiates and a compiled training
// step replays.
//
// Masks (Keras's mask argument, the input's Mask()) skip timesteps: a
// masked step keeps the states and emits the previous output, or zeros with
// zero_output_for_mask. With return_state the final states follow the
// output, flattened in the cell's state order (for StackedRNNCells, the
// states of the first cell first). Weights are the cell's, with Keras's
// paths ("rnn/lstm_cell/kernel").
//
// Deliberate deviations from Keras: unroll is recorded but changes nothing
// (every path computes the same function); a masked step before the first
// valid one emits zeros, as with Keras's TensorFlow backend (the JAX and
// torch backends emit the initial h there); dropout masks of built-in cells
// stepped one at a time (a StackedRNNCells that mixes them with other
// cells) are drawn per step instead of per call; the initial states of a
// stateful layer come from the cell's GetInitialState or zeros, created on
// the first call when the batch size is unknown at build time.
type RNN struct {
	BaseLayer
	cell RNNCell

	// ReturnSequences, ReturnState, GoBackwards, Stateful, Unroll and
	// ZeroOutputForMask are Keras's arguments of the same names. Unroll is
	// kept for the config: every cell computes the same function either way.
	ReturnSequences, ReturnState, GoBackwards, Stateful, Unroll, ZeroOutputForMask bool

	actReg regularizers.Regularizer
	states []*tensor.Tensor // stateful: the carried states
}

// NewRNN makes keras.layers.RNN(cell). Options use Keras's argument names:
// With("return_sequences", true), With("return_state", true),
// With("go_backwards", true), With("stateful", true), With("unroll", true),
// With("zero_output_for_mask", true), WithActivityRegularizer, WithName.
// The cell is used as is (not copied).
//
//	rnn := layers.NewRNN(layers.NewStackedRNNCells([]layers.Layer{layers.NewLSTMCell(8), layers.NewLSTMCell(4)}))
func NewRNN(cell Layer, opts ...Option) *RNN {
	return rnnFromConfig(Options(opts, map[string]any{"cell": cell}))
}

func init() {
	Register("RNN", func(c Config) (Layer, error) { l := rnnFromConfig(c); return l, l.Base().Err() })
}

func rnnFromConfig(cfg Config) *RNN {
	l := &RNN{}
	l.BaseLayer.Init(l, "RNN", cfg)
	l.readRNNArgs(&cfg)
	c, err := rnnCellOf(cfg.Any("cell"))
	if err != nil {
		cfg.Fail(fmt.Errorf("argument cell: %w", err))
	} else {
		l.cell = c
	}
	l.BaseLayer.Finish(cfg)
	return l
}

// readRNNArgs reads Keras's RNN arguments.
func (l *RNN) readRNNArgs(cfg *Config) {
	l.ReturnSequences = cfg.Bool("return_sequences", false)
	l.ReturnState = cfg.Bool("return_state", false)
	l.GoBackwards = cfg.Bool("go_backwards", false)
	l.Stateful = cfg.Bool("stateful", false)
	l.Unroll = cfg.Bool("unroll", false)
	l.ZeroOutputForMask = cfg.Bool("zero_output_for_mask", false)
	l.actReg = getRegularizer(cfg, "activity_regularizer")
	cfg.Any("time_major")
}

// rnnCellOf accepts an RNNCell, its serialized form ({class_name, config,
// registered_name}) or a list of either (a StackedRNNCells, as Keras makes
// from a list).
func rnnCellOf(v any) (RNNCell, error) {
	switch x := v.(type) {
	case RNNCell:
		if x.Base().Err() != nil {
			return nil, x.Base().Err()
		}
		return x, nil
	case Layer:
		return nil, fmt.Errorf("the RNN cell should implement layers.RNNCell (StateSize, OutputSize and Step), received %s %q", x.Base().ClassName(), x.Base().Name())
	case map[string]any:
		l, err := layerFromSerialized(x)
		if err != nil {
			return nil, err
		}
		return rnnCellOf(l)
	case []any:
		cells := make([]Layer, len(x))
		for i, e := range x {
			c, err := rnnCellOf(e)
			if err != nil {
				return nil, fmt.Errorf("cell %d: %w", i, err)
			}
			cells[i] = c
		}
		s := NewStackedRNNCells(cells)
		return s, s.Err()
	case []Layer:
		s := NewStackedRNNCells(x)
		return s, s.Err()
	case nil:
		return nil, fmt.Errorf("an RNN cell is required, received nil")
	}
	return nil, fmt.Errorf("expected an RNN cell or its serialized form, received %T (%v)", v, v)
}

// layerFromSerialized rebuilds a layer from Keras's {module, class_name,
// config, registered_name} form; a registered_name (a custom object's
// "package>Class") is tried before class_name.
func layerFromSerialized(m map[string]any) (Layer, error) {
	class, _ := m["class_name"].(string)
	cfg, _ := m["config"].(map[string]any)
	if class == "" || cfg == nil {
		return nil, fmt.Errorf("expected a serialized layer with class_name and config, received %v", m)
	}
	if reg, ok := m["registered_name"].(string); ok && reg != "" && reg != class {
		if l, err := FromConfig(reg, cfg); err == nil {
			return l, nil
		}
	}
	return FromConfig(class, cfg)
}

// Cell returns the layer's cell.
func (l *RNN) Cell() RNNCell { return l.cell }

// SubLayers exposes the cell, so that its weights are the layer's.
func (l *RNN) SubLayers() []Layer {
	if l.cell == nil {
		return nil
	}
	return []Layer{l.cell}
}

// stepShape is the shape of one step's input: s without the time axis.
func (l *RNN) stepShape(s tensor.Shape) tensor.Shape {
	return append(tensor.Shape{s[0]}, s[2:]...)
}

// checkShapes checks the sequence shape (at least 3 dimensions) and the
// initial states against the cell's states.
func (l *RNN) checkShapes(shapes []tensor.Shape) error {
	if len(shapes) == 0 {
		return fmt.Errorf("expected at least 1 input, received 0")
	}
	s := shapes[0]
	if len(s) < 3 {
		return fmt.Errorf("input 0 of layer %q is incompatible with the layer: expected min_ndim=3, found ndim=%d. Full shape received: %v", l.Name(), len(s), s)
	}
	if l.cell == nil {
		return fmt.Errorf("layer %q has no cell", l.Name())
	}
	if n := len(shapes) - 1; n != 0 {
		_, st, err := cellStepShapes(l.cell, l.stepShape(s))
		if err != nil {
			return err
		}
		if n != len(st) {
			return fmt.Errorf("an initial_state was passed that is not compatible with the cell state size: the cell has %d state(s), received %d initial state tensor(s)", len(st), n)
		}
		for k, want := range st {
			got := shapes[1+k]
			if !shapeCompatible(got, want) {
				return fmt.Errorf("initial state %d must have shape %v, received %v", k, want, got)
			}
		}
	}
	return nil
}

// shapeCompatible reports whether two shapes agree where both are known.
func shapeCompatible(a, b tensor.Shape) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] >= 0 && b[i] >= 0 && a[i] != b[i] {
			return false
		}
	}
	return true
}

// Build builds the cell for one step's input, (batch, features...), and
// puts the layer's name in front of its weight paths as Keras 3 does
// ("rnn/lstm_cell/kernel").
func (l *RNN) Build(shapes []tensor.Shape) error {
	if len(shapes) == 0 || len(shapes[0]) < 3 {
		return l.checkShapes(shapes)
	}
	if l.cell == nil {
		return fmt.Errorf("layer %q has no cell", l.Name())
	}
	if err := EnsureBuilt(l.cell, []tensor.Shape{l.stepShape(shapes[0])}); err != nil {
		return err
	}
	if err := l.checkShapes(shapes); err != nil {
		return err
	}
	for _, v := range Weights(l.cell) {
		if !strings.HasPrefix(v.Path(), l.Name()+"/") {
			v.SetPath(l.Name() + "/" + v.Path())
		}
	}
	if l.Stateful && shapes[0][0] > 0 {
		return l.makeStates(shapes[0])
	}
	return nil
}

// zeroStates returns the cell's initial states for sequences of shape s:
// GetInitialState's, or zeros.
func (l *RNN) zeroStates(s tensor.Shape) ([]*tensor.Tensor, error) {
	_, st, err := cellStepShapes(l.cell, l.stepShape(s))
	if err != nil {
		return nil, err
	}
	if is, ok := l.cell.(RNNCellInitialState); ok {
		out, err := is.GetInitialState(s[0])
		if err != nil {
			return nil, err
		}
		if len(out) != len(st) {
			return nil, fmt.Errorf("the cell's GetInitialState returned %d state(s), the cell has %d", len(out), len(st))
		}
		for k, t := range out {
			if t == nil {
				return nil, fmt.Errorf("the cell's GetInitialState returned a nil state %d", k)
			}
			if t.DType() != tensor.Float32 || !shapeCompatible(t.Shape(), st[k]) || t.Dim(0) != s[0] {
				return nil, fmt.Errorf("the cell's GetInitialState returned state %d of shape %v (%v), expected float32 %v", k, t.Shape(), t.DType(), st[k])
			}
			out[k] = t.Clone()
		}
		return out, nil
	}
	out := make([]*tensor.Tensor, len(st))
	for k, sh := range st {
		sh = sh.Clone()
		sh[0] = s[0]
		if err := sh.Validate(); err != nil {
			return nil, fmt.Errorf("state %d: %w", k, err)
		}
		out[k] = tensor.Zeros(sh...)
	}
	return out, nil
}

func (l *RNN) makeStates(s tensor.Shape) error {
	st, err := l.zeroStates(s)
	if err != nil {
		return err
	}
	l.states = st
	return nil
}

// ComputeOutputShape returns the output shape ((batch, output...), or
// (batch, timesteps, output...) with return_sequences), then the state
// shapes with return_state.
func (l *RNN) ComputeOutputShape(shapes []tensor.Shape) ([]tensor.Shape, error) {
	if err := l.checkShapes(shapes); err != nil {
		return nil, err
	}
	s := shapes[0]
	o, st, err := cellStepShapes(l.cell, l.stepShape(s))
	if err != nil {
		return nil, err
	}
	out := []tensor.Shape{o.Clone()}
	if l.ReturnSequences {
		out[0] = append(tensor.Shape{s[0], s[1]}, o[1:]...)
	}
	if l.ReturnState {
		for _, sh := range st {
			out = append(out, sh.Clone())
		}
	}
	return out, nil
}

// run describes one call to the shared sequence runners.
func (l *RNN) run() rnnRun {
	return rnnRun{seqOut: l.ReturnSequences, returnState: l.ReturnState, backwards: l.GoBackwards, zeroMasked: l.ZeroOutputForMask}
}

// Call runs the sequence inputs[0] (batch, timesteps, features...) from the
// initial states inputs[1:] (Keras's initial_state, in the cell's state
// order), from the carried states (stateful) or from zeros.
func (l *RNN) Call(ctx *Context, in []*tensor.Tensor) ([]*tensor.Tensor, error) {
	if ctx == nil {
		ctx = &Context{}
	}
	shapes := make([]tensor.Shape, len(in))
	for k, t := range in {
		if t == nil {
			return nil, fmt.Errorf("input %d is nil", k)
		}
		if t.DType() != tensor.Float32 {
			return nil, fmt.Errorf("input %d must be float32, received %v", k, t.DType())
		}
		shapes[k] = t.Shape()
	}
	if err := l.checkShapes(shapes); err != nil {
		return nil, err
	}
	x := in[0]
	if x.Dim(1) < 1 {
		return nil, fmt.Errorf("input sequences must have at least one time step, received shape %v", x.Shape())
	}
	r := l.run()
	states := in[1:]
	if l.Stateful {
		if l.states == nil {
			if err := l.makeStates(x.Shape()); err != nil {
				return nil, err
			}
		}
		if b := l.states[0].Dim(0); b != x.Dim(0) {
			return nil, fmt.Errorf("if an RNN is stateful, the batch size of the input sequences must be the same as the batch size of the initial state.\n- Expected batch size: %d\n- Received batch size: %d", b, x.Dim(0))
		}
		r.stateful = l.states
	}
	if dm, ok := l.cell.(dropoutMaskCell); ok {
		defer dm.resetDropoutMasks()
	}
	var outs []*tensor.Tensor
	var err error
	if cores := fusableCores(l.cell); cores != nil {
		if len(states) == 0 && l.Stateful {
			states = l.states
		}
		outs, err = runFusedStack(ctx, cores, x, states, r)
	} else {
		if len(states) == 0 {
			if l.Stateful {
				states = make([]*tensor.Tensor, len(l.states))
				for k, s := range l.states {
					// A recorded copy: the graph reads the carried state at
					// every replay, before the update overwrites it.
					if states[k], err = tensor.Apply(viewOp{}, tensor.Float32, s.Shape(), tensor.Track(s, false)); err != nil {
						return nil, err
					}
				}
			} else if states, err = l.zeroStates(x.Shape()); err != nil {
				return nil, err
			}
		}
		if cl, ok := l.cell.(*ConvLSTMCell); ok {
			outs, err = cl.runSequence(ctx, x, x.Mask(), states, r)
		} else {
			outs, err = unrollRNN(ctx, x, x.Mask(), states, r, l.cell.Step)
		}
	}
	if err != nil {
		return nil, err
	}
	for _, o := range outs {
		if err := addActivityLoss(ctx, l.actReg, o); err != nil {
			return nil, err
		}
	}
	return outs, nil
}

// ComputeMask passes the input mask on to the sequence output
// (return_sequences); a last-step output and the states carry no mask.
func (l *RNN) ComputeMask(inputs, _ []*tensor.Tensor) ([]*tensor.Tensor, error) {
	if !l.ReturnSequences || len(inputs) == 0 {
		return nil, nil
	}
	return []*tensor.Tensor{inputs[0].Mask()}, nil
}

// ResetStates zeroes the carried states of a stateful layer (Keras's
// reset_states).
func (l *RNN) ResetStates() {
	for _, s := range l.states {
		s.Zero()
	}
}

// ResetState is ResetStates (Keras 3's name).
func (l *RNN) ResetState() { l.ResetStates() }

// States returns the carried states of a stateful layer, nil before the
// first call or when not stateful.
func (l *RNN) States() []*tensor.Tensor { return l.states }

// rnnConfig writes Keras's RNN arguments.
func (l *RNN) rnnConfig() map[string]any {
	cfg := l.BaseConfig()
	cfg["return_sequences"] = l.ReturnSequences
	cfg["return_state"] = l.ReturnState
	cfg["go_backwards"] = l.GoBackwards
	cfg["stateful"] = l.Stateful
	cfg["unroll"] = l.Unroll
	cfg["zero_output_for_mask"] = l.ZeroOutputForMask
	if l.actReg != nil {
		cfg["activity_regularizer"] = serializeObj("keras.regularizers", l.actReg)
	}
	return cfg
}

// GetConfig returns Keras's RNN config, with the cell in its serialized
// form under "cell".
func (l *RNN) GetConfig() map[string]any {
	cfg := l.rnnConfig()
	if l.cell != nil {
		cfg["cell"] = serializeLayer(l.cell)
	}
	return cfg
}

// SavedChildren names the cell as Keras 3's weight files do: the RNN's
// "cell" attribute ("layers/rnn/cell/vars").
func (l *RNN) SavedChildren() ([]string, []Layer) {
	if l.cell == nil {
		return nil, nil
	}
	return []string{"cell"}, []Layer{l.cell}
}
