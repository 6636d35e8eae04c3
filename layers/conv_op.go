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
// The batch is split into one part per thread (gemm.ParallelFor), and each
// part is processed in blocks of images small enough for the im2col rows to
// stay in cache: per block one im2col copy and one GEMM per group, and in
// the backward pass the ReLU mask, the bias and kernel gradient GEMMs and
// the input gradient GEMM + col2im, all on the same cached block. Each part
// accumulates its own kernel and bias gradient, summed in part order
// afterwards, so results are deterministic for a given thread count.
// Scratch buffers are allocated on the first run and reused when a compiled
// plan replays the node.
type convOp struct {
	g             convGeom
	transpose     bool
	channelsFirst bool
	relu          bool

	blk    int        // images per cache block
	parts  []convPart // one per thread
	nparts int
	xl, yl []float32 // channels_last input and output (channels_first only)
	gl, dl []float32 // channels_last output and input gradients (channels_first only)

	// The running pass's arguments, read by part.
	backward      bool
	x, w, y, bias []float32 // channels_last input, kernel, output, bias
	gy, dx        []float32 // output and input gradients (nil: not wanted)
	wantDW        bool
	colSum        bool // sum the bias gradient separately
	partFn        func(lo, hi int)
}

// convBlockFloats is the target size of a block's im2col rows (1 MB).
var convBlockFloats = 1 << 18

// convPart is the scratch of one part of the batch.
type convPart struct {
	cols   []float32 // im2col rows of one block
	gz     []float32 // masked output gradient of one block
	dw, db []float32 // this part's kernel and bias gradients
}

func (op *convOp) Name() string {
	if op.transpose {
		return "conv_transpose"
	}
	return "conv"
}

// sides returns the spatial volume and channels of the op's input and
// output (big/small for a convolution, small/big for a transposed one).
func (op *convOp) sides() (inVol, inCh, outVol, outCh int) {
	bv, sv := vol3(op.g.big), vol3(op.g.small)
	if op.transpose {
		return sv, op.g.cs, bv, op.g.cb
	}
	return bv, op.g.cb, sv, op.g.cs
}

// prepare allocates the scratch on the first run (and one part's more if
// the thread count grew).
func (op *convOp) prepare(hasBias bool) {
	n := min(gemm.Threads(), op.g.n)
	op.nparts = n
	if n <= len(op.parts) {
		return
	}
	if op.parts == nil {
		op.g.ones = !op.transpose && op.g.groups == 1 && hasBias
	}
	sv, ld, width := vol3(op.g.small), op.g.ld(), op.g.width()
	_, _, outVol, outCh := op.sides()
	op.blk = max(1, min(op.g.n, convBlockFloats/max(1, sv*ld)))
	for len(op.parts) < n {
		p := convPart{cols: make([]float32, op.blk*sv*ld), gz: make([]float32, op.blk*outVol*outCh)}
		if op.g.ones {
			for r := range op.blk * sv {
				p.cols[r*ld+width] = 1
			}
		}
		op.parts = append(op.parts, p)
	}
	op.partFn = op.runParts
	if op.channelsFirst && op.xl == nil {
		inVol, inCh, _, _ := op.sides()
		op.xl = make([]float32, op.g.n*inVol*inCh)
		op.yl = make([]float32, op.g.n*outVol*outCh)
	}
}

func (op *convOp) Forward(out *tensor.Tensor, in []*tensor.Tensor) {
	op.prepare(len(in) > 2)
	inVol, inCh, outVol, outCh := op.sides()
	op.x, op.w, op.y, op.bias = in[0].Float32s(), in[1].Float32s(), out.Float32s(), nil
	if len(in) > 2 {
		op.bias = in[2].Float32s()
	}
	if op.channelsFirst {
		convSwap(op.xl, op.x, op.g.n, inCh, inVol, false)
		op.x, op.y = op.xl, op.yl
	}
	op.backward = false
	gemm.ParallelFor(op.nparts, 1, op.partFn)
	if op.channelsFirst {
		convSwap(out.Float32s(), op.y, op.g.n, outVol, outCh, false)
	}
	op.release()
}

func (op *convOp) Backward(gout, out *tensor.Tensor, in []*tensor.Tensor, gin []*tensor.Tensor) {
	op.prepare(len(in) > 2)
	inVol, inCh, outVol, outCh := op.sides()
	op.x, op.w, op.y, op.gy, op.dx = in[0].Float32s(), in[1].Float32s(), out.Float32s(), gout.Float32s(), nil
	if gin[0] != nil {
		op.dx = gin[0].Float32s()
	}
	if op.channelsFirst {
		if op.gl == nil {
			op.gl = make([]float32, len(op.gy))
			op.dl = make([]float32, len(op.x))
		}
		convSwap(op.gl, op.gy, op.g.n, outCh, outVol, false)
		op.x, op.y, op.gy = op.xl, op.yl, op.gl
		if op.dx != nil {
			op.dx = op.dl
			clear(op.dx)
		}
	}
	op.wantDW = gin[1] != nil
	wantDB := len(in) > 2 && gin[2] != nil
	fused := op.g.ones && op.wantDW // the kernel gradient GEMM yields the bias gradient
	nw := len(op.w)
	for i := range op.parts[:op.nparts] {
		p := &op.parts[i]
		if op.wantDW && p.dw == nil {
			p.dw = make([]float32, nw+outCh*boolInt(op.g.ones))
		}
		if wantDB && !fused && p.db == nil {
			p.db = make([]float32, outCh)
		}
		if op.wantDW {
			clear(p.dw)
		}
		if wantDB && !fused {
			clear(p.db)
		}
	}
	op.backward, op.colSum = true, wantDB && !fused
	gemm.ParallelFor(op.nparts, 1, op.partFn)
	for i := range op.parts[:op.nparts] {
		p := &op.parts[i]
		if op.wantDW {
			vmath.Axpy(1, p.dw[:nw], gin[1].Float32s())
		}
		switch {
		case wantDB && fused:
			vmath.Axpy(1, p.dw[nw:], gin[2].Float32s())
		case wantDB:
			vmath.Axpy(1, p.db, gin[2].Float32s())
		}
	}
	if op.dx != nil && op.channelsFirst {
		convSwap(gin[0].Float32s(), op.dx, op.g.n, inVol, inCh, true)
	}
	op.release()
}

// release drops the references to the pass's tensors.
func (op *convOp) release() {
	op.x, op.w, op.y, op.bias, op.gy, op.dx = nil, nil, nil, nil, nil, nil
}

// runParts runs parts [lo, hi) of the batch.
func (op *convOp) runParts(lo, hi int) {
	for i := lo; i < hi; i++ {
		first, last := i*op.g.n/op.nparts, (i+1)*op.g.n/op.nparts
		for b := first; b < last; b += op.blk {
			e := min(b+op.blk, last)
			if op.backward {
				op.backwardBlock(&op.parts[i], b, e)
			} else {
				op.forwardBlock(&op.parts[i], b, e)
			}
		}
	}
}

// imgs returns images [b, e) of a tensor with vol*ch values per image.
func imgs(t []float32, b, e, vol, ch int) []float32 {
	if t == nil {
		return nil
	}
	return t[b*vol*ch : e*vol*ch]
}

func (op *convOp) forwardBlock(p *convPart, b, e int) {
	inVol, inCh, outVol, outCh := op.sides()
	x, y := imgs(op.x, b, e, inVol, inCh), imgs(op.y, b, e, outVol, outCh)
	cols := p.cols[:(e-b)*vol3(op.g.small)*op.g.ld()]
	if op.transpose {
		op.spread(x, cols)
		clear(y)
		op.g.col2im(cols, y, e-b)
	} else {
		op.g.im2col(x, cols, e-b)
		op.corr(cols, y, 0)
	}
	switch {
	case op.bias != nil && op.relu:
		vmath.AddBiasRelu(y, (e-b)*outVol, outCh, op.bias)
	case op.bias != nil:
		vmath.AddBias(y, (e-b)*outVol, outCh, op.bias)
	case op.relu:
		vmath.Relu(y, y)
	}
}

func (op *convOp) backwardBlock(p *convPart, b, e int) {
	inVol, inCh, outVol, outCh := op.sides()
	x, dx := imgs(op.x, b, e, inVol, inCh), imgs(op.dx, b, e, inVol, inCh)
	gz := imgs(op.gy, b, e, outVol, outCh)
	if op.relu {
		m := p.gz[:len(gz)]
		vmath.ReluGrad(m, gz, imgs(op.y, b, e, outVol, outCh))
		gz = m
	}
	if op.colSum {
		for r := range (e - b) * outVol {
			vmath.Axpy(1, gz[r*outCh:(r+1)*outCh], p.db)
		}
	}
	cols := p.cols[:(e-b)*vol3(op.g.small)*op.g.ld()]
	if op.transpose { // output = big side
		op.g.im2col(gz, cols, e-b)
		if dx != nil {
			op.corr(cols, dx, 1)
		}
		if op.wantDW {
			op.kernelGrad(cols, x, p.dw)
		}
		return
	}
	if op.wantDW {
		op.g.im2col(x, cols, e-b)
		op.kernelGrad(cols, gz, p.dw)
	}
	if dx != nil {
		op.spread(gz, cols)
		op.g.col2im(cols, dx, e-b)
	}
}

// corr sets small = beta*small + cols · W, one GEMM per group.
func (op *convOp) corr(cols, small []float32, beta float32) {
	g := &op.g
	rows, ld, kc, og := len(cols)/g.ld(), g.ld(), g.width()/g.groups, g.cs/g.groups
	for grp := range g.groups {
		gemm.Sgemm(false, false, rows, og, kc, 1, cols[grp*kc:], ld, op.w[grp*og:], g.cs, beta, small[grp*og:], g.cs)
	}
}

// spread sets cols = small · Wᵀ, one GEMM per group.
func (op *convOp) spread(small, cols []float32) {
	g := &op.g
	rows, ld, kc, og := len(cols)/g.ld(), g.ld(), g.width()/g.groups, g.cs/g.groups
	for grp := range g.groups {
		gemm.Sgemm(false, true, rows, kc, og, 1, small[grp*og:], g.cs, op.w[grp*og:], g.cs, 0, cols[grp*kc:], ld)
	}
}

// kernelGrad adds colsᵀ · small to dw, one GEMM per group. With g.ones,
// the extra row of dw receives the column sums of small (the bias
// gradient).
func (op *convOp) kernelGrad(cols, small, dw []float32) {
	g := &op.g
	rows, ld, kc, og := len(cols)/g.ld(), g.ld(), g.width()/g.groups, g.cs/g.groups
	m := kc + boolInt(g.ones)
	for grp := range g.groups {
		gemm.Sgemm(true, false, m, og, rows, 1, cols[grp*kc:], ld, small[grp*og:], g.cs, 1, dw[grp*og:], g.cs)
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

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
