package autodiff

import (
	"fmt"

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
	grads    []*tensor.Tensor // every gradient buffer, zeroed per Backward
	seed     *tensor.Tensor   // gradient buffer of the loss
	wrtGrads []*tensor.Tensor // gradient buffers of the wrt leaves
}

type step struct {
	t    *tensor.Tensor
	gout *tensor.Tensor
	gin  []*tensor.Tensor
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
	bw := collect([]*tensor.Tensor{loss})
	buf := map[*tensor.Tensor]*tensor.Tensor{}
	gradOf := func(t *tensor.Tensor) *tensor.Tensor {
		g := buf[t]
		if g == nil {
			g = tensor.Zeros(t.Shape()...)
			buf[t] = g
			p.grads = append(p.grads, g)
		}
		return g
	}
	p.seed = gradOf(loss)
	for i := len(bw) - 1; i >= 0; i-- {
		t := bw[i]
		if !t.NeedsGrad() {
			continue
		}
		n := t.Node()
		s := step{t: t, gout: gradOf(t), gin: make([]*tensor.Tensor, len(n.Inputs))}
		any := false
		for j, in := range n.Inputs {
			if in != nil && in.NeedsGrad() {
				s.gin[j] = gradOf(in)
				any = true
			}
		}
		if any {
			p.backward = append(p.backward, s)
		}
	}
	p.wrtGrads = make([]*tensor.Tensor, len(wrt))
	for i, w := range wrt {
		p.wrtGrads[i] = gradOf(w)
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
	for _, g := range p.grads {
		g.Zero()
	}
	p.seed.Fill(1)
	for _, s := range p.backward {
		s.t.Node().Op.Backward(s.gout, s.t, s.t.Node().Inputs, s.gin)
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
