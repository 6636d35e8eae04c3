// Package gradcheck compares the gradients autodiff computes with central
// finite differences. Every op and layer test uses it.
package gradcheck

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/gokeras/keras/autodiff"
	"github.com/gokeras/keras/tensor"
)

// Options tunes a check. Zero values pick the defaults.
type Options struct {
	Eps    float64 // finite-difference step (default 1e-2)
	RelTol float64 // allowed |num-ana| / max(|num|,|ana|,AbsTol) (default 2e-2)
	AbsTol float64 // floor for the denominator (default 1e-3)
	Seed   uint64
}

// Check verifies the gradient of f with respect to each float32 input. f is
// reduced to a scalar by a fixed random projection sum(f(x) * r), so every
// output element contributes. Inputs are modified during the check and
// restored afterwards.
func Check(f func(in []*tensor.Tensor) (*tensor.Tensor, error), inputs []*tensor.Tensor, opt Options) error {
	if opt.Eps == 0 {
		opt.Eps = 1e-2
	}
	if opt.RelTol == 0 {
		opt.RelTol = 2e-2
	}
	if opt.AbsTol == 0 {
		opt.AbsTol = 1e-3
	}
	// Work on fresh leaves so the caller's tensors keep their tracking state.
	leaves := make([]*tensor.Tensor, len(inputs))
	var wrt []*tensor.Tensor
	for i, in := range inputs {
		leaves[i] = in.Clone()
		if in.DType() == tensor.Float32 {
			tensor.Track(leaves[i], true)
			wrt = append(wrt, leaves[i])
		}
	}
	out, err := f(leaves)
	if err != nil {
		return fmt.Errorf("gradcheck: forward: %w", err)
	}
	rng := rand.New(rand.NewPCG(opt.Seed, 7))
	proj := make([]float64, out.Size())
	for i := range proj {
		proj[i] = rng.Float64()*2 - 1
	}
	project := func(t *tensor.Tensor) float64 {
		s := 0.0
		for i, v := range t.Float32s() {
			s += float64(v) * proj[i]
		}
		return s
	}
	// Analytic: gradient of sum(out * proj) via a weighted seed.
	pt := tensor.Zeros(out.Shape()...)
	for i, v := range proj {
		pt.Float32s()[i] = float32(v)
	}
	weighted, err := mul(out, pt)
	if err != nil {
		return err
	}
	grads, err := autodiff.Gradients(weighted, wrt)
	if err != nil {
		return fmt.Errorf("gradcheck: gradients: %w", err)
	}
	if err := checkPlan(weighted, wrt, pt, grads, rng); err != nil {
		return err
	}
	for gi, leaf := range wrt {
		data := leaf.Float32s()
		for j := range data {
			orig := data[j]
			data[j] = orig + float32(opt.Eps)
			up, err := f(detached(leaves))
			if err != nil {
				return err
			}
			pu := project(up) // before the next change: outputs may alias inputs
			data[j] = orig - float32(opt.Eps)
			down, err := f(detached(leaves))
			if err != nil {
				return err
			}
			pd := project(down)
			data[j] = orig
			num := (pu - pd) / (2 * opt.Eps)
			ana := float64(grads[gi].Float32s()[j])
			den := math.Max(math.Max(math.Abs(num), math.Abs(ana)), opt.AbsTol)
			if math.Abs(num-ana)/den > opt.RelTol || math.IsNaN(ana) {
				return fmt.Errorf("gradcheck: input %d element %d: analytic %.6g, numeric %.6g", gi, j, ana, num)
			}
		}
	}
	return nil
}

// checkPlan compares the gradients of a replayed plan (autodiff.Plan, which
// lets ops overwrite a gradient buffer's stale contents and shares reshape
// gradients) with the tape's. The plan's buffers start full of NaN, and its
// first Backward runs with another projection, so the second starts from
// buffers full of other values: an op that adds where it was told to
// overwrite, or writes only part of a buffer, shows up here.
func checkPlan(weighted *tensor.Tensor, wrt []*tensor.Tensor, pt *tensor.Tensor, want []*tensor.Tensor, rng *rand.Rand) error {
	plan, err := autodiff.NewPlan(nil, weighted, wrt)
	if err != nil {
		return fmt.Errorf("gradcheck: plan: %w", err)
	}
	plan.FillGradients(float32(math.NaN()))
	p := pt.Float32s()
	saved := append([]float32(nil), p...)
	for i := range p {
		p[i] = float32(rng.Float64()*4 - 2)
	}
	plan.Backward()
	copy(p, saved)
	plan.Backward()
	for gi, g := range plan.Grads() {
		for j, v := range g.Float32s() {
			w := want[gi].Float32s()[j]
			den := math.Max(math.Max(math.Abs(float64(v)), math.Abs(float64(w))), 1)
			if math.Abs(float64(v-w))/den > 1e-5 || math.IsNaN(float64(v)) != math.IsNaN(float64(w)) {
				return fmt.Errorf("gradcheck: input %d element %d: replayed plan gives %.8g, tape %.8g", gi, j, v, w)
			}
		}
	}
	return nil
}

func detached(ts []*tensor.Tensor) []*tensor.Tensor {
	out := make([]*tensor.Tensor, len(ts))
	for i, t := range ts {
		out[i] = t.Detach()
	}
	return out
}

// mul is a tiny local product op so this package depends only on autodiff.
type mulOp struct{}

func (mulOp) Name() string { return "gradcheck_weight" }
func (mulOp) Forward(out *tensor.Tensor, in []*tensor.Tensor) {
	a, b, o := in[0].Float32s(), in[1].Float32s(), out.Float32s()
	for i := range o {
		o[i] = a[i] * b[i]
	}
}
func (mulOp) Backward(gout, out *tensor.Tensor, in []*tensor.Tensor, gin []*tensor.Tensor) {
	if gin[0] != nil {
		g, b := gin[0].Float32s(), in[1].Float32s()
		for i, v := range gout.Float32s() {
			g[i] += v * b[i]
		}
	}
}

func mul(a, b *tensor.Tensor) (*tensor.Tensor, error) {
	if a.DType() != tensor.Float32 {
		return nil, fmt.Errorf("gradcheck: output must be float32, got %v", a.DType())
	}
	return tensor.Apply(mulOp{}, tensor.Float32, a.Shape(), a, b)
}

// Random returns a float32 tensor with values uniform in [lo, hi).
func Random(seed uint64, lo, hi float32, shape ...int) *tensor.Tensor {
	rng := rand.New(rand.NewPCG(seed, 11))
	t := tensor.Zeros(shape...)
	for i := range t.Float32s() {
		t.Float32s()[i] = lo + (hi-lo)*rng.Float32()
	}
	return t
}
