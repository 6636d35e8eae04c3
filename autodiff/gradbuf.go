package autodiff

import "github.com/gokeras/keras/tensor"

// gradBuffers allocates a plan's gradient buffers: one per differentiated
// tensor, except that a reshape's input shares its output's storage.
type gradBuffers struct {
	buf  map[*tensor.Tensor]*tensor.Tensor // tensor -> its gradient buffer
	root map[*tensor.Tensor]*tensor.Tensor // buffer -> the buffer owning its storage
	all  []*tensor.Tensor                  // storage owners, in creation order
}

func newGradBuffers() *gradBuffers {
	return &gradBuffers{buf: map[*tensor.Tensor]*tensor.Tensor{}, root: map[*tensor.Tensor]*tensor.Tensor{}}
}

// of returns t's gradient buffer, allocating it on first use.
func (g *gradBuffers) of(t *tensor.Tensor) *tensor.Tensor {
	b := g.buf[t]
	if b == nil {
		b = tensor.Zeros(t.Shape()...)
		g.buf[t] = b
		g.root[b] = b
		g.all = append(g.all, b)
	}
	return b
}

// passThrough gives the input of a gradient-passing op (reshape) a view of
// the op's output gradient as its own gradient and reports whether it did;
// then the op's Backward is not needed. It does not when the input already
// has a buffer (another consumer, later in the forward order, made it).
func (g *gradBuffers) passThrough(t *tensor.Tensor) bool {
	n := t.Node()
	gp, ok := n.Op.(tensor.GradPassing)
	if !ok || !gp.GradPassesThrough() || len(n.Inputs) != 1 {
		return false
	}
	in := n.Inputs[0]
	if in == nil || !in.NeedsGrad() || g.buf[in] != nil || in.Size() != t.Size() {
		return false
	}
	out := g.of(t)
	v, err := out.View(in.Shape()...)
	if err != nil {
		return false
	}
	g.buf[in] = v
	g.root[v] = g.root[out]
	return true
}

// assignFirstWriters decides, for the steps in backward order, which
// gradient contribution is the first one into its storage. Where that step's
// op can overwrite (tensor.OverwritingBackward), it is told to, and the
// storage needs no zeroing; the storage of every other buffer is returned,
// to be zeroed before each backward pass. seed is written by the pass itself.
func (g *gradBuffers) assignFirstWriters(seed *tensor.Tensor, steps []step) []*tensor.Tensor {
	written := map[*tensor.Tensor]bool{g.root[seed]: true}
	needZero := map[*tensor.Tensor]bool{}
	for i := range steps {
		s := &steps[i]
		ow, _ := s.t.Node().Op.(tensor.OverwritingBackward)
		seen := map[*tensor.Tensor]int{}
		for _, b := range s.gin {
			if b != nil {
				seen[g.root[b]]++
			}
		}
		if ow != nil {
			s.ow = ow
			s.first = make([]bool, len(s.gin))
		}
		for j, b := range s.gin {
			if b == nil {
				continue
			}
			r := g.root[b]
			if !written[r] {
				// An op given the same storage twice (x*x) accumulates
				// into it: it must start from zero.
				if ow != nil && seen[r] == 1 {
					s.first[j] = true
				} else {
					needZero[r] = true
				}
			}
			written[r] = true
		}
	}
	var zero []*tensor.Tensor
	for _, b := range g.all {
		if needZero[b] || !written[b] {
			zero = append(zero, b)
		}
	}
	return zero
}
