package tensor

import (
	"fmt"
	"sync/atomic"
)

// Op is an operation that can sit in a computation graph: it computes its
// output from its inputs and, for reverse-mode differentiation, accumulates
// input gradients from the output gradient.
//
// An Op value belongs to exactly one graph node, so it may keep scratch
// buffers (a dropout mask, an im2col buffer) between Forward and Backward and
// reuse them when a compiled plan replays the node. Forward and Backward must
// not allocate once those buffers exist.
type Op interface {
	// Name is a short identifier used in error messages and profiles.
	Name() string
	// Forward writes the result into out, which has the shape and dtype the
	// op was applied with.
	Forward(out *Tensor, in []*Tensor)
	// Backward adds d(loss)/d(in[i]) into gin[i] for every non-nil gin[i],
	// given gout = d(loss)/d(out). It must accumulate, not overwrite (ops
	// that can also overwrite implement OverwritingBackward).
	Backward(gout, out *Tensor, in []*Tensor, gin []*Tensor)
}

// Aliasing is implemented by ops whose output shares its input's storage
// (reshape): Apply then skips allocating the output.
type Aliasing interface {
	AliasesInput() bool
}

// OverwritingBackward is implemented by ops that can also write (=) their
// gradient contributions instead of adding them. A replayed plan
// (autodiff.Plan) calls BackwardOverwrite instead of Backward: first[i]
// reports that gin[i] has received no contribution yet in this backward pass,
// so its contents are stale and must be overwritten in full; the other non-nil
// gin[i] are accumulated into as in Backward. The plan then neither zeroes
// those buffers nor makes the op read them back.
type OverwritingBackward interface {
	BackwardOverwrite(gout, out *Tensor, in []*Tensor, gin []*Tensor, first []bool)
}

// GradPassing is implemented by ops whose input gradient equals their output
// gradient element for element (reshape). A replayed plan then gives both
// gradients the same storage where it can and skips the op's Backward.
type GradPassing interface {
	GradPassesThrough() bool
}

// Node links a tensor to the op and inputs that produced it.
type Node struct {
	Op        Op        // nil for leaves
	Inputs    []*Tensor // the op's inputs
	NeedsGrad bool      // whether gradients flow to this tensor
	ID        uint64    // creation order; a topological order of the graph
	Var       *Variable // set for variable leaves
}

var nodeIDs atomic.Uint64

func newNode(op Op, inputs []*Tensor, needsGrad bool) *Node {
	return &Node{Op: op, Inputs: inputs, NeedsGrad: needsGrad, ID: nodeIDs.Add(1)}
}

// Node returns the graph node of t, or nil for untracked tensors.
func (t *Tensor) Node() *Node { return t.node }

// Tracked reports whether t takes part in a graph.
func (t *Tensor) Tracked() bool { return t.node != nil }

// NeedsGrad reports whether gradients flow to t.
func (t *Tensor) NeedsGrad() bool { return t.node != nil && t.node.NeedsGrad }

// Track marks t as a graph leaf: every op applied to it (directly or through
// other ops) records a node. needsGrad makes gradients flow to it (the
// GradientTape.watch use case). It returns t.
func Track(t *Tensor, needsGrad bool) *Tensor {
	if t.node == nil {
		t.node = newNode(nil, nil, needsGrad)
	} else {
		t.node.NeedsGrad = t.node.NeedsGrad || needsGrad
	}
	return t
}

// Apply runs op on inputs producing a tensor of the given dtype and shape, and
// records a graph node when any input is tracked. Ops check shapes before
// calling Apply; Apply itself only fails when the output would be too large.
func Apply(op Op, dtype DType, shape Shape, inputs ...*Tensor) (*Tensor, error) {
	var out *Tensor
	if a, ok := op.(Aliasing); ok && a.AliasesInput() {
		s := shape.Clone()
		if err := s.Validate(); err != nil {
			return nil, fmt.Errorf("%s: %w", op.Name(), err)
		}
		out = &Tensor{shape: s, dtype: dtype}
	} else {
		var err error
		out, err = New(dtype, shape...)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", op.Name(), err)
		}
	}
	op.Forward(out, inputs)
	tracked, needs := false, false
	for _, in := range inputs {
		if in != nil && in.node != nil {
			tracked = true
			needs = needs || in.node.NeedsGrad
		}
	}
	if tracked {
		out.node = newNode(op, inputs, needs && dtype.IsFloat())
	}
	return out, nil
}
