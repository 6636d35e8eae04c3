package keras

import (
	"fmt"

	"github.com/gokeras/keras/autodiff"
	"github.com/gokeras/keras/layers"
	"github.com/gokeras/keras/losses"
	"github.com/gokeras/keras/ops"
	"github.com/gokeras/keras/tensor"
)

type stepKind uint8

const (
	trainKind stepKind = iota
	testKind
	predictKind
)

// stepKey identifies a compiled step: the same model computation on batches
// of one size (and with or without sample weights) replays one recording.
type stepKey struct {
	kind     stepKind
	batch    int
	weighted bool
}

// step is one compiled train, test or predict function: placeholders that
// batches are copied into, the recorded graph, and its replay plan.
type step struct {
	xs, ys  []*tensor.Tensor
	sw      *tensor.Tensor
	outs    []*tensor.Tensor
	total   *tensor.Tensor
	plan    *autodiff.Plan
	vars    []*tensor.Variable
	canGrad bool
	checks  []interface{ Err() error } // ops that report bad data found while replaying
	metricW []*tensor.Tensor           // per output: sample weights for metrics (mask applied), or nil
	own     []*tensor.Tensor           // per placeholder: its own storage, for gathered batches
}

// run loads rows idx of the data into the compiled step for batches of that
// size (tracing it on first use, from this very batch) and computes its
// forward pass: afterwards the step's outputs and loss are this batch's.
// sw is nil or one weight per sample of the data.
func (t *trainer) run(kind stepKind, xs, ys []*tensor.Tensor, sw []float32, idx []int) (*step, error) {
	key := stepKey{kind, len(idx), sw != nil}
	if s, ok := t.steps[key]; ok && shapesMatch(s.xs, xs) && shapesMatch(s.ys, ys) {
		s.load(xs, ys, sw, idx)
		s.plan.Forward()
		for _, c := range s.checks {
			if err := c.Err(); err != nil {
				return nil, err
			}
		}
		return s, nil
	}
	s, err := t.trace(kind, xs, ys, sw, idx)
	if err != nil {
		return nil, err
	}
	if t.steps == nil {
		t.steps = map[stepKey]*step{}
	}
	for _, n := range s.plan.Nodes() {
		if c, ok := n.Node().Op.(interface{ Err() error }); ok {
			s.checks = append(s.checks, c)
		}
	}
	t.steps[key] = s
	return s, nil
}

func shapesMatch(ph, data []*tensor.Tensor) bool {
	if len(ph) != len(data) {
		return false
	}
	for i := range ph {
		a, b := ph[i].Shape(), data[i].Shape()
		if len(a) != len(b) || !a[1:].Equal(b[1:]) {
			return false
		}
	}
	return true
}

// trace builds placeholders, loads the batch, runs the model once eagerly
// (recording the graph) and compiles the replay plan.
func (t *trainer) trace(kind stepKind, xs, ys []*tensor.Tensor, sw []float32, idx []int) (*step, error) {
	batch := len(idx)
	m := t.model
	if len(xs) != len(m.inputs) {
		return nil, fmt.Errorf("model %q expects %d input(s), but it received %d input tensors", m.Name(), len(m.inputs), len(xs))
	}
	s := &step{}
	for i, x := range xs {
		ph, err := tensor.New(m.inputs[i].DType(), batchShape(x, batch)...)
		if err != nil {
			return nil, fmt.Errorf("input %d: %w", i, err)
		}
		if err := checkInput(m.inputs[i], ph); err != nil {
			return nil, fmt.Errorf("model %q: input %d (layer %q): %w", m.Name(), i, inputName(m, i), err)
		}
		s.xs = append(s.xs, tensor.Track(ph, false))
	}
	if kind != predictKind {
		if len(ys) != len(m.outputs) {
			return nil, fmt.Errorf("model %q has %d output(s), but %d target array(s) were given", m.Name(), len(m.outputs), len(ys))
		}
		for _, y := range ys {
			ph, err := tensor.New(targetDType(y.DType()), batchShape(y, batch)...)
			if err != nil {
				return nil, err
			}
			// Targets and weights are tracked leaves too, so that every op
			// a loss applies to them is recorded and replayed with each
			// batch (an untracked result would be frozen at the first).
			s.ys = append(s.ys, tensor.Track(ph, false))
		}
		if sw != nil {
			s.sw = tensor.Track(tensor.Zeros(batch), false)
		}
	}
	s.load(xs, ys, sw, idx)
	ctx := &layers.Context{Training: kind == trainKind}
	outs, err := m.Call(ctx, s.xs)
	if err != nil {
		return nil, err
	}
	s.outs = outs
	roots := append([]*tensor.Tensor(nil), outs...)
	roots = append(roots, ctx.Updates...)
	if kind == predictKind {
		s.plan, err = autodiff.NewPlan(roots, nil, nil)
		return s, err
	}
	if s.total, err = t.totalLoss(ctx, s); err != nil {
		return nil, err
	}
	// Metrics weigh masked entries 0, as Keras's metrics apply y_pred's mask.
	s.metricW = make([]*tensor.Tensor, len(outs))
	for i, o := range outs {
		s.metricW[i] = s.sw
		if o.Mask() != nil {
			if s.metricW[i], err = losses.ApplyMask(s.sw, o.Mask(), "sum"); err != nil {
				return nil, err
			}
			roots = append(roots, s.metricW[i])
		}
	}
	s.vars = layers.TrainableWeights(m)
	s.canGrad = kind == trainKind && len(s.vars) > 0 && s.total.NeedsGrad()
	if s.canGrad {
		wrt := make([]*tensor.Tensor, len(s.vars))
		for i, v := range s.vars {
			wrt[i] = v.Value()
		}
		s.plan, err = autodiff.NewPlan(roots, s.total, wrt)
	} else {
		s.plan, err = autodiff.NewPlan(append(roots, s.total), nil, nil)
	}
	return s, err
}

func inputName(m *Model, i int) string {
	n, _ := m.inputs[i].Node()
	return n.Layer.Base().Name()
}

// totalLoss is Keras's compute_loss: the weighted sum of the outputs'
// losses plus the layers' regularization and activity losses.
func (t *trainer) totalLoss(ctx *layers.Context, s *step) (*tensor.Tensor, error) {
	var total *tensor.Tensor
	add := func(x *tensor.Tensor) error {
		if total == nil {
			total = x
			return nil
		}
		var err error
		total, err = ops.Add(total, x)
		return err
	}
	for i, l := range t.losses {
		if l == nil {
			continue
		}
		li, err := l.Call(s.ys[i], s.outs[i], s.sw)
		if err != nil {
			return nil, fmt.Errorf("loss %q on output %q: %w", l.Name(), t.model.outputName(i), err)
		}
		if li.Size() != 1 {
			if li, err = ops.Mean(li, nil, false); err != nil {
				return nil, err
			}
		}
		if w := t.lossWeights[i]; w != 1 {
			if li, err = ops.Multiply(li, ops.Const(float32(w))); err != nil {
				return nil, err
			}
		}
		if err := add(li); err != nil {
			return nil, err
		}
	}
	if total == nil {
		return nil, fmt.Errorf("model %q: no loss to optimize: compile the model with a loss", t.model.Name())
	}
	regs, err := layers.RegularizationLosses(t.model)
	if err != nil {
		return nil, err
	}
	for _, r := range append(regs, ctx.Losses...) {
		if err := add(r); err != nil {
			return nil, err
		}
	}
	return ops.Reshape(total)
}

// load feeds rows idx of the data to the step's placeholders: a contiguous
// run of rows of the placeholder's dtype is shared without copying (the
// usual case in Evaluate and Predict), anything else is gathered into the
// placeholder's own buffer.
func (s *step) load(xs, ys []*tensor.Tensor, sw []float32, idx []int) {
	for i, x := range xs {
		s.feed(i, s.xs[i], x, idx)
	}
	for i := range s.ys {
		s.feed(len(s.xs)+i, s.ys[i], ys[i], idx)
	}
	if s.sw != nil {
		d := s.sw.Float32s()
		for i, r := range idx {
			d[i] = sw[r]
		}
	}
}

// feed loads one placeholder (number k) from data.
func (s *step) feed(k int, ph, data *tensor.Tensor, idx []int) {
	if s.own == nil {
		s.own = make([]*tensor.Tensor, len(s.xs)+len(s.ys))
	}
	n := len(idx)
	if n > 0 && contiguous(idx) && ph.ShareRows(data, idx[0], idx[0]+n) {
		return
	}
	// Gather into the placeholder's own buffer (restored if it was sharing).
	if s.own[k] == nil {
		s.own[k] = ph.Clone()
	}
	ph.SetStorage(s.own[k])
	gatherRows(ph, data, idx)
}

func contiguous(idx []int) bool {
	for i := 1; i < len(idx); i++ {
		if idx[i] != idx[i-1]+1 {
			return false
		}
	}
	return true
}

// lossValue is the step's total loss.
func (s *step) lossValue() float64 { return float64(s.total.Float32s()[0]) }
