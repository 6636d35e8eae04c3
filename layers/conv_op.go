package layers

import (
	"github.com/gokeras/keras/internal/gemm"
	"github.com/gokeras/keras/internal/vmath"
	"github.com/gokeras/keras/tensor"
)

// convOp is the fused convolution of one graph node: x ⊛ kernel + bias,
// then ReLU when relu is set. Its inputs are x, kernel and optionally bias.
// With transpose it is the transposed convolution (the adjoint of the
// convolution in g with respect to its input), whose input is g's small side
// and whose output is g's big side.
//
// Everything is computed in channels_last layout; with channelsFirst the op
// transposes its input, output and gradients through scratch copies.
//
// The work is one im2col copy and one GEMM per group per block of images,
// with blocks spread over threads by gemm.ParallelFor; the kernel gradient
// is one GEMM over the whole batch. Scratch buffers are allocated on the
// first run and reused when a compiled plan replays the node.
type convOp struct {
	g             convGeom
	transpose     bool
	channelsFirst bool
	relu          bool

	cols      []float32 // im2col matrix of the whole batch
	colsValid bool      // cols holds im2col of the forward input (conv only)
	gz        []float32 // output gradient masked by the ReLU
	xl, yl    []float32 // channels_last input and output (channels_first only)
	gl, dxl   []float32 // channels_last output and input gradients (channels_first only)
	blk       int       // images per cache block

	// The parallel region's arguments, read by chunk.
	mode           int
	big, w, small  []float32
	beta           float32
	out, bias      []float32 // epilogue: add bias (and ReLU) to these output rows
	outVol, outCh  int
	chunkFn        func(lo, hi int)
	epilogueActive bool
}

const (
	convIm2col  = iota // cols = im2col(big)
	convCorr           // small = beta*small + im2col(big) · W
	convScatter        // big += col2im(small · Wᵀ)
)

func (op *convOp) Name() string {
	if op.transpose {
		return "conv_transpose"
	}
	return "conv"
}

// sides returns the spatial volume and channels of the op's input and
// output (small/big for a convolution, big/small for a transposed one).
func (op *convOp) sides() (inVol, inCh, outVol, outCh int) {
	bv, sv := vol3(op.g.big), vol3(op.g.small)
	if op.transpose {
		return sv, op.g.cs, bv, op.g.cb
	}
	return bv, op.g.cb, sv, op.g.cs
}

func (op *convOp) init() {
	if op.cols != nil {
		return
	}
	sv, w := vol3(op.g.small), op.g.width()
	op.cols = make([]float32, op.g.n*sv*w)
	op.blk = max(1, (1<<17)/max(1, sv*w)) // about 512 KB of im2col rows
	op.chunkFn = op.chunk
	if op.channelsFirst {
		inVol, inCh, outVol, outCh := op.sides()
		op.xl = make([]float32, op.g.n*inVol*inCh)
		op.yl = make([]float32, op.g.n*outVol*outCh)
	}
}

func (op *convOp) Forward(out *tensor.Tensor, in []*tensor.Tensor) {
	op.init()
	inVol, inCh, outVol, outCh := op.sides()
	x, y := in[0].Float32s(), out.Float32s()
	if op.channelsFirst {
		convSwap(op.xl, x, op.g.n, inCh, inVol, false)
		x, y = op.xl, op.yl
	}
	op.out, op.outVol, op.outCh = y, outVol, outCh
	op.bias = nil
	if len(in) > 2 {
		op.bias = in[2].Float32s()
	}
	op.epilogueActive = true
	if op.transpose {
		clear(y)
		op.run(convScatter, y, in[1].Float32s(), x, 0)
	} else {
		op.run(convCorr, x, in[1].Float32s(), y, 0)
		op.colsValid = true
	}
	op.epilogueActive = false
	if op.channelsFirst {
		convSwap(out.Float32s(), y, op.g.n, outVol, outCh, false)
	}
}

func (op *convOp) Backward(gout, out *tensor.Tensor, in []*tensor.Tensor, gin []*tensor.Tensor) {
	op.init()
	inVol, inCh, outVol, outCh := op.sides()
	g, y, x := gout.Float32s(), out.Float32s(), in[0].Float32s()
	if op.channelsFirst {
		if op.gl == nil {
			op.gl = make([]float32, len(g))
			op.dxl = make([]float32, len(x))
		}
		convSwap(op.gl, g, op.g.n, outCh, outVol, false)
		g, y, x = op.gl, op.yl, op.xl
	}
	if op.relu {
		if op.gz == nil {
			op.gz = make([]float32, len(g))
		}
		vmath.ReluGrad(op.gz, g, y)
		g = op.gz
	}
	if len(in) > 2 && gin[2] != nil {
		vmath.ColSum(gin[2].Float32s(), g, op.g.n*outVol, outCh)
	}
	var dx []float32
	if gin[0] != nil {
		dx = gin[0].Float32s()
		if op.channelsFirst {
			dx = op.dxl
			clear(dx)
		}
	}
	w := in[1].Float32s()
	if op.transpose {
		switch {
		case dx != nil:
			op.run(convCorr, g, w, dx, 1)
		case gin[1] != nil:
			op.run(convIm2col, g, nil, nil, 0)
		}
		if gin[1] != nil {
			op.kernelGrad(x, gin[1].Float32s())
		}
		op.colsValid = false
	} else {
		if gin[1] != nil {
			if !op.colsValid {
				op.run(convIm2col, x, nil, nil, 0)
			}
			op.kernelGrad(g, gin[1].Float32s())
		}
		if dx != nil {
			op.run(convScatter, dx, w, g, 0)
			op.colsValid = false
		}
	}
	if dx != nil && op.channelsFirst {
		convSwap(gin[0].Float32s(), dx, op.g.n, inVol, inCh, true)
	}
}

// run executes one pass over the batch, in parallel over blocks of images.
func (op *convOp) run(mode int, big, w, small []float32, beta float32) {
	op.mode, op.big, op.w, op.small, op.beta = mode, big, w, small, beta
	gemm.ParallelFor(op.g.n, 1, op.chunkFn)
	op.big, op.w, op.small = nil, nil, nil
}

// chunk runs the current pass on images [lo, hi), a cache block at a time.
func (op *convOp) chunk(lo, hi int) {
	g := &op.g
	sv, width := vol3(g.small), g.width()
	cg, og := g.cb/g.groups, g.cs/g.groups
	kc := g.kvol() * cg
	for b := lo; b < hi; b += op.blk {
		e := min(b+op.blk, hi)
		rows := (e - b) * sv
		cols := op.cols[b*sv*width : e*sv*width]
		small := op.small[b*sv*g.cs:]
		switch op.mode {
		case convIm2col:
			g.im2col(op.big, cols, b, e)
		case convCorr:
			g.im2col(op.big, cols, b, e)
			for grp := range g.groups {
				gemm.Sgemm(false, false, rows, og, kc, 1, cols[grp*kc:], width, op.w[grp*og:], g.cs, op.beta, small[grp*og:], g.cs)
			}
		case convScatter:
			for grp := range g.groups {
				gemm.Sgemm(false, true, rows, kc, og, 1, small[grp*og:], g.cs, op.w[grp*og:], g.cs, 0, cols[grp*kc:], width)
			}
			g.col2im(cols, op.big, b, e)
		}
		if op.epilogueActive {
			convEpilogue(op.out[b*op.outVol*op.outCh:e*op.outVol*op.outCh], (e-b)*op.outVol, op.outCh, op.bias, op.relu)
		}
	}
}

// kernelGrad adds colsᵀ · small to dw (per group), where cols holds the
// im2col matrix of the whole batch.
func (op *convOp) kernelGrad(small, dw []float32) {
	g := &op.g
	rows, width := g.n*vol3(g.small), g.width()
	cg, og := g.cb/g.groups, g.cs/g.groups
	kc := g.kvol() * cg
	for grp := range g.groups {
		gemm.Sgemm(true, false, kc, og, rows, 1, op.cols[grp*kc:], width, small[grp*og:], g.cs, 1, dw[grp*og:], g.cs)
	}
}

// convEpilogue adds the bias to each row of o and applies the ReLU.
func convEpilogue(o []float32, rows, cols int, bias []float32, relu bool) {
	switch {
	case bias != nil && relu:
		vmath.AddBiasRelu(o, rows, cols, bias)
	case bias != nil:
		vmath.AddBias(o, rows, cols, bias)
	case relu:
		vmath.Relu(o, o)
	}
}

// convSwap writes src, viewed as (n, a, b), into dst as (n, b, a); it adds
// into dst when add is set. It converts between channels_first and
// channels_last layouts.
func convSwap(dst, src []float32, n, a, b int, add bool) {
	for i := range n {
		s, d := src[i*a*b:(i+1)*a*b], dst[i*a*b:(i+1)*a*b]
		for p := range a {
			row := s[p*b : (p+1)*b]
			if add {
				for q, v := range row {
					d[q*a+p] += v
				}
				continue
			}
			for q, v := range row {
				d[q*a+p] = v
			}
		}
	}
}
