package layers

import (
	"github.com/gokeras/keras/internal/gemm"
	"github.com/gokeras/keras/internal/vmath"
)

// The step products read the recurrent kernel packed once per sequence: R
// in Forward, R^T in Backward (op.packedR).

// lstmStep runs step s: z = x·W + h·R + b; i, f, o = ract(z_i, z_f, z_o),
// g = act(z_c); c' = f·c + i·g; h' = o·act(c'). The batch rows are split over
// the threads, each doing its rows' recurrent matmul and gate math (a row's
// result does not depend on the split).
func (op *rnnOp) lstmStep(s int, hin, gates, R, bias []float32) {
	if s == 0 {
		op.packedR.Pack(false, op.u, 4*op.u, R, 4*op.u)
	}
	op.runRows(op.stepRowsFn, stepArgs{s: s, hin: hin, gates: gates, R: R, bias: bias})
}

// lstmRows does rows [lo, hi) of the current forward step.
func (op *rnnOp) lstmRows(lo, hi int) {
	a := &op.cur
	B, U := op.b, op.u
	BU, GU := B*U, 4*U
	s := a.s
	gemm.SgemmPacked(false, hi-lo, 1, a.hin[lo*U:hi*U], U, &op.packedR, 1, a.gates[lo*GU:hi*GU], GU)
	cp, cn := op.cs[s*BU:(s+1)*BU], op.cs[(s+1)*BU:(s+2)*BU]
	hn := op.hs[(s+1)*BU : (s+2)*BU]
	tc := op.aux[s*BU : (s+1)*BU]
	fused := op.defaultActivations()
	for b := lo; b < hi; b++ {
		row := a.gates[b*GU : (b+1)*GU]
		c, cprev := cn[b*U:(b+1)*U], cp[b*U:(b+1)*U]
		t, h := tc[b*U:(b+1)*U], hn[b*U:(b+1)*U]
		if fused {
			vmath.LSTMCell(row, a.bias[:GU], cprev, c, t, h)
			continue
		}
		vmath.Add(row, row, a.bias[:GU])
		op.ract.apply(row[:2*U], row[:2*U])
		op.act.apply(row[2*U:3*U], row[2*U:3*U])
		op.ract.apply(row[3*U:], row[3*U:])
		ig, fg, gg, og := row[:U], row[U:2*U], row[2*U:3*U], row[3*U:]
		for j := range c {
			c[j] = fg[j]*cprev[j] + ig[j]*gg[j]
		}
		op.act.apply(t, c)
		for j := range h {
			h[j] = og[j] * t[j]
		}
	}
}

// lstmGrad is the backward of step s: the gate gradients (into dz), the
// gradient of the previous carry (gcn) and, through R, of the previous h
// (ghn). Rows are split over the threads as in lstmStep.
func (op *rnnOp) lstmGrad(s int, dz, R []float32, useR bool) {
	if s == op.t-1 {
		op.packedR.Pack(true, 4*op.u, op.u, R, 4*op.u) // R^T
	}
	op.runRows(op.gradRowsFn, stepArgs{s: s, R: R, dz: dz, useR: useR})
}

// lstmGradRows does rows [lo, hi) of the current backward step.
func (op *rnnOp) lstmGradRows(lo, hi int) {
	a := &op.cur
	B, U := op.b, op.u
	BU, GU := B*U, 4*U
	s := a.s
	gates := op.xp[s*B*GU : (s+1)*B*GU]
	cp := op.cs[s*BU : (s+1)*BU]
	tc := op.aux[s*BU : (s+1)*BU]
	fused := op.defaultActivations()
	for b := lo; b < hi; b++ {
		row, d := gates[b*GU:(b+1)*GU], a.dz[b*GU:(b+1)*GU]
		if op.iMask >= 0 && !op.mask[s*B+b] {
			clear(d) // a masked step passes its states through unchanged
			continue
		}
		if fused {
			vmath.LSTMCellGrad(row, cp[b*U:(b+1)*U], tc[b*U:(b+1)*U], op.gh[b*U:(b+1)*U],
				op.gc[b*U:(b+1)*U], d, op.gcn[b*U:(b+1)*U])
			continue
		}
		for j := 0; j < U; j++ {
			k := b*U + j
			ig, fg, gg, og := row[j], row[U+j], row[2*U+j], row[3*U+j]
			dh, t := op.gh[k], tc[k]
			dc := op.gc[k] + dh*og*op.act.grad(t)
			d[j] = dc * gg * op.ract.grad(ig)
			d[U+j] = dc * cp[k] * op.ract.grad(fg)
			d[2*U+j] = dc * ig * op.act.grad(gg)
			d[3*U+j] = dh * t * op.ract.grad(og)
			op.gcn[k] = dc * fg
		}
	}
	ghn := op.ghn[lo*U : hi*U]
	gemm.SgemmPacked(false, hi-lo, 1, a.dz[lo*GU:hi*GU], GU, &op.packedR, 0, ghn, U)
	if a.useR {
		vmath.Mul(ghn, ghn, op.rmask[lo*U:hi*U])
	}
}
