package autodiff

import (
	"fmt"
	"os"

	"github.com/gokeras/keras/tensor"
)

// Plan replays a recorded graph: Forward recomputes every node into the
// tensor it produced when traced, Backward computes the gradients of a loss
// with respect to chosen leaves into buffers allocated once. The graph's leaf
// tensors (placeholders, variables) are read by pointer, so writing a new batch
// into a placeholder's storage and calling Forward computes that batch.
type Plan struct {
	forward  []*tensor.Tensor // nodes to recompute, in topological order
	backward []step           // nodes to differentiate, in reverse order
	zero     []*tensor.Tensor // gradient buffers zeroed per Backward
	all      []*tensor.Tensor // every gradient buffer (storage owners)
	seed     *tensor.Tensor   // gradient buffer of the loss
	wrtGrads []*tensor.Tensor // gradient buffers of the wrt leaves
}

type step struct {
	t     *tensor.Tensor
	gout  *tensor.Tensor
	gin   []*tensor.Tensor
	ow    tensor.OverwritingBackward // nil: the op only accumulates
	first []bool                     // for ow: gin[i] gets its first contribution here
}

// NewPlan records the graph that produces outputs and loss. loss may be nil
// for a forward-only (prediction) plan; otherwise it must be a float32 tensor
// that depends on the wrt leaves, and Backward computes d(sum(loss))/d(wrt).
func NewPlan(outputs []*tensor.Tensor, loss *tensor.Tensor, wrt []*tensor.Tensor) (*Plan, error) {
	roots := append([]*tensor.Tensor(nil), outputs...)
	if loss != nil {
		roots = append(roots, loss)
	}
	p := &Plan{forward: collect(roots)}
	if loss == nil {
		return p, nil
	}
	if loss.DType() != tensor.Float32 || !loss.NeedsGrad() {
		return nil, fmt.Errorf("autodiff: plan loss of shape %v (%v) does not depend on any trainable tensor", loss.Shape(), loss.DType())
	}
	g := newGradBuffers()
	p.seed = g.of(loss)
	bw := collect([]*tensor.Tensor{loss})
	for i := len(bw) - 1; i >= 0; i-- {
		t := bw[i]
		if !t.NeedsGrad() {
			continue
		}
		n := t.Node()
		if g.passThrough(t) {
			continue // reshape: its input's gradient is its own, same storage
		}
		s := step{t: t, gout: g.of(t), gin: make([]*tensor.Tensor, len(n.Inputs))}
		any := false
		for j, in := range n.Inputs {
			if in != nil && in.NeedsGrad() {
				s.gin[j] = g.of(in)
				any = true
			}
		}
		if any {
			p.backward = append(p.backward, s)
		}
	}
	p.wrtGrads = make([]*tensor.Tensor, len(wrt))
	for i, w := range wrt {
		p.wrtGrads[i] = g.of(w)
	}
	p.zero = g.assignFirstWriters(p.seed, p.backward)
	p.all = g.all
	if os.Getenv("ZZDBG") != "" {
		agg := map[string]int{}
		for _, s := range p.backward {
			for j, b := range s.gin {
				if b != nil && (s.first == nil || !s.first[j]) {
					agg[s.t.Node().Op.Name()] += b.Size()
				}
			}
		}
		z := 0
		for _, b := range p.zero {
			z += b.Size()
		}
		fmt.Println("accumulating writes by op:", agg, "zeroed", z)
	}
	return p, nil
}

// Forward recomputes every recorded node from the current leaf values.
func (p *Plan) Forward() {
	for _, t := range p.forward {
		n := t.Node()
		n.Op.Forward(t, n.Inputs)
	}
}

// Backward computes the gradients of sum(loss) into the buffers Grads returns.
// It must follow a Forward (or the trace itself).
func (p *Plan) Backward() {
	for _, g := range p.zero {
		g.Zero()
	}
	p.seed.Fill(1)
	for _, s := range p.backward {
		n := s.t.Node()
		if s.ow != nil {
			s.ow.BackwardOverwrite(s.gout, s.t, n.Inputs, s.gin, s.first)
			continue
		}
		n.Op.Backward(s.gout, s.t, n.Inputs, s.gin)
	}
}

// FillGradients sets every gradient buffer of the plan to v. Backward does
// not depend on what the buffers held before (it zeroes what needs zeroing
// and lets first writers overwrite the rest); tests fill them with NaN to
// check that.
func (p *Plan) FillGradients(v float32) {
	for _, g := range p.all {
		g.Fill(v)
	}
}

// Grads returns the gradient buffers of the wrt leaves, in order. They are
// overwritten by each Backward.
func (p *Plan) Grads() []*tensor.Tensor { return p.wrtGrads }

// Len reports how many nodes Forward recomputes.
func (p *Plan) Len() int { return len(p.forward) }

// Nodes returns the tensors Forward recomputes, in order. Callers may
// inspect their ops (for example, ops that report data errors found during a
// replay) but must not modify them.
func (p *Plan) Nodes() []*tensor.Tensor { return p.forward }
