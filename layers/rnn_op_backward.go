package layers

import (
	"github.com/gokeras/keras/internal/gemm"
	"github.com/gokeras/keras/internal/vmath"
	"github.com/gokeras/keras/tensor"
)

// Backward is backpropagation through time over the activations Forward
// kept: per step, the gate gradients and one GEMM for the gradient of the
// previous h; then one GEMM each for the kernel, recurrent kernel and input
// gradients over all steps.
func (op *rnnOp) Backward(gout, out *tensor.Tensor, in []*tensor.Tensor, gin []*tensor.Tensor) {
	op.allocBackward()
	B, T, I, U := op.b, op.t, op.i, op.u
	GU, BU := op.g*U, B*U
	useR := op.training && op.recDropout > 0
	useD := op.training && op.dropout > 0
	R := in[2].Float32s()
	g := gout.Float32s()
	rows := op.rows()
	nOut := rows - op.nStates
	clear(op.gh)
	clear(op.gc)
	clear(op.gcarry)
	for b := 0; b < B; b++ {
		if op.nStates > 0 {
			vmath.Add(op.gh[b*U:(b+1)*U], op.gh[b*U:(b+1)*U], g[(b*rows+nOut)*U:(b*rows+nOut+1)*U])
		}
		if op.nStates > 1 {
			vmath.Add(op.gc[b*U:(b+1)*U], op.gc[b*U:(b+1)*U], g[(b*rows+nOut+1)*U:(b*rows+nOut+2)*U])
		}
	}
	for s := T - 1; s >= 0; s-- {
		op.outputGrad(s, g, rows)
		dz := op.dz[s*B*GU : (s+1)*B*GU]
		switch op.kind {
		case kindSimpleRNN:
			hn := op.hs[(s+1)*BU : (s+2)*BU]
			for k := range dz {
				dz[k] = op.gh[k] * op.act.grad(hn[k])
			}
			op.maskGrads(s, dz, nil)
			gemm.Sgemm(false, true, B, U, U, 1, dz, U, R, U, 0, op.ghn, U)
			if useR {
				vmath.Mul(op.ghn, op.ghn, op.rmask)
			}
		case kindLSTM:
			op.lstmGrad(s, dz, R, useR)
		case kindGRU:
			op.runRows(op.gradRowsFn, stepArgs{s: s, dz: dz, R: R, useR: useR})
		}
		if op.kind != kindSimpleRNN && op.iBias >= 0 && gin[op.iBias] != nil {
			// The bias gradient is summed while the step's gradients are in cache.
			gb := gin[op.iBias].Float32s()
			for b := 0; b < B; b++ {
				vmath.Add(gb[:GU], gb[:GU], dz[b*GU:(b+1)*GU])
			}
			if op.kind == kindGRU && op.resetAfter {
				dzr := op.dzr[s*B*GU : (s+1)*B*GU]
				for b := 0; b < B; b++ {
					vmath.Add(gb[GU:2*GU], gb[GU:2*GU], dzr[b*GU:(b+1)*GU])
				}
			}
		}
		if op.iMask >= 0 {
			for b := 0; b < B; b++ {
				if !op.mask[s*B+b] {
					copy(op.ghn[b*U:(b+1)*U], op.gh[b*U:(b+1)*U])
					if op.kind == kindLSTM {
						copy(op.gcn[b*U:(b+1)*U], op.gc[b*U:(b+1)*U])
					}
				}
			}
		}
		op.gh, op.ghn = op.ghn, op.gh
		op.gc, op.gcn = op.gcn, op.gc
	}
	if op.iH0 >= 0 && gin[op.iH0] != nil {
		vmath.Add(gin[op.iH0].Float32s(), gin[op.iH0].Float32s(), op.gh)
	}
	if op.iC0 >= 0 && gin[op.iC0] != nil {
		vmath.Add(gin[op.iC0].Float32s(), gin[op.iC0].Float32s(), op.gc)
	}
	tb := T * B
	if gin[1] != nil {
		gemm.Sgemm(true, false, I, GU, tb, 1, op.xs, I, op.dz, GU, 1, gin[1].Float32s(), GU)
	}
	if gin[2] != nil {
		hinAll := op.hs[:tb*U]
		if useR {
			hinAll = op.hd
		}
		gR := gin[2].Float32s()
		if op.kind == kindGRU && !op.resetAfter {
			gemm.Sgemm(true, false, U, 2*U, tb, 1, hinAll, U, op.dz, GU, 1, gR, GU)
			gemm.Sgemm(true, false, U, U, tb, 1, op.aux, U, op.dz[2*U:], GU, 1, gR[2*U:], GU)
		} else {
			gemm.Sgemm(true, false, U, GU, tb, 1, hinAll, U, op.dzr, GU, 1, gR, GU)
		}
	}
	if op.iBias >= 0 && gin[op.iBias] != nil {
		if op.kind == kindSimpleRNN {
			vmath.ColSum(gin[op.iBias].Float32s()[:GU], op.dz, tb, GU)
		}
	}
	if gin[0] != nil {
		W := in[1].Float32s()
		gemm.Sgemm(false, true, tb, I, GU, 1, op.dz, GU, W, GU, 0, op.dxs, I)
		gx := gin[0].Float32s()
		for s := 0; s < T; s++ {
			ts := op.timeOf(s)
			for b := 0; b < B; b++ {
				src := op.dxs[(s*B+b)*I : (s*B+b+1)*I]
				if useD {
					vmath.Mul(src, src, op.dmask[b*I:(b+1)*I])
				}
				dst := gx[(b*T+ts)*I : (b*T+ts+1)*I]
				vmath.Add(dst, dst, src)
			}
		}
	}
}

// outputGrad adds the gradient of step s's output to gh. With a mask, the
// output of a masked step is the previous output (or zeros), so its
// gradient is carried back to the last valid step.
func (op *rnnOp) outputGrad(s int, g []float32, rows int) {
	B, U := op.b, op.u
	var r int
	switch {
	case op.seqOut:
		r = s
	case s == op.t-1:
		r = 0
	default:
		r = -1
	}
	for b := 0; b < B; b++ {
		gh := op.gh[b*U : (b+1)*U]
		var src []float32
		if r >= 0 {
			src = g[(b*rows+r)*U : (b*rows+r+1)*U]
		}
		if op.iMask < 0 {
			if src != nil {
				vmath.Add(gh, gh, src)
			}
			continue
		}
		carry := op.gcarry[b*U : (b+1)*U]
		if src != nil {
			vmath.Add(carry, carry, src)
		}
		if op.mask[s*B+b] {
			vmath.Add(gh, gh, carry)
			clear(carry)
		} else if op.zeroMasked {
			clear(carry)
		}
	}
}

// maskGrads zeroes the gate gradients of rows masked at step s.
func (op *rnnOp) maskGrads(s int, dz, dzr []float32) { op.maskGradRows(s, dz, dzr, 0, op.b) }

// maskGradRows is maskGrads for the batch rows [lo, hi).
func (op *rnnOp) maskGradRows(s int, dz, dzr []float32, lo, hi int) {
	if op.iMask < 0 {
		return
	}
	GU := op.g * op.u
	for b := lo; b < hi; b++ {
		if !op.mask[s*op.b+b] {
			clear(dz[b*GU : (b+1)*GU])
			if dzr != nil {
				clear(dzr[b*GU : (b+1)*GU])
			}
		}
	}
}
