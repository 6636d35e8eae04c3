package layers

import (
	"github.com/gokeras/keras/internal/gemm"
	"github.com/gokeras/keras/internal/vmath"
)

// gruRows does rows [lo, hi) of GRU step op.cur.s:
// z, r = ract(x_z + h·R_z (+b), x_r + h·R_r (+b));
// reset_after: hh = act(x_h + r·(h·R_h + b_h)); otherwise hh = act(x_h +
// (r·h)·R_h); h' = z·h + (1-z)·hh. hin is h after recurrent dropout, hp
// before it.
func (op *rnnOp) gruRows(lo, hi int) {
	a := &op.cur
	B, U := op.b, op.u
	BU, GU := B*U, 3*U
	s, m := a.s, hi-lo
	hn := op.hs[(s+1)*BU : (s+2)*BU]
	aux := op.aux[s*BU : (s+1)*BU]
	gates, hin, hp := a.gates, a.hin, a.hp
	st := op.stepBuf
	if a.bias != nil {
		for b := lo; b < hi; b++ {
			vmath.Add(gates[b*GU:(b+1)*GU], gates[b*GU:(b+1)*GU], a.bias[:GU])
		}
	}
	if op.resetAfter {
		gemm.Sgemm(false, false, m, GU, U, 1, hin[lo*U:hi*U], U, a.R, GU, 0, st[lo*GU:hi*GU], GU)
		if a.bias != nil {
			vmath.AddBias(st[lo*GU:hi*GU], m, GU, a.bias[GU:])
		}
		for b := lo; b < hi; b++ {
			row, sr := gates[b*GU:(b+1)*GU], st[b*GU:(b+1)*GU]
			vmath.Add(row[:2*U], row[:2*U], sr[:2*U])
			op.ract.apply(row[:2*U], row[:2*U])
			rg, rh, xh := row[U:2*U], sr[2*U:], row[2*U:]
			copy(aux[b*U:(b+1)*U], rh)
			for j := range xh {
				xh[j] += rg[j] * rh[j]
			}
			op.act.apply(xh, xh)
		}
	} else {
		gemm.Sgemm(false, false, m, 2*U, U, 1, hin[lo*U:hi*U], U, a.R, GU, 0, st[lo*2*U:hi*2*U], 2*U)
		for b := lo; b < hi; b++ {
			row, sr := gates[b*GU:(b+1)*GU], st[b*2*U:(b+1)*2*U]
			vmath.Add(row[:2*U], row[:2*U], sr)
			op.ract.apply(row[:2*U], row[:2*U])
			vmath.Mul(aux[b*U:(b+1)*U], row[U:2*U], hin[b*U:(b+1)*U])
		}
		gemm.Sgemm(false, false, m, U, U, 1, aux[lo*U:hi*U], U, a.R[2*U:], GU, 1, gates[lo*GU+2*U:hi*GU], GU)
		for b := lo; b < hi; b++ {
			xh := gates[b*GU+2*U : (b+1)*GU]
			op.act.apply(xh, xh)
		}
	}
	for b := lo; b < hi; b++ {
		row := gates[b*GU : (b+1)*GU]
		z, hh := row[:U], row[2*U:]
		h, p := hn[b*U:(b+1)*U], hp[b*U:(b+1)*U]
		for j := range h {
			h[j] = z[j]*p[j] + (1-z[j])*hh[j]
		}
	}
}

// gruGradRows writes, for rows [lo, hi) of step op.cur.s, the
// pre-activation gradients and the gradient of the previous h into ghn.
func (op *rnnOp) gruGradRows(lo, hi int) {
	a := &op.cur
	B, U := op.b, op.u
	BU, GU := B*U, 3*U
	s, m, dz, R := a.s, hi-lo, a.dz, a.R
	gates := op.xp[s*B*GU : (s+1)*B*GU]
	hp := op.hs[s*BU : (s+1)*BU]
	aux := op.aux[s*BU : (s+1)*BU]
	direct := op.tmp
	ghn := op.ghn[lo*U : hi*U]
	if op.resetAfter {
		dzr := op.dzr[s*B*GU : (s+1)*B*GU]
		for b := lo; b < hi; b++ {
			row, d, dr := gates[b*GU:(b+1)*GU], dz[b*GU:(b+1)*GU], dzr[b*GU:(b+1)*GU]
			if op.defaultActivations() {
				op.gruGradRowDefault(b, row, d, dr, hp, aux, direct)
				continue
			}
			for j := 0; j < U; j++ {
				k := b*U + j
				z, r, hh, gh := row[j], row[U+j], row[2*U+j], op.gh[k]
				dpre := gh * (1 - z) * op.act.grad(hh)
				d[j] = gh * (hp[k] - hh) * op.ract.grad(z)
				d[U+j] = dpre * aux[k] * op.ract.grad(r)
				d[2*U+j] = dpre
				dr[j], dr[U+j], dr[2*U+j] = d[j], d[U+j], dpre*r
				direct[k] = gh * z
			}
		}
		op.maskGradRows(s, dz, dzr, lo, hi)
		gemm.Sgemm(false, true, m, U, GU, 1, dzr[lo*GU:hi*GU], GU, R, GU, 0, ghn, U)
	} else {
		hin := hp
		if a.useR {
			hin = op.hd[s*BU : (s+1)*BU]
		}
		for b := lo; b < hi; b++ {
			row, d := gates[b*GU:(b+1)*GU], dz[b*GU:(b+1)*GU]
			for j := 0; j < U; j++ {
				k := b*U + j
				z, hh, gh := row[j], row[2*U+j], op.gh[k]
				d[j] = gh * (hp[k] - hh) * op.ract.grad(z)
				d[2*U+j] = gh * (1 - z) * op.act.grad(hh)
				direct[k] = gh * z
			}
		}
		op.maskGradRows(s, dz, nil, lo, hi)
		drh := ghn // d(r·hin), before ghn is needed
		gemm.Sgemm(false, true, m, U, U, 1, dz[lo*GU+2*U:hi*GU], GU, R[2*U:], GU, 0, drh, U)
		for b := lo; b < hi; b++ {
			row, d := gates[b*GU:(b+1)*GU], dz[b*GU:(b+1)*GU]
			for j := 0; j < U; j++ {
				k := b*U + j
				r := row[U+j]
				d[U+j] = drh[k-lo*U] * hin[k] * op.ract.grad(r)
				drh[k-lo*U] *= r
			}
		}
		op.maskGradRows(s, dz, nil, lo, hi)
		gemm.Sgemm(false, true, m, U, 2*U, 1, dz[lo*GU:hi*GU], GU, R, GU, 1, ghn, U)
	}
	if a.useR {
		vmath.Mul(ghn, ghn, op.rmask[lo*U:hi*U])
	}
	vmath.Add(ghn, ghn, direct[lo*U:hi*U])
}

// gruGradRowDefault is the reset_after gate-gradient loop of gruGradRows
// for row b with Keras's default activations (tanh, sigmoid), with the
// derivatives written out instead of dispatched per element (the same
// arithmetic, so the same bits).
func (op *rnnOp) gruGradRowDefault(b int, row, d, dr, hp, aux, direct []float32) {
	U := op.u
	zs, rs, hhs := row[:U], row[U:2*U], row[2*U:3*U]
	dzz, dzr, dzh := d[:U], d[U:2*U], d[2*U:3*U]
	drz, drr, drh := dr[:U], dr[U:2*U], dr[2*U:3*U]
	gh, hpr, ax, dir := op.gh[b*U:(b+1)*U], hp[b*U:(b+1)*U], aux[b*U:(b+1)*U], direct[b*U:(b+1)*U]
	for j, z := range zs {
		r, hh, g := rs[j], hhs[j], gh[j]
		dpre := g * (1 - z) * (1 - hh*hh)
		dzz[j] = g * (hpr[j] - hh) * (z * (1 - z))
		dzr[j] = dpre * ax[j] * (r * (1 - r))
		dzh[j] = dpre
		drz[j], drr[j], drh[j] = dzz[j], dzr[j], dpre*r
		dir[j] = g * z
	}
}
