package layers

import (
	"fmt"

	"github.com/gokeras/keras/activations"
	"github.com/gokeras/keras/ops"
	"github.com/gokeras/keras/random"
	"github.com/gokeras/keras/tensor"
)

// ConvLSTMCell is Keras's ConvLSTMCell (keras.src.layers.rnn.conv_lstm): an
// LSTM step whose input and recurrent transformations are convolutions.
// kernel is (kernel_size..., input channels, 4·filters), recurrent_kernel
// (kernel_size..., filters, 4·filters), bias (4·filters), gate order i, f,
// c, o:
//
//	z = conv(x, kernel; strides, padding, dilation) + bias + conv(h, recurrent_kernel; "same")
//	i, f, o = recurrent_activation(z_i, z_f, z_o)
//	c' = f·c + i·activation(z_c);  h' = o·activation(c')
//
// Its states are h and c, each shaped like the output (batch, spatial...,
// filters) (channels first with data_format "channels_first"). Dropout
// draws four masks per RNN call (one per gate) for the inputs and four for
// h, shared by all steps, as Keras does. The ConvLSTM1D/2D/3D layers hold
// one, named "conv_lstm_cell"; it is also an RNNCell for RNN and
// StackedRNNCells. Unlike Keras, its config records "rank", so that it can
// be rebuilt from it.
type ConvLSTMCell struct {
	convBase
	Filters             int
	RecurrentActivation activations.Activation
	UnitForgetBias      bool
	// Dropout and RecurrentDropout are Keras's dropout and
	// recurrent_dropout rates.
	Dropout, RecurrentDropout float64
	kernelArgs, recArgs       convWeightArgs
	seed                      int
	gen                       *random.SeedGenerator

	// Kernel and RecurrentKernel are in Keras's layout; Bias is in convBase.
	Kernel, RecurrentKernel *tensor.Variable

	inMasks, recMasks []*tensor.Tensor // dropout masks of the running RNN call
}

// NewConvLSTMCell makes a ConvLSTM cell of the given rank (1, 2 or 3) for
// RNN or StackedRNNCells. Options are those of NewConvLSTM2D without the
// RNN arguments.
func NewConvLSTMCell(rank, filters int, kernelSize []int, opts ...Option) *ConvLSTMCell {
	return convLSTMCellFromConfig(Options(opts, map[string]any{"rank": rank, "filters": filters, "kernel_size": sizeArg(kernelSize)}))
}

func init() {
	Register("ConvLSTMCell", func(c Config) (Layer, error) { l := convLSTMCellFromConfig(c); return l, l.Base().Err() })
}

func convLSTMCellFromConfig(cfg Config) *ConvLSTMCell {
	c := &ConvLSTMCell{}
	c.BaseLayer.Init(c, "ConvLSTMCell", cfg)
	rank := cfg.Int("rank", 2)
	if rank < 1 || rank > 3 {
		cfg.Fail(fmt.Errorf("rank %d convolutions are not currently implemented. Received: rank=%d", rank, rank))
		rank = 2
	}
	c.readArgs(&cfg, rank)
	c.BaseLayer.Finish(cfg)
	return c
}

// readArgs reads the cell's Keras arguments from cfg.
func (c *ConvLSTMCell) readArgs(cfg *Config, rank int) {
	if !cfg.Has("activation") {
		cfg.m["activation"] = "tanh"
	}
	if !cfg.Has("recurrent_activation") {
		cfg.m["recurrent_activation"] = "sigmoid"
	}
	c.readCommon(cfg, rank, false)
	c.Filters = positive(cfg, "filters")
	c.RecurrentActivation = getActivation(cfg, "recurrent_activation")
	c.kernelArgs = readWeightArgs(cfg, "kernel", "glorot_uniform")
	c.recArgs = readWeightArgs(cfg, "recurrent", "orthogonal")
	c.UnitForgetBias = cfg.Bool("unit_forget_bias", true)
	c.Dropout = min(1, max(0, cfg.Float("dropout", 0)))
	c.RecurrentDropout = min(1, max(0, cfg.Float("recurrent_dropout", 0)))
	c.seed = cfg.Int("seed", -1)
	if c.seed >= 0 {
		c.gen = random.NewSeedGenerator(uint64(c.seed))
	} else {
		c.gen = random.NewSeedGenerator(random.NextSeed())
	}
}

// writeArgs writes the cell's Keras arguments into cfg.
func (c *ConvLSTMCell) writeArgs(cfg map[string]any) {
	cfg["filters"] = c.Filters
	cfg["kernel_size"] = intsAny(c.KernelSize)
	cfg["strides"] = intsAny(c.Strides)
	cfg["padding"] = c.Padding
	cfg["data_format"] = c.DataFormat
	cfg["dilation_rate"] = intsAny(c.DilationRate)
	cfg["activation"] = activations.Serialize(c.Activation)
	cfg["recurrent_activation"] = activations.Serialize(c.RecurrentActivation)
	cfg["use_bias"] = c.UseBias
	c.kernelArgs.save(cfg)
	c.recArgs.save(cfg)
	c.biasArgs.save(cfg)
	cfg["unit_forget_bias"] = c.UnitForgetBias
	cfg["dropout"] = c.Dropout
	cfg["recurrent_dropout"] = c.RecurrentDropout
	cfg["seed"] = nil
	if c.seed >= 0 {
		cfg["seed"] = c.seed
	}
}

// GetConfig returns the cell's config (Keras's ConvLSTMCell keys plus
// "rank").
func (c *ConvLSTMCell) GetConfig() map[string]any {
	cfg := c.BaseConfig()
	c.writeArgs(cfg)
	cfg["rank"] = c.Rank
	if c.actReg != nil {
		cfg["activity_regularizer"] = serializeObj("keras.regularizers", c.actReg)
	}
	return cfg
}

// chAxis is the channel axis of a step tensor (batch first).
func (c *ConvLSTMCell) chAxis() int {
	if c.DataFormat == "channels_first" {
		return 1
	}
	return c.Rank + 1
}

// StateSize is [filters, filters] (h and c); the states' full shapes come
// from StepShapes.
func (c *ConvLSTMCell) StateSize() []int { return []int{c.Filters, c.Filters} }

// OutputSize is filters.
func (c *ConvLSTMCell) OutputSize() int { return c.Filters }

// StepShapes returns the output shape of the input convolution for a step
// input of shape s, which is also the shape of h and c.
func (c *ConvLSTMCell) StepShapes(s tensor.Shape) (tensor.Shape, []tensor.Shape, error) {
	if err := c.checkRank([]tensor.Shape{s}); err != nil {
		return nil, nil, err
	}
	_, ch := c.split(s)
	o, err := c.convOutShape(s, c.Filters, append(tensor.Shape(c.KernelSize).Clone(), ch, 4*c.Filters))
	if err != nil {
		return nil, nil, err
	}
	return o, []tensor.Shape{o.Clone(), o.Clone()}, nil
}

// Build creates kernel, recurrent_kernel and bias for step inputs of shape
// (batch, spatial..., channels) (or channels first).
func (c *ConvLSTMCell) Build(shapes []tensor.Shape) error {
	if err := c.checkRank(shapes); err != nil {
		return err
	}
	sp, ch := c.split(shapes[0])
	for _, d := range sp {
		if d < 0 {
			return fmt.Errorf("ConvLSTM layers only support static input shapes for the spatial dimension. Received invalid input shape: input_shape=%v", shapes[0])
		}
	}
	if ch <= 0 {
		return fmt.Errorf("the channel dimension of the inputs (last axis) should be defined. Found None. Full input shape received: input_shape=%v", shapes[0])
	}
	if _, _, err := c.StepShapes(shapes[0]); err != nil {
		return err
	}
	k := tensor.Shape(c.KernelSize)
	var err error
	if c.Kernel, err = c.addWeight("kernel", c.kernelArgs, append(k.Clone(), ch, 4*c.Filters)); err != nil {
		return err
	}
	if c.RecurrentKernel, err = c.addWeight("recurrent_kernel", c.recArgs, append(k.Clone(), c.Filters, 4*c.Filters)); err != nil {
		return err
	}
	if !c.UseBias {
		return nil
	}
	a := c.biasArgs
	if c.UnitForgetBias {
		a.init = forgetBiasInit{a.init, c.Filters}
	}
	c.Bias, err = c.addWeight("bias", a, tensor.Shape{4 * c.Filters})
	return err
}

// ComputeOutputShape returns the output and the two state shapes.
func (c *ConvLSTMCell) ComputeOutputShape(shapes []tensor.Shape) ([]tensor.Shape, error) {
	if len(shapes) == 0 {
		return nil, fmt.Errorf("expected at least 1 input, received 0")
	}
	o, st, err := c.StepShapes(shapes[0])
	if err != nil {
		return nil, err
	}
	return append([]tensor.Shape{o}, st...), nil
}

// Call runs one step: inputs are the step input and h, c (zeros when left
// out); outputs are h', h', c'.
func (c *ConvLSTMCell) Call(ctx *Context, in []*tensor.Tensor) ([]*tensor.Tensor, error) {
	if len(in) != 1 && len(in) != 3 {
		return nil, fmt.Errorf("%s expects the step input and 2 state tensors, received %d input(s)", c.ClassName(), len(in))
	}
	states := in[1:]
	if len(states) == 0 {
		o, _, err := c.StepShapes(in[0].Shape())
		if err != nil {
			return nil, err
		}
		states = []*tensor.Tensor{tensor.Zeros(o...), tensor.Zeros(o...)}
	}
	y, ns, err := c.Step(ctx, in[0], states)
	if err != nil {
		return nil, err
	}
	return append([]*tensor.Tensor{y}, ns...), nil
}

// Step computes one LSTM step on the step input x.
func (c *ConvLSTMCell) Step(ctx *Context, x *tensor.Tensor, states []*tensor.Tensor) (*tensor.Tensor, []*tensor.Tensor, error) {
	if c.Kernel == nil {
		return nil, nil, fmt.Errorf("%s %q must be built before Step", c.ClassName(), c.Name())
	}
	if len(states) != 2 {
		return nil, nil, fmt.Errorf("%s expects 2 state tensors (h, c), received %d", c.ClassName(), len(states))
	}
	if err := c.checkStep(x.Shape()); err != nil {
		return nil, nil, err
	}
	zx, err := c.inputProjection(ctx, x, false)
	if err != nil {
		return nil, nil, err
	}
	h, cs, err := c.recurrentStep(ctx, zx, states[0], states[1])
	if err != nil {
		return nil, nil, err
	}
	return h, []*tensor.Tensor{h, cs}, nil
}

// checkStep checks a step input shape against the built kernel.
func (c *ConvLSTMCell) checkStep(s tensor.Shape) error {
	cin := c.Kernel.Shape()[c.Rank]
	if err := c.checkRank([]tensor.Shape{s}); err != nil {
		return err
	}
	if _, ch := c.split(s); ch != cin {
		return fmt.Errorf("input is incompatible with %s %q: expected %d channels, received shape %v", c.ClassName(), c.Name(), cin, s)
	}
	return nil
}

func (c *ConvLSTMCell) resetDropoutMasks() { c.inMasks, c.recMasks = nil, nil }

// masks returns the four cached dropout masks of shape s, drawing them on
// the first use within an RNN call.
func (c *ConvLSTMCell) masks(cache *[]*tensor.Tensor, s tensor.Shape, rate float64) ([]*tensor.Tensor, error) {
	if *cache != nil && (*cache)[0].Shape().Equal(s) {
		return *cache, nil
	}
	ones := tensor.Zeros(s...)
	ones.Fill(1)
	// Tracked, so that a compiled step redraws the masks at every replay.
	tensor.Track(ones, false)
	out := make([]*tensor.Tensor, 4)
	for g := range out {
		m, err := random.Dropout(ones, float32(rate), c.gen, nil)
		if err != nil {
			return nil, err
		}
		out[g] = m
	}
	*cache = out
	return out, nil
}

// conv convolves x (n, spatial..., channels) with w (and bias b, may be
// nil) using the cell's kernel geometry; recurrent convolutions use
// strides 1, no dilation and "same" padding, as Keras's recurrent_conv.
func (c *ConvLSTMCell) conv(x, w, b *tensor.Tensor, recurrent bool) (*tensor.Tensor, error) {
	big, cin := c.split(x.Shape())
	cout := w.Shape()[len(w.Shape())-1]
	g := convGeom{n: x.Dim(0), big: spread3(big, 1), cb: cin, cs: cout, groups: 1, k: spread3(c.KernelSize, 1),
		s: spread3(c.Strides, 1), d: spread3(c.DilationRate, 1)}
	padding := c.Padding
	small := make([]int, len(big))
	if recurrent {
		g.s, g.d, padding = [3]int{1, 1, 1}, [3]int{1, 1, 1}, "same"
		copy(small, big)
	} else {
		for i, n := range big {
			small[i] = convOutLen(n, c.KernelSize[i], c.Strides[i], c.DilationRate[i], c.Padding)
		}
	}
	g.small = spread3(small, 1)
	g.setPads(padding)
	args := []*tensor.Tensor{x, w}
	if b != nil {
		args = append(args, b)
	}
	op := &convOp{g: g, channelsFirst: c.DataFormat == "channels_first"}
	return tensor.Apply(op, tensor.Float32, c.join(x.Dim(0), small, cout), args...)
}

// gatedConv is conv(x, w) + b, or, with dropout masks, the concatenation
// over the four gates of conv(x·mask_g, w_g) + b_g.
func (c *ConvLSTMCell) gatedConv(x, w, b *tensor.Tensor, masks []*tensor.Tensor, recurrent bool) (*tensor.Tensor, error) {
	if masks == nil {
		return c.conv(x, w, b, recurrent)
	}
	ws, err := ops.Split(w, 4, w.Rank()-1)
	if err != nil {
		return nil, err
	}
	var bs []*tensor.Tensor
	if b != nil {
		if bs, err = ops.Split(b, 4, 0); err != nil {
			return nil, err
		}
	}
	parts := make([]*tensor.Tensor, 4)
	for g := range parts {
		xm, err := ops.Multiply(x, masks[g])
		if err != nil {
			return nil, err
		}
		var bg *tensor.Tensor
		if bs != nil {
			bg = bs[g]
		}
		if parts[g], err = c.conv(xm, ws[g], bg, recurrent); err != nil {
			return nil, err
		}
	}
	return ops.Concatenate(parts, c.chAxis())
}

// inputProjection is the input convolution of all gates plus the bias for
// x, one step (batch, spatial..., channels) or, with seq, a whole sequence
// (batch, T, spatial..., channels) whose steps are convolved at once; the
// result has the same leading axes.
func (c *ConvLSTMCell) inputProjection(ctx *Context, x *tensor.Tensor, seq bool) (*tensor.Tensor, error) {
	s := x.Shape()
	step := s
	if seq {
		step = append(tensor.Shape{s[0]}, s[2:]...)
	}
	var masks []*tensor.Tensor
	if ctx != nil && ctx.Training && c.Dropout > 0 && c.Dropout < 1 {
		m, err := c.masks(&c.inMasks, step, c.Dropout)
		if err != nil {
			return nil, err
		}
		masks = m
		if seq {
			masks = make([]*tensor.Tensor, 4)
			for g := range m {
				if masks[g], err = ops.ExpandDims(m[g], 1); err != nil {
					return nil, err
				}
			}
		}
	}
	var bias *tensor.Tensor
	if c.Bias != nil {
		bias = c.Bias.Value()
	}
	if !seq {
		return c.gatedConv(x, c.Kernel.Value(), bias, masks, false)
	}
	// Fold time into the batch: (B·T, spatial..., channels).
	if masks != nil {
		xs := make([]*tensor.Tensor, 4)
		for g := range masks {
			var err error
			if xs[g], err = ops.Multiply(x, masks[g]); err != nil {
				return nil, err
			}
		}
		ws, err := ops.Split(c.Kernel.Value(), 4, c.Rank+1)
		if err != nil {
			return nil, err
		}
		var bs []*tensor.Tensor
		if bias != nil {
			if bs, err = ops.Split(bias, 4, 0); err != nil {
				return nil, err
			}
		}
		parts := make([]*tensor.Tensor, 4)
		for g := range parts {
			var bg *tensor.Tensor
			if bs != nil {
				bg = bs[g]
			}
			if parts[g], err = c.foldedConv(xs[g], ws[g], bg); err != nil {
				return nil, err
			}
		}
		return ops.Concatenate(parts, c.chAxis()+1)
	}
	return c.foldedConv(x, c.Kernel.Value(), bias)
}

// foldedConv convolves every step of x (batch, T, step...) at once.
func (c *ConvLSTMCell) foldedConv(x, w, b *tensor.Tensor) (*tensor.Tensor, error) {
	s := x.Shape()
	folded, err := ops.Reshape(x, append([]int{s[0] * s[1]}, s[2:]...)...)
	if err != nil {
		return nil, err
	}
	y, err := c.conv(folded, w, b, false)
	if err != nil {
		return nil, err
	}
	ys := y.Shape()
	return ops.Reshape(y, append([]int{s[0], s[1]}, ys[1:]...)...)
}

// recurrentStep adds the recurrent convolution of h to the input
// projection zx and applies the LSTM gates; it returns h' and c'.
func (c *ConvLSTMCell) recurrentStep(ctx *Context, zx, h, cp *tensor.Tensor) (*tensor.Tensor, *tensor.Tensor, error) {
	if want := c.stateShapeOf(zx); !h.Shape().Equal(want) || !cp.Shape().Equal(want) {
		return nil, nil, fmt.Errorf("%s %q: states must have shape %v, received %v and %v", c.ClassName(), c.Name(), want, h.Shape(), cp.Shape())
	}
	var masks []*tensor.Tensor
	if ctx != nil && ctx.Training && c.RecurrentDropout > 0 && c.RecurrentDropout < 1 {
		m, err := c.masks(&c.recMasks, h.Shape(), c.RecurrentDropout)
		if err != nil {
			return nil, nil, err
		}
		masks = m
	}
	zh, err := c.gatedConv(h, c.RecurrentKernel.Value(), nil, masks, true)
	if err != nil {
		return nil, nil, err
	}
	z, err := ops.Add(zx, zh)
	if err != nil {
		return nil, nil, err
	}
	g, err := ops.Split(z, 4, c.chAxis())
	if err != nil {
		return nil, nil, err
	}
	var ig, fg, cg, og *tensor.Tensor
	for _, p := range []struct {
		dst **tensor.Tensor
		a   activations.Activation
		z   *tensor.Tensor
	}{{&ig, c.RecurrentActivation, g[0]}, {&fg, c.RecurrentActivation, g[1]}, {&cg, c.Activation, g[2]}, {&og, c.RecurrentActivation, g[3]}} {
		if *p.dst, err = p.a.Call(p.z); err != nil {
			return nil, nil, err
		}
	}
	fc, err := ops.Multiply(fg, cp)
	if err != nil {
		return nil, nil, err
	}
	icg, err := ops.Multiply(ig, cg)
	if err != nil {
		return nil, nil, err
	}
	cn, err := ops.Add(fc, icg)
	if err != nil {
		return nil, nil, err
	}
	ac, err := c.Activation.Call(cn)
	if err != nil {
		return nil, nil, err
	}
	hn, err := ops.Multiply(og, ac)
	if err != nil {
		return nil, nil, err
	}
	return hn, cn, nil
}

// stateShapeOf is the state shape matching an input projection zx (4·filters
// channels).
func (c *ConvLSTMCell) stateShapeOf(zx *tensor.Tensor) tensor.Shape {
	s := zx.Shape().Clone()
	s[c.chAxis()] = c.Filters
	return s
}

// runSequence runs the cell over x (batch, T, spatial..., channels): the
// input convolution of all steps at once, then one recurrent step per time
// step (unrollRNN).
func (c *ConvLSTMCell) runSequence(ctx *Context, x, mask *tensor.Tensor, states []*tensor.Tensor, r rnnRun) ([]*tensor.Tensor, error) {
	if len(states) != 2 {
		return nil, fmt.Errorf("%s expects 2 state tensors (h, c), received %d", c.ClassName(), len(states))
	}
	s := x.Shape()
	if err := c.checkStep(append(tensor.Shape{s[0]}, s[2:]...)); err != nil {
		return nil, err
	}
	zx, err := c.inputProjection(ctx, x, true)
	if err != nil {
		return nil, err
	}
	return unrollRNN(ctx, zx, mask, states, r, func(ctx *Context, z *tensor.Tensor, st []*tensor.Tensor) (*tensor.Tensor, []*tensor.Tensor, error) {
		h, cn, err := c.recurrentStep(ctx, z, st[0], st[1])
		if err != nil {
			return nil, nil, err
		}
		return h, []*tensor.Tensor{h, cn}, nil
	})
}
