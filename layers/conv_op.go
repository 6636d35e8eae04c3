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
// The batch is split into a fixed number of parts (convParts, independent
// of the thread count), each with its own kernel and bias gradient
// accumulators, summed in part order afterwards, so results are the same
// for every thread count. The parts are shared out over one worker per
// thread (gemm.ParallelFor), and each worker processes its images in blocks
// small enough for the im2col rows to stay in cache: per block one im2col
// copy and one GEMM per group, and in the backward pass the ReLU mask, the
// bias and kernel gradient GEMMs and the input gradient GEMM + col2im, all
// on the same cached block. Both backward GEMMs take the output gradient as
// their A operand (the kernel gradient is accumulated transposed, the input
// gradient multiplies by the transposed kernel), so that gemm's sparse-A
// path skips its zeros: behind a ReLU and a max pooling most values are
// zero. Convolutions with few taps per output (such as
// a first layer on 1- or 3-channel images) skip im2col and the GEMMs: they
// run the direct kernels of conv_direct.go. Scratch buffers are allocated
// on the first run and reused when a compiled plan replays the node.
type convOp struct {
	g             convGeom
	transpose     bool
	channelsFirst bool
	relu          bool

	blk    int        // images per cache block
	parts  []convPart // fixed partition of the batch
	work   []convWork // one per worker
	nwork  int
	direct *convDirect // few-tap direct kernels (nil: im2col + GEMM)
	mask   []uint8     // direct kernels with ReLU: the forward's ReLU bits
	wt     []float32   // the kernel transposed to (cs, kvol*cb/groups), see spread
	xl, yl []float32   // channels_last input and output (channels_first only)
	gl, dl []float32   // channels_last output and input gradients (channels_first only)

	// The running pass's arguments, read by the workers.
	backward      bool
	x, w, y, bias []float32 // channels_last input, kernel, output, bias
	gy, dx        []float32 // output and input gradients (nil: not wanted)
	wantDW        bool
	colSum        bool // sum the bias gradient separately
	dxSet         bool // write dx block by block instead of adding to it
	workFn        func(lo, hi int)
}

// convBlockFloats is the target size of a block's im2col rows (1 MB).
var convBlockFloats = 1 << 18

// convParts is the number of parts the batch is split into (at most one
// per image).
const convParts = 8

// convPart is one part of the batch: its kernel and bias gradients. On the
// im2col path of a forward convolution (gradT) dw is transposed, cs rows of
// kc (+1: the bias gradient, with g.ones) values.
type convPart struct {
	dw, db []float32
}

// convWork is the scratch of one worker.
type convWork struct {
	cols []float32 // im2col rows of one block (allocated when first used)
	gz   []float32 // masked output gradient of one block
	img  []float32 // one zero-padded input image (direct kernels with padding)
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

// prepare allocates the scratch on the first run (and one worker's more if
// the thread count grew).
func (op *convOp) prepare(hasBias bool) {
	if op.parts == nil {
		op.direct = newConvDirect(&op.g, op.transpose)
		op.g.ones = op.direct == nil && !op.transpose && op.g.groups == 1 && hasBias
		op.parts = make([]convPart, min(convParts, op.g.n))
		sv, rows := vol3(op.g.small), op.g.ld()
		if op.direct != nil { // blocks of masked output gradients
			sv, rows = vol3(op.g.small), op.g.cs
		}
		op.blk = max(1, min(op.g.n, convBlockFloats/max(1, sv*rows)))
		op.workFn = op.runWorkers
		if op.direct != nil && op.relu {
			op.mask = make([]uint8, op.g.n*vol3(op.g.small)*op.g.cs/8)
		}
		if op.channelsFirst {
			inVol, inCh, outVol, outCh := op.sides()
			op.xl = make([]float32, op.g.n*inVol*inCh)
			op.yl = make([]float32, op.g.n*outVol*outCh)
		}
	}
	n := min(gemm.Threads(), len(op.parts))
	op.nwork = n
	_, _, outVol, outCh := op.sides()
	for len(op.work) < n {
		w := convWork{gz: make([]float32, op.blk*outVol*outCh)}
		if op.direct != nil && op.direct.padded {
			w.img = make([]float32, vol3(op.direct.dims)*op.g.cb)
		}
		op.work = append(op.work, w)
	}
}

// colsOf returns the worker's im2col scratch for images [b, e), allocating
// it on first use.
func (op *convOp) colsOf(w *convWork, b, e int) []float32 {
	sv, ld, width := vol3(op.g.small), op.g.ld(), op.g.width()
	if w.cols == nil {
		w.cols = make([]float32, op.blk*sv*ld)
		if op.g.ones {
			for r := range op.blk * sv {
				w.cols[r*ld+width] = 1
			}
		}
	}
	return w.cols[:(e-b)*sv*ld]
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
	if op.transpose {
		op.transposeKernel()
	}
	gemm.ParallelFor(op.nwork, 1, op.workFn)
	if op.channelsFirst {
		convSwap(out.Float32s(), op.y, op.g.n, outVol, outCh, false)
	}
	op.release()
}

func (op *convOp) Backward(gout, out *tensor.Tensor, in []*tensor.Tensor, gin []*tensor.Tensor) {
	op.backwardPass(gout, out, in, gin, false)
}

// BackwardOverwrite writes a first-written input gradient block by block
// (cleared while in cache, or GEMM beta 0) instead of adding to it; the
// small first-written kernel and bias gradients are cleared first.
func (op *convOp) BackwardOverwrite(gout, out *tensor.Tensor, in []*tensor.Tensor, gin []*tensor.Tensor, first []bool) {
	for i := 1; i < len(gin); i++ {
		if gin[i] != nil && first[i] {
			clear(gin[i].Float32s())
		}
	}
	op.backwardPass(gout, out, in, gin, gin[0] != nil && first[0])
}

func (op *convOp) backwardPass(gout, out *tensor.Tensor, in []*tensor.Tensor, gin []*tensor.Tensor, setDX bool) {
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
	for i := range op.parts {
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
	op.dxSet = setDX && !op.channelsFirst // channels_first: the scratch dl is cleared above
	if op.dx != nil {
		op.transposeKernel()
	}
	gemm.ParallelFor(op.nwork, 1, op.workFn)
	if op.gradT() {
		op.addKernelGradT(gin, wantDB)
	} else {
		for i := range op.parts {
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
	}
	if op.dx != nil && op.channelsFirst {
		convSwap(gin[0].Float32s(), op.dx, op.g.n, inVol, inCh, !setDX)
	}
	op.dxSet = false
	op.release()
}

// release drops the references to the pass's tensors.
func (op *convOp) release() {
	op.x, op.w, op.y, op.bias, op.gy, op.dx = nil, nil, nil, nil, nil, nil
}

// runWorkers runs workers [lo, hi): worker i processes parts
// [i*P/nwork, (i+1)*P/nwork) of the P parts, image block by image block.
func (op *convOp) runWorkers(lo, hi int) {
	np := len(op.parts)
	for i := lo; i < hi; i++ {
		w := &op.work[i]
		for j := i * np / op.nwork; j < (i+1)*np/op.nwork; j++ {
			p := &op.parts[j]
			first, last := j*op.g.n/np, (j+1)*op.g.n/np
			for b := first; b < last; b += op.blk {
				e := min(b+op.blk, last)
				if op.backward {
					op.backwardBlock(w, p, b, e)
				} else {
					op.forwardBlock(w, b, e)
				}
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

// imgMask returns the ReLU bits of images [b, e) (nil without a mask).
func imgMask(mask []uint8, b, e, outImg int) []uint8 {
	if mask == nil {
		return nil
	}
	return mask[b*outImg/8 : e*outImg/8]
}

func (op *convOp) forwardBlock(w *convWork, b, e int) {
	inVol, inCh, outVol, outCh := op.sides()
	x, y := imgs(op.x, b, e, inVol, inCh), imgs(op.y, b, e, outVol, outCh)
	if op.direct != nil {
		op.direct.forward(w.img, x, y, op.w, op.bias, imgMask(op.mask, b, e, outVol*outCh))
		return
	}
	cols := op.colsOf(w, b, e)
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

func (op *convOp) backwardBlock(w *convWork, p *convPart, b, e int) {
	inVol, inCh, outVol, outCh := op.sides()
	x, dx := imgs(op.x, b, e, inVol, inCh), imgs(op.dx, b, e, inVol, inCh)
	gz := imgs(op.gy, b, e, outVol, outCh)
	if op.direct != nil {
		var dw, db []float32
		if op.wantDW {
			dw = p.dw
		}
		if op.colSum {
			db = p.db
		}
		if dw != nil || db != nil {
			op.direct.kernelGrad(w.img, w.gz, x, gz, imgMask(op.mask, b, e, outVol*outCh), dw, db)
		}
		if dx == nil {
			return
		}
	}
	if op.relu {
		m := w.gz[:len(gz)]
		vmath.ReluGrad(m, gz, imgs(op.y, b, e, outVol, outCh))
		gz = m
	}
	if op.dxSet && !op.transpose {
		clear(dx) // col2im adds
	}
	if op.direct != nil { // the input gradient
		cols := op.colsOf(w, b, e)
		op.spread(gz, cols)
		op.g.col2im(cols, dx, e-b)
		return
	}
	if op.colSum {
		for r := range (e - b) * outVol {
			vmath.Axpy(1, gz[r*outCh:(r+1)*outCh], p.db)
		}
	}
	cols := op.colsOf(w, b, e)
	if op.transpose { // output = big side
		op.g.im2col(gz, cols, e-b)
		if dx != nil {
			op.corr(cols, dx, betaOf(!op.dxSet))
		}
		if op.wantDW {
			op.kernelGrad(cols, x, p.dw)
		}
		return
	}
	if op.wantDW {
		op.g.im2col(x, cols, e-b)
		op.kernelGradT(cols, gz, p.dw)
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

// transposeKernel fills op.wt with the kernel W (kc × cs, kc = the
// im2col width per group) transposed: wt[o*kc+k] = W[k*cs+o].
func (op *convOp) transposeKernel() {
	g := &op.g
	kc := g.width() / g.groups
	if op.wt == nil {
		op.wt = make([]float32, len(op.w))
	}
	for k := range kc {
		for o, v := range op.w[k*g.cs : (k+1)*g.cs] {
			op.wt[o*kc+k] = v
		}
	}
}

// spread sets cols = small · Wᵀ, one GEMM per group, with the transposed
// kernel op.wt as an untransposed B: the GEMM then skips the zeros of
// small (output gradients behind a ReLU and a max pooling are mostly
// zeros) when they are sparse enough.
func (op *convOp) spread(small, cols []float32) {
	g := &op.g
	rows, ld, kc, og := len(cols)/g.ld(), g.ld(), g.width()/g.groups, g.cs/g.groups
	for grp := range g.groups {
		gemm.Sgemm(false, false, rows, kc, og, 1, small[grp*og:], g.cs, op.wt[grp*og*kc:], kc, 0, cols[grp*kc:], ld)
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

// gradT reports whether the parts accumulate the kernel gradient
// transposed (kernelGradT): forward convolutions through im2col.
func (op *convOp) gradT() bool { return !op.transpose && op.direct == nil }

// kernelGradT adds smallᵀ · cols to dwt, the transposed kernel gradient
// (cs × (kc+ones)), one GEMM per group: the output gradient small is the
// GEMM's A, whose zeros it can skip. With g.ones, the last column of dwt
// receives the row sums of smallᵀ (the bias gradient).
func (op *convOp) kernelGradT(cols, small, dwt []float32) {
	g := &op.g
	rows, ld, kc, og := len(cols)/g.ld(), g.ld(), g.width()/g.groups, g.cs/g.groups
	n := kc + boolInt(g.ones)
	for grp := range g.groups {
		gemm.Sgemm(true, false, og, n, rows, 1, small[grp*og:], g.cs, cols[grp*kc:], ld, 1, dwt[grp*og*n:], n)
	}
}

// addKernelGradT sums the parts' transposed kernel gradients (in part
// order, into the first part's) and adds them, transposed back, to the
// kernel gradient, and their ones column (or the parts' separate bias
// sums) to the bias gradient when wantDB.
func (op *convOp) addKernelGradT(gin []*tensor.Tensor, wantDB bool) {
	g := &op.g
	kc := g.width() / g.groups
	n := kc + boolInt(g.ones)
	if op.wantDW {
		acc := op.parts[0].dw
		for i := 1; i < len(op.parts); i++ {
			vmath.Axpy(1, op.parts[i].dw, acc)
		}
		dw := gin[1].Float32s()
		for o := range g.cs {
			row := acc[o*n : (o+1)*n]
			for k, v := range row[:kc] {
				dw[k*g.cs+o] += v
			}
		}
		if wantDB && g.ones {
			db := gin[2].Float32s()
			for o := range g.cs {
				db[o] += acc[o*n+kc]
			}
			return
		}
	}
	if wantDB {
		for i := range op.parts {
			vmath.Axpy(1, op.parts[i].db, gin[2].Float32s())
		}
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

// betaOf is the GEMM beta that adds (1) or writes (0).
func betaOf(add bool) float32 {
	if add {
		return 1
	}
	return 0
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
