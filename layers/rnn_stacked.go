package layers

import (
	"fmt"
	"strings"

	"github.com/gokeras/keras/tensor"
)

// StackedRNNCells is keras.layers.StackedRNNCells: cells run one after the
// other within each time step, each feeding its output to the next. Its
// states are those of all cells, the first cell's first (Keras's nested
// state_size, flattened); its output is the last cell's.
type StackedRNNCells struct {
	BaseLayer
	Cells []RNNCell
}

// NewStackedRNNCells stacks cells (each an RNNCell), Keras's
// StackedRNNCells(cells). Options: WithName.
func NewStackedRNNCells(cells []Layer, opts ...Option) *StackedRNNCells {
	list := make([]any, len(cells))
	for i, c := range cells {
		list[i] = c
	}
	return stackedRNNCellsFromConfig(Options(opts, map[string]any{"cells": list}))
}

func init() {
	Register("StackedRNNCells", func(c Config) (Layer, error) { l := stackedRNNCellsFromConfig(c); return l, l.Base().Err() })
}

func stackedRNNCellsFromConfig(cfg Config) *StackedRNNCells {
	l := &StackedRNNCells{}
	l.BaseLayer.Init(l, "StackedRNNCells", cfg)
	var list []any
	switch v := cfg.Any("cells").(type) {
	case []any:
		list = v
	case []Layer:
		for _, c := range v {
			list = append(list, c)
		}
	default:
		cfg.Fail(fmt.Errorf("argument cells must be a list of RNN cells, received %T (%v)", v, v))
	}
	if list != nil && len(list) == 0 {
		cfg.Fail(fmt.Errorf("argument cells must hold at least one cell"))
	}
	for i, e := range list {
		c, err := rnnCellOf(e)
		if err != nil {
			cfg.Fail(fmt.Errorf("cell %d: %w", i, err))
			break
		}
		l.Cells = append(l.Cells, c)
	}
	l.BaseLayer.Finish(cfg)
	return l
}

// SubLayers returns the cells.
func (l *StackedRNNCells) SubLayers() []Layer {
	out := make([]Layer, len(l.Cells))
	for i, c := range l.Cells {
		out[i] = c
	}
	return out
}

// StateSize lists the state sizes of all cells, first cell first.
func (l *StackedRNNCells) StateSize() []int {
	var out []int
	for _, c := range l.Cells {
		out = append(out, c.StateSize()...)
	}
	return out
}

// OutputSize is the last cell's output size.
func (l *StackedRNNCells) OutputSize() int {
	if len(l.Cells) == 0 {
		return 0
	}
	return l.Cells[len(l.Cells)-1].OutputSize()
}

// StepShapes chains the cells' shapes: each cell's output is the next
// one's input.
func (l *StackedRNNCells) StepShapes(s tensor.Shape) (tensor.Shape, []tensor.Shape, error) {
	var states []tensor.Shape
	for i, c := range l.Cells {
		o, st, err := cellStepShapes(c, s)
		if err != nil {
			return nil, nil, fmt.Errorf("cell %d (%s): %w", i, c.Base().Name(), err)
		}
		states = append(states, st...)
		s = o
	}
	return s, states, nil
}

// Build builds each cell for the previous one's output; weight paths get
// the stack's name in front ("stacked_rnn_cells/lstm_cell/kernel").
func (l *StackedRNNCells) Build(shapes []tensor.Shape) error {
	if len(shapes) == 0 {
		return fmt.Errorf("expected at least 1 input, received 0")
	}
	s := shapes[0]
	for _, c := range l.Cells {
		if err := EnsureBuilt(c, []tensor.Shape{s}); err != nil {
			return err
		}
		o, _, err := cellStepShapes(c, s)
		if err != nil {
			return err
		}
		s = o
	}
	for _, v := range Weights(l) {
		if !strings.HasPrefix(v.Path(), l.Name()+"/") {
			v.SetPath(l.Name() + "/" + v.Path())
		}
	}
	return nil
}

// ComputeOutputShape returns the step output shape and the state shapes.
func (l *StackedRNNCells) ComputeOutputShape(shapes []tensor.Shape) ([]tensor.Shape, error) {
	if len(shapes) == 0 {
		return nil, fmt.Errorf("expected at least 1 input, received 0")
	}
	o, st, err := l.StepShapes(shapes[0])
	if err != nil {
		return nil, err
	}
	return append([]tensor.Shape{o}, st...), nil
}

// Step runs the cells in order on one time step; states are split among
// the cells in order.
func (l *StackedRNNCells) Step(ctx *Context, x *tensor.Tensor, states []*tensor.Tensor) (*tensor.Tensor, []*tensor.Tensor, error) {
	if n := len(l.StateSize()); len(states) != n {
		return nil, nil, fmt.Errorf("%s %q expects %d state tensor(s), received %d", l.ClassName(), l.Name(), n, len(states))
	}
	var out []*tensor.Tensor
	k := 0
	for i, c := range l.Cells {
		n := len(c.StateSize())
		y, ns, err := c.Step(ctx, x, states[k:k+n])
		if err != nil {
			return nil, nil, fmt.Errorf("cell %d (%s): %w", i, c.Base().Name(), err)
		}
		out = append(out, ns...)
		x, k = y, k+n
	}
	return x, out, nil
}

// Call runs one step: inputs are the step input and all states (zeros when
// left out); outputs are the output and the new states.
func (l *StackedRNNCells) Call(ctx *Context, in []*tensor.Tensor) ([]*tensor.Tensor, error) {
	if len(in) == 0 {
		return nil, fmt.Errorf("expected at least 1 input, received 0")
	}
	states := in[1:]
	if len(states) == 0 {
		_, st, err := l.StepShapes(in[0].Shape())
		if err != nil {
			return nil, err
		}
		for _, s := range st {
			states = append(states, tensor.Zeros(s...))
		}
	}
	y, ns, err := l.Step(ctx, in[0], states)
	if err != nil {
		return nil, err
	}
	return append([]*tensor.Tensor{y}, ns...), nil
}

func (l *StackedRNNCells) resetDropoutMasks() {
	for _, c := range l.Cells {
		if d, ok := c.(dropoutMaskCell); ok {
			d.resetDropoutMasks()
		}
	}
}

// GetConfig returns Keras's config: the serialized cells under "cells".
func (l *StackedRNNCells) GetConfig() map[string]any {
	cfg := l.BaseConfig()
	cells := make([]any, len(l.Cells))
	for i, c := range l.Cells {
		cells[i] = serializeLayer(c)
	}
	cfg["cells"] = cells
	return cfg
}

// fusableCores returns the built-in cells that make up cell (one, or a
// stack of them), or nil when any part of it is another kind of cell.
func fusableCores(cell RNNCell) []*rnnCell {
	if c := builtinCore(cell); c != nil {
		return []*rnnCell{c}
	}
	s, ok := cell.(*StackedRNNCells)
	if !ok {
		return nil
	}
	var out []*rnnCell
	for _, c := range s.Cells {
		sub := fusableCores(c)
		if sub == nil {
			return nil
		}
		out = append(out, sub...)
	}
	return out
}

// runFusedStack runs built-in cells over the sequence with one fused op
// each, layer after layer. This equals Keras's step-interleaved stack: the
// first cell reads the sequence in processing order (reversed with
// go_backwards) and the later ones read the previous outputs, which are in
// that order, forwards, with the mask in the same order. A masked step's
// input to a later cell does not matter, as that cell keeps its states and
// output there. states (flat, possibly empty) and r.stateful hold the
// states of all cells, first cell first.
func runFusedStack(ctx *Context, cores []*rnnCell, x *tensor.Tensor, states []*tensor.Tensor, r rnnRun) ([]*tensor.Tensor, error) {
	total := 0
	for _, c := range cores {
		total += c.spec.states()
	}
	if len(states) != 0 && len(states) != total {
		return nil, fmt.Errorf("the cell has %d state(s), received %d initial state tensor(s)", total, len(states))
	}
	mask := x.Mask()
	var laterMask *tensor.Tensor
	cur := x
	var finals []*tensor.Tensor
	idx := 0
	for k, c := range cores {
		n := c.spec.states()
		last := k == len(cores)-1
		rr := rnnRun{seqOut: true, returnState: r.returnState, backwards: k == 0 && r.backwards}
		if last {
			rr.seqOut, rr.zeroMasked = r.seqOut, r.zeroMasked
		}
		var st []*tensor.Tensor
		if len(states) > 0 {
			st = states[idx : idx+n]
		}
		if r.stateful != nil {
			rr.stateful = r.stateful[idx : idx+n]
		}
		idx += n
		if k > 0 && mask != nil {
			if laterMask == nil {
				var err error
				laterMask, err = tensor.Apply(&rnnFlipMaskOp{flip: r.backwards}, tensor.Float32, tensor.Shape{x.Dim(0), x.Dim(1)}, mask)
				if err != nil {
					return nil, err
				}
			}
			cur.SetMask(laterMask)
		}
		outs, err := runRNN(ctx, c, cur, st, rr)
		if err != nil {
			if len(cores) > 1 {
				return nil, fmt.Errorf("cell %d (%s): %w", k, c.Name(), err)
			}
			return nil, err
		}
		cur = outs[0]
		finals = append(finals, outs[1:]...)
	}
	return append([]*tensor.Tensor{cur}, finals...), nil
}

// SavedChildren names the cells as Keras 3's weight files do: the items of
// the "cells" list, by snake-case class name, numbered from the second of a
// class on ("cells/lstm_cell", "cells/lstm_cell_1").
func (l *StackedRNNCells) SavedChildren() ([]string, []Layer) {
	used := map[string]int{}
	names := make([]string, len(l.Cells))
	for i, c := range l.Cells {
		n := SnakeCase(c.Base().ClassName())
		if k, ok := used[n]; ok {
			used[n] = k + 1
			names[i] = fmt.Sprintf("cells/%s_%d", n, k+1)
		} else {
			used[n] = 0
			names[i] = "cells/" + n
		}
	}
	return names, l.SubLayers()
}
