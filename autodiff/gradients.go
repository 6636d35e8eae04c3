package autodiff

import (
	"fmt"
	"slices"

	"github.com/gokeras/keras/tensor"
)

// Gradients returns d(sum(target))/d(w) for each w in wrt. A w that target
// does not depend on gets a zero gradient. Target must be float32 and
// tracked (computed from a variable or a tensor.Track-ed tensor).
func Gradients(target *tensor.Tensor, wrt []*tensor.Tensor) ([]*tensor.Tensor, error) {
	if target.DType() != tensor.Float32 {
		return nil, fmt.Errorf("autodiff: target must be float32, got %v", target.DType())
	}
	if !target.NeedsGrad() {
		return nil, fmt.Errorf("autodiff: target of shape %v does not depend on any tensor that needs a gradient (watch inputs with tensor.Track or use trainable variables)", target.Shape())
	}
	nodes := collect([]*tensor.Tensor{target})
	grads := make(map[*tensor.Tensor]*tensor.Tensor, len(nodes))
	seed := tensor.Zeros(target.Shape()...)
	seed.Fill(1)
	grads[target] = seed
	gin := []*tensor.Tensor{}
	for i := len(nodes) - 1; i >= 0; i-- {
		t := nodes[i]
		g := grads[t]
		n := t.Node()
		if g == nil || n.Op == nil {
			continue
		}
		gin = gin[:0]
		any := false
		for _, in := range n.Inputs {
			var gi *tensor.Tensor
			if in != nil && in.NeedsGrad() {
				gi = grads[in]
				if gi == nil {
					gi = tensor.Zeros(in.Shape()...)
					grads[in] = gi
				}
				any = true
			}
			gin = append(gin, gi)
		}
		if any {
			n.Op.Backward(g, t, n.Inputs, gin)
		}
	}
	out := make([]*tensor.Tensor, len(wrt))
	for i, w := range wrt {
		if g := grads[w]; g != nil {
			out[i] = g
		} else {
			out[i] = tensor.Zeros(w.Shape()...)
		}
	}
	return out, nil
}

// collect returns the tracked non-leaf tensors that the roots depend on and
// through which gradients can flow, in creation (topological) order.
func collect(roots []*tensor.Tensor) []*tensor.Tensor {
	seen := map[*tensor.Node]bool{}
	var out []*tensor.Tensor
	stack := append([]*tensor.Tensor(nil), roots...)
	for len(stack) > 0 {
		t := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		n := t.Node()
		if n == nil || seen[n] {
			continue
		}
		seen[n] = true
		if n.Op == nil {
			continue
		}
		out = append(out, t)
		for _, in := range n.Inputs {
			if in != nil {
				stack = append(stack, in)
			}
		}
	}
	slices.SortFunc(out, func(a, b *tensor.Tensor) int {
		x, y := a.Node().ID, b.Node().ID
		if x < y {
			return -1
		}
		if x > y {
			return 1
		}
		return 0
	})
	return out
}
