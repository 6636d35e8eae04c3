package random

import (
	"fmt"
	"math/rand/v2"

	"github.com/gokeras/keras/internal/vmath"

	"github.com/gokeras/keras/tensor"
)

// dropoutOp multiplies its input by a fresh inverted-dropout mask on every
// Forward: mask values are 0 (probability rate) or 1/(1-rate). The mask has
// the noise shape and broadcasts over the input. The seed of each mask comes
// from the generator, so replays are reproducible after SetSeed.
type dropoutOp struct {
	gen   *SeedGenerator
	rate  float32
	scale float32
	pcg   *rand.PCG
	mask  []float32
	shape tensor.Shape // input shape
	mst   []int        // mask stride per input axis (0 where broadcast)
	full  bool         // mask has the input's shape
	idx   []int        // scratch multi-index
}

func (op *dropoutOp) Name() string { return "dropout" }

// draw fills the mask from the generator's next seed.
func (op *dropoutOp) draw() {
	op.pcg.Seed(op.gen.Next(), pcgStream)
	for i := range op.mask {
		if unit(op.pcg.Uint64()) >= op.rate {
			op.mask[i] = op.scale
		} else {
			op.mask[i] = 0
		}
	}
}

// each calls fn(i, m) for every input element i and its mask offset m.
func (op *dropoutOp) each(fn func(i, m int)) {
	n := op.shape.Size()
	clear(op.idx)
	m, nd := 0, len(op.shape)
	for i := 0; i < n; i++ {
		fn(i, m)
		for d := nd - 1; d >= 0; d-- {
			op.idx[d]++
			m += op.mst[d]
			if op.idx[d] < op.shape[d] {
				break
			}
			m -= op.mst[d] * op.idx[d]
			op.idx[d] = 0
		}
	}
}

func (op *dropoutOp) Forward(out *tensor.Tensor, in []*tensor.Tensor) {
	op.draw()
	o, x, mask := out.Float32s(), in[0].Float32s(), op.mask
	if op.full {
		vmath.Mul(o, x, mask)
		return
	}
	op.each(func(i, m int) { o[i] = x[i] * mask[m] })
}

func (op *dropoutOp) Backward(gout, out *tensor.Tensor, in []*tensor.Tensor, gin []*tensor.Tensor) {
	op.backward(gout, gin, false)
}

// BackwardOverwrite writes a first-written gradient instead of adding it.
func (op *dropoutOp) BackwardOverwrite(gout, out *tensor.Tensor, in []*tensor.Tensor, gin []*tensor.Tensor, first []bool) {
	op.backward(gout, gin, first[0])
}

func (op *dropoutOp) backward(gout *tensor.Tensor, gin []*tensor.Tensor, overwrite bool) {
	if gin[0] == nil {
		return
	}
	g, gx, mask := gout.Float32s(), gin[0].Float32s(), op.mask
	switch {
	case op.full && overwrite:
		vmath.Mul(gx, g, mask)
	case op.full:
		for i, v := range g {
			gx[i] += float32(v * mask[i])
		}
	case overwrite:
		op.each(func(i, m int) { gx[i] = g[i] * mask[m] })
	default:
		op.each(func(i, m int) { gx[i] += float32(g[i] * mask[m]) })
	}
}

// Dropout zeroes each element of x with probability rate and scales the kept
// ones by 1/(1-rate) (keras.random.dropout, inverted dropout). noiseShape
// (nil: x's shape) gives the mask's shape; it has x's rank, and each entry is
// x's dimension, 1 (the mask is shared along that axis) or -1 (x's
// dimension, Keras's None). The result is differentiable.
//
// The op draws a new mask from gen every time its Forward runs, including
// when a compiled training step replays it, so each step sees fresh noise;
// the masks are reproducible from gen's seed. A nil gen draws a generator
// from the global one (NextSeed).
func Dropout(x *tensor.Tensor, rate float32, gen *SeedGenerator, noiseShape []int) (*tensor.Tensor, error) {
	if x == nil {
		return nil, fmt.Errorf("random.dropout: nil tensor argument")
	}
	if x.DType() != tensor.Float32 {
		return nil, fmt.Errorf("random.dropout: input must be float32, got %v", x.DType())
	}
	if !(rate >= 0 && rate < 1) {
		return nil, fmt.Errorf("random.dropout: rate must be in [0, 1), got %g", rate)
	}
	if gen == nil {
		gen = NewSeedGenerator(NextSeed())
	}
	shape := x.Shape()
	ns := shape.Clone()
	if noiseShape != nil {
		if len(noiseShape) != len(shape) {
			return nil, fmt.Errorf("random.dropout: noise_shape %v must have the rank of the input shape %v", noiseShape, shape)
		}
		for i, d := range noiseShape {
			switch {
			case d == -1:
			case d == 1 || d == shape[i]:
				ns[i] = d
			default:
				return nil, fmt.Errorf("random.dropout: noise_shape %v does not broadcast to the input shape %v (axis %d)", noiseShape, shape, i)
			}
		}
	}
	op := &dropoutOp{gen: gen, rate: rate, scale: 1 / (1 - rate), pcg: rand.NewPCG(0, 0),
		mask: make([]float32, ns.Size()), shape: shape.Clone(), full: ns.Equal(shape),
		mst: make([]int, len(shape)), idx: make([]int, len(shape))}
	st := ns.Strides()
	for i, d := range ns {
		if d != 1 {
			op.mst[i] = st[i]
		}
	}
	return tensor.Apply(op, tensor.Float32, shape, x)
}
