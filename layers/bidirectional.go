package layers

import (
	"fmt"
	"strings"

	"github.com/gokeras/keras/ops"
	"github.com/gokeras/keras/tensor"
)

// Bidirectional is keras.layers.Bidirectional: it runs a recurrent layer
// (LSTM, GRU, SimpleRNN, RNN or ConvLSTM1D/2D/3D) forwards and a copy of it backwards over the
// same sequences and merges the two outputs (merge_mode "concat" (default),
// "sum", "mul", "ave", or nil for both outputs separately). The backward
// sequence output is flipped back into input time order. The forward and
// backward layers are named "forward_<name>" and "backward_<name>"; their
// weights come forward first.
type Bidirectional struct {
	BaseLayer
	Forward, Backward Layer
	MergeMode         string // "" for Keras's None
	fwd, bwd          rnnFlagPtrs
	resetters         [2]interface{ ResetStates() }
}

// NewBidirectional wraps layer. Options: With("merge_mode", "sum") (nil for
// None), With("backward_layer", otherLayer), WithName.
func NewBidirectional(layer Layer, opts ...Option) *Bidirectional {
	return bidirectionalFromConfig(Options(opts, map[string]any{"layer": layer}))
}

func init() {
	Register("Bidirectional", func(c Config) (Layer, error) { l := bidirectionalFromConfig(c); return l, l.Base().Err() })
}

// rnnFlagPtrs points at the RNN arguments of a recurrent layer that
// Bidirectional reads and sets.
type rnnFlagPtrs struct {
	GoBackwards, Stateful, ReturnSequences, ReturnState, ZeroOutputForMask *bool
}

func (l *rnnLayer) rnnFlags() rnnFlagPtrs {
	return rnnFlagPtrs{&l.GoBackwards, &l.Stateful, &l.ReturnSequences, &l.ReturnState, &l.ZeroOutputForMask}
}

func (l *RNN) rnnFlags() rnnFlagPtrs {
	return rnnFlagPtrs{&l.GoBackwards, &l.Stateful, &l.ReturnSequences, &l.ReturnState, &l.ZeroOutputForMask}
}

// rnnBased is what Bidirectional wraps: LSTM, GRU, SimpleRNN, RNN, ConvLSTM.
type rnnBased interface {
	rnnFlags() rnnFlagPtrs
	ResetStates()
}

// serializeLayer writes Keras 3's {module, class_name, config,
// registered_name} form of a layer.
func serializeLayer(l Layer) map[string]any {
	return map[string]any{"module": "keras.layers", "class_name": l.Base().ClassName(), "config": l.GetConfig(), "registered_name": nil}
}

// layerCopy rebuilds a layer (a Layer value or its serialized form) from its
// config, with changes applied to the config.
func layerCopy(v any, change map[string]any) (Layer, error) {
	var class string
	var cfg map[string]any
	switch x := v.(type) {
	case Layer:
		class, cfg = x.Base().ClassName(), x.GetConfig()
	case map[string]any:
		class, _ = x["class_name"].(string)
		cfg, _ = x["config"].(map[string]any)
	}
	if class == "" || cfg == nil {
		return nil, fmt.Errorf("expected a layer or its serialized form, received %T (%v)", v, v)
	}
	c := make(map[string]any, len(cfg))
	for k, val := range cfg {
		c[k] = val
	}
	for k, val := range change {
		c[k] = val
	}
	return FromConfig(class, c)
}

func bidirectionalFromConfig(cfg Config) *Bidirectional {
	l := &Bidirectional{}
	l.BaseLayer.Init(l, "Bidirectional", cfg)
	l.MergeMode = cfg.String("merge_mode", "concat")
	if cfg.Has("merge_mode") && cfg.Any("merge_mode") == nil {
		l.MergeMode = ""
	}
	switch l.MergeMode {
	case "concat", "sum", "mul", "ave", "":
	default:
		cfg.Fail(fmt.Errorf(`invalid merge mode. Received: %s. Merge mode should be one of {"sum", "mul", "ave", "concat", None}`, l.MergeMode))
	}
	inner := cfg.Any("layer")
	back := cfg.Any("backward_layer")
	if inner == nil {
		cfg.Fail(fmt.Errorf("please initialize `Bidirectional` layer with a layer instance. Received: nil"))
		l.BaseLayer.Finish(cfg)
		return l
	}
	probe, err := layerCopy(inner, nil)
	if err != nil {
		cfg.Fail(fmt.Errorf("argument layer: %w", err))
		l.BaseLayer.Finish(cfg)
		return l
	}
	pb, ok := probe.(rnnBased)
	if !ok {
		cfg.Fail(fmt.Errorf("Bidirectional supports recurrent layers (LSTM, GRU, SimpleRNN, RNN, ConvLSTM), received %s", probe.Base().ClassName()))
		l.BaseLayer.Finish(cfg)
		return l
	}
	name := probe.Base().Name()
	l.Forward, err = layerCopy(inner, map[string]any{"name": "forward_" + strings.TrimPrefix(name, "forward_")})
	if err == nil {
		if back != nil {
			l.Backward, err = layerCopy(back, nil)
		} else {
			l.Backward, err = layerCopy(inner, map[string]any{"go_backwards": !*pb.rnnFlags().GoBackwards,
				"name": "backward_" + strings.TrimPrefix(name, "backward_")})
		}
	}
	if err != nil {
		cfg.Fail(err)
		l.BaseLayer.Finish(cfg)
		return l
	}
	f, ok1 := l.Forward.(rnnBased)
	b, ok2 := l.Backward.(rnnBased)
	if !ok1 || !ok2 {
		cfg.Fail(fmt.Errorf("Bidirectional supports recurrent layers (LSTM, GRU, SimpleRNN, RNN, ConvLSTM), received %s and %s", l.Forward.Base().ClassName(), l.Backward.Base().ClassName()))
		l.BaseLayer.Finish(cfg)
		return l
	}
	l.fwd, l.bwd = f.rnnFlags(), b.rnnFlags()
	l.resetters = [2]interface{ ResetStates() }{f, b}
	switch {
	case *l.fwd.GoBackwards == *l.bwd.GoBackwards:
		cfg.Fail(fmt.Errorf("forward layer and backward layer should have different `go_backwards` value. Received: forward_layer.go_backwards %v, backward_layer.go_backwards=%v", *l.fwd.GoBackwards, *l.bwd.GoBackwards))
	case *l.fwd.Stateful != *l.bwd.Stateful || *l.fwd.ReturnSequences != *l.bwd.ReturnSequences || *l.fwd.ReturnState != *l.bwd.ReturnState:
		cfg.Fail(fmt.Errorf("forward layer and backward layer are expected to have the same values for stateful, return_sequences and return_state"))
	}
	*l.fwd.ZeroOutputForMask = *l.fwd.ReturnSequences
	*l.bwd.ZeroOutputForMask = *l.bwd.ReturnSequences
	l.BaseLayer.Finish(cfg)
	return l
}

// SubLayers returns the forward and backward layers.
func (l *Bidirectional) SubLayers() []Layer { return []Layer{l.Forward, l.Backward} }

// Build builds both layers; their weight paths get the wrapper's name in
// front, as in Keras 3 ("bidirectional/forward_lstm/lstm_cell/kernel").
func (l *Bidirectional) Build(shapes []tensor.Shape) error {
	if len(shapes) == 0 {
		return fmt.Errorf("expected at least 1 input, received 0")
	}
	if n := len(shapes) - 1; n%2 != 0 {
		return fmt.Errorf("initial_state must hold the states of both directions, received %d tensor(s)", n)
	}
	half := (len(shapes) - 1) / 2
	fs := append([]tensor.Shape{shapes[0]}, shapes[1:1+half]...)
	bs := append([]tensor.Shape{shapes[0]}, shapes[1+half:]...)
	for _, p := range []struct {
		l Layer
		s []tensor.Shape
	}{{l.Forward, fs}, {l.Backward, bs}} {
		if err := EnsureBuilt(p.l, p.s); err != nil {
			return err
		}
		for _, v := range Weights(p.l) {
			if !strings.HasPrefix(v.Path(), l.Name()+"/") {
				v.SetPath(l.Name() + "/" + v.Path())
			}
		}
	}
	return nil
}

// ComputeOutputShape returns the merged output (or both outputs without a
// merge mode), then the forward and backward states with return_state.
func (l *Bidirectional) ComputeOutputShape(shapes []tensor.Shape) ([]tensor.Shape, error) {
	fo, err := l.Forward.ComputeOutputShape(shapes[:1])
	if err != nil {
		return nil, err
	}
	o := fo[0].Clone()
	var out []tensor.Shape
	switch l.MergeMode {
	case "concat":
		o[len(o)-1] *= 2
		out = []tensor.Shape{o}
	case "":
		out = []tensor.Shape{o, o.Clone()}
	default:
		out = []tensor.Shape{o}
	}
	if *l.fwd.ReturnState {
		out = append(out, fo[1:]...)
		out = append(out, fo[1:]...)
	}
	return out, nil
}

// Call runs both directions; inputs[1:] are the initial states, forward
// ones first.
func (l *Bidirectional) Call(ctx *Context, in []*tensor.Tensor) ([]*tensor.Tensor, error) {
	if n := len(in) - 1; n%2 != 0 {
		return nil, fmt.Errorf("initial_state must hold the states of both directions, received %d tensor(s)", n)
	}
	half := (len(in) - 1) / 2
	y, err := l.Forward.Call(ctx, append([]*tensor.Tensor{in[0]}, in[1:1+half]...))
	if err != nil {
		return nil, fmt.Errorf("layer %q: %w", l.Forward.Base().Name(), err)
	}
	yr, err := l.Backward.Call(ctx, append([]*tensor.Tensor{in[0]}, in[1+half:]...))
	if err != nil {
		return nil, fmt.Errorf("layer %q: %w", l.Backward.Base().Name(), err)
	}
	a, b := y[0], yr[0]
	if *l.fwd.ReturnSequences {
		if b, err = tensor.Apply(&flipTimeOp{}, tensor.Float32, b.Shape(), b); err != nil {
			return nil, err
		}
	}
	var outs []*tensor.Tensor
	switch l.MergeMode {
	case "concat":
		s := a.Shape().Clone()
		s[len(s)-1] += b.Shape()[len(s)-1]
		m, err := tensor.Apply(&concatLastOp{}, tensor.Float32, s, a, b)
		if err != nil {
			return nil, err
		}
		outs = []*tensor.Tensor{m}
	case "sum", "ave":
		m, err := ops.Add(a, b)
		if err == nil && l.MergeMode == "ave" {
			m, err = ops.Multiply(m, ops.Const(float32(0.5)))
		}
		if err != nil {
			return nil, err
		}
		outs = []*tensor.Tensor{m}
	case "mul":
		m, err := ops.Multiply(a, b)
		if err != nil {
			return nil, err
		}
		outs = []*tensor.Tensor{m}
	default:
		outs = []*tensor.Tensor{a, b}
	}
	if *l.fwd.ReturnState {
		outs = append(outs, y[1:]...)
		outs = append(outs, yr[1:]...)
	}
	return outs, nil
}

// ResetStates zeroes the states of both stateful layers.
func (l *Bidirectional) ResetStates() {
	for _, r := range l.resetters {
		if r != nil {
			r.ResetStates()
		}
	}
}

// GetConfig returns Keras's Bidirectional config.
func (l *Bidirectional) GetConfig() map[string]any {
	cfg := l.BaseConfig()
	var mm any = l.MergeMode
	if l.MergeMode == "" {
		mm = nil
	}
	cfg["merge_mode"] = mm
	if l.Forward != nil {
		cfg["layer"] = serializeLayer(l.Forward)
		cfg["backward_layer"] = serializeLayer(l.Backward)
	}
	return cfg
}

// flipTimeOp reverses axis 1 of a (batch, time, features...) tensor.
type flipTimeOp struct{}

func (flipTimeOp) Name() string { return "flip_time" }

func flipTime(dst, src []float32, s tensor.Shape, add bool) {
	B, T := s[0], s[1]
	F := 1
	for _, d := range s[2:] {
		F *= d
	}
	for b := 0; b < B; b++ {
		for t := 0; t < T; t++ {
			d := dst[(b*T+t)*F : (b*T+t+1)*F]
			x := src[(b*T+T-1-t)*F : (b*T+T-t)*F]
			if !add {
				copy(d, x)
				continue
			}
			for j := range d {
				d[j] += x[j]
			}
		}
	}
}

func (flipTimeOp) Forward(out *tensor.Tensor, in []*tensor.Tensor) {
	flipTime(out.Float32s(), in[0].Float32s(), out.Shape(), false)
}

func (flipTimeOp) Backward(gout, out *tensor.Tensor, in []*tensor.Tensor, gin []*tensor.Tensor) {
	flipTime(gin[0].Float32s(), gout.Float32s(), out.Shape(), true)
}

// concatLastOp concatenates two tensors along their last axis.
type concatLastOp struct{}

func (concatLastOp) Name() string { return "concatenate" }

func (concatLastOp) Forward(out *tensor.Tensor, in []*tensor.Tensor) {
	a, b, o := in[0].Float32s(), in[1].Float32s(), out.Float32s()
	na, nb := in[0].Shape()[in[0].Rank()-1], in[1].Shape()[in[1].Rank()-1]
	for r := 0; r < len(o)/(na+nb); r++ {
		copy(o[r*(na+nb):], a[r*na:(r+1)*na])
		copy(o[r*(na+nb)+na:], b[r*nb:(r+1)*nb])
	}
}

func (concatLastOp) Backward(gout, out *tensor.Tensor, in []*tensor.Tensor, gin []*tensor.Tensor) {
	g := gout.Float32s()
	na, nb := in[0].Shape()[in[0].Rank()-1], in[1].Shape()[in[1].Rank()-1]
	for k, n0, n := 0, 0, na; k < 2; k, n0, n = k+1, na, nb {
		if gin[k] == nil {
			continue
		}
		d := gin[k].Float32s()
		for r := 0; r < len(g)/(na+nb); r++ {
			dst, src := d[r*n:(r+1)*n], g[r*(na+nb)+n0:r*(na+nb)+n0+n]
			for j := range dst {
				dst[j] += src[j]
			}
		}
	}
}
