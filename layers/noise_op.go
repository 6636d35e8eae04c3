package layers

import (
	"math/rand/v2"

	"github.com/gokeras/keras/random"
	"github.com/gokeras/keras/tensor"
)

// noiseKind selects the formula of a noiseOp.
type noiseKind int

const (
	noiseAdd   noiseKind = iota // y = x + stddev*z (GaussianNoise)
	noiseMul                    // y = x * (1 + stddev*z) (GaussianDropout)
	noiseAlpha                  // AlphaDropout's a*(x*keep + alpha_p*(1-keep)) + b
)

// noiseOp applies fresh random noise on every Forward, including each
// replay of a compiled training step; the draws come from a seed of the
// layer's SeedGenerator, so they are reproducible after random.SetSeed.
// noise has the noise shape, which broadcasts over the input (strides mst,
// 0 on broadcast axes).
type noiseOp struct {
	kind       noiseKind
	gen        *random.SeedGenerator
	pcg        *rand.PCG
	rng        *rand.Rand
	stddev     float32
	rate, a, b float32
	alphaP     float32
	noise      []float32 // z (add, mul: 1+stddev*z) or the keep mask (alpha)
	shape      tensor.Shape
	mst, idx   []int
	full       bool
}

func newNoiseOp(kind noiseKind, gen *random.SeedGenerator, shape, noiseShape tensor.Shape) *noiseOp {
	pcg := rand.NewPCG(0, 0)
	op := &noiseOp{kind: kind, gen: gen, pcg: pcg, rng: rand.New(pcg), noise: make([]float32, noiseShape.Size()),
		shape: shape.Clone(), mst: make([]int, len(shape)), idx: make([]int, len(shape)), full: noiseShape.Equal(shape)}
	st := noiseShape.Strides()
	for i, d := range noiseShape {
		if d != 1 {
			op.mst[i] = st[i]
		}
	}
	return op
}

func (op *noiseOp) Name() string {
	return [...]string{"gaussian_noise", "gaussian_dropout", "alpha_dropout"}[op.kind]
}

func (op *noiseOp) draw() {
	op.pcg.Seed(op.gen.Next(), 0x9e3779b97f4a7c15)
	for i := range op.noise {
		switch op.kind {
		case noiseAdd:
			op.noise[i] = op.stddev * float32(op.rng.NormFloat64())
		case noiseMul:
			op.noise[i] = 1 + op.stddev*float32(op.rng.NormFloat64())
		case noiseAlpha:
			if float32(op.rng.Float64()) >= op.rate {
				op.noise[i] = 1
			} else {
				op.noise[i] = 0
			}
		}
	}
}

// each calls fn(i, m) for every input element i and its noise offset m.
func (op *noiseOp) each(fn func(i, m int)) {
	n := op.shape.Size()
	if op.full {
		for i := 0; i < n; i++ {
			fn(i, i)
		}
		return
	}
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

func (op *noiseOp) Forward(out *tensor.Tensor, in []*tensor.Tensor) {
	op.draw()
	x, y, z := in[0].Float32s(), out.Float32s(), op.noise
	switch op.kind {
	case noiseAdd:
		for i, v := range x {
			y[i] = v + z[i]
		}
	case noiseMul:
		for i, v := range x {
			y[i] = v * z[i]
		}
	case noiseAlpha:
		a, b, ap := op.a, op.b, op.alphaP
		op.each(func(i, m int) {
			k := z[m]
			y[i] = a*(x[i]*k+ap*(1-k)) + b
		})
	}
}

func (op *noiseOp) Backward(gout, out *tensor.Tensor, in []*tensor.Tensor, gin []*tensor.Tensor) {
	if gin[0] == nil {
		return
	}
	g, gx, z := gout.Float32s(), gin[0].Float32s(), op.noise
	switch op.kind {
	case noiseAdd:
		for i, v := range g {
			gx[i] += v
		}
	case noiseMul:
		for i, v := range g {
			gx[i] += v * z[i]
		}
	case noiseAlpha:
		a := op.a
		op.each(func(i, m int) { gx[i] += g[i] * a * z[m] })
	}
}
