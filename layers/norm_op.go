package layers

import (
	"math"

	"github.com/gokeras/keras/tensor"
)

// normKind selects the formula of a normOp.
type normKind int

const (
	// normCenter: y = (x - mean) * rsqrt(var + eps) * gamma + beta, with the
	// (biased) moments of x over each statistics group (BatchNormalization in
	// training, LayerNormalization, GroupNormalization).
	normCenter normKind = iota
	// normFixed: as normCenter but mean and variance are inputs
	// (BatchNormalization in inference, with the moving statistics).
	normFixed
	// normRMS: y = x * rsqrt(mean(x^2) + eps) * gamma (RMSNormalization).
	normRMS
	// normVarScale: y = x * rsqrt(var + eps) * gamma: Keras's deprecated
	// LayerNormalization(rms_scaling=True), which scales by the variance.
	normVarScale
	// normUnit: y = x * rsqrt(max(sum(x^2), eps)) (UnitNormalization, the
	// normalize of Dot).
	normUnit
)

// normView describes how the elements of x map onto statistics groups and
// parameters. x is seen as rows of a contiguous last axis; each row has a
// statistics offset and a parameter offset, and along the last axis both
// advance by 0 or 1.
type normView struct {
	size, inner    int
	rowStat        []int32
	rowParam       []int32
	sInner, pInner int
	nStats         int
	count          int // elements per statistics group
}

// newNormView builds the view of a tensor of shape s, where stat[i] says
// that axis i indexes the statistics (is not reduced) and param[i] that it
// indexes gamma and beta.
func newNormView(s tensor.Shape, stat, param []bool) normView {
	// Merge adjacent axes with the same flags; drop size-1 axes.
	var dims []int
	var sf, pf []bool
	for i, d := range s {
		if d == 1 {
			continue
		}
		if n := len(dims); n > 0 && sf[n-1] == stat[i] && pf[n-1] == param[i] {
			dims[n-1] *= d
			continue
		}
		dims, sf, pf = append(dims, d), append(sf, stat[i]), append(pf, param[i])
	}
	if len(dims) == 0 {
		dims, sf, pf = []int{1}, []bool{true}, []bool{true}
	}
	r := len(dims)
	sst, pst := make([]int, r), make([]int, r)
	ns, np := 1, 1
	for i := r - 1; i >= 0; i-- {
		if sf[i] {
			sst[i] = ns
			ns *= dims[i]
		}
		if pf[i] {
			pst[i] = np
			np *= dims[i]
		}
	}
	v := normView{size: s.Size(), inner: dims[r-1], sInner: sst[r-1], pInner: pst[r-1], nStats: ns}
	if ns > 0 {
		v.count = v.size / ns
	}
	rows := 0
	if v.inner > 0 {
		rows = v.size / v.inner
	}
	v.rowStat, v.rowParam = make([]int32, rows), make([]int32, rows)
	idx := make([]int, r)
	for row := 0; row < rows; row++ {
		so, po := 0, 0
		for i := 0; i < r-1; i++ {
			so += idx[i] * sst[i]
			po += idx[i] * pst[i]
		}
		v.rowStat[row], v.rowParam[row] = int32(so), int32(po)
		for i := r - 2; i >= 0; i-- {
			idx[i]++
			if idx[i] < dims[i] {
				break
			}
			idx[i] = 0
		}
	}
	return v
}

// normOp is the fused normalization shared by the normalization layers,
// with an analytic backward pass. Its inputs are x, then gamma and beta
// when present, then (normFixed) mean and variance; gi, bi, mi, vi give
// their positions (-1: absent). Statistics are accumulated in float64.
//
// Every kind is written as y = (x - shift)*inv*gamma + beta per statistics
// group (shift is the mean, or 0 for the uncentered kinds; absent gamma and
// beta are ones and zeros), and dx = inv*(gh - c1 - (x - mean2)*inv*c2)
// with gh = g*gamma and per-group c1, c2 computed in the backward pass, so
// that the inner loops carry no per-element branches.
type normOp struct {
	kind           normKind
	eps            float64
	v              normView
	gi, bi, mi, vi int
	shift, inv     []float32 // per statistics group
	mean, variance []float32 // batch moments (normCenter, normVarScale)
	mean2          []float32 // the mean the input gradient centers with
	c1, c2         []float32
	clamped        []bool    // normUnit: the squared norm was below eps
	acc, acc2      []float64 // scratch accumulators
	ones, zeros    []float32 // stand-ins for absent gamma / beta
	dgs, dbs       []float32 // scratch parameter gradients
}

func newNormOp(kind normKind, eps float64, v normView, gi, bi, mi, vi int) *normOp {
	n := v.nStats
	np := 1
	for _, p := range v.rowParam {
		np = max(np, int(p)+1+(v.inner-1)*v.pInner)
	}
	op := &normOp{kind: kind, eps: eps, v: v, gi: gi, bi: bi, mi: mi, vi: vi,
		shift: make([]float32, n), inv: make([]float32, n), mean: make([]float32, n),
		variance: make([]float32, n), mean2: make([]float32, n), c1: make([]float32, n), c2: make([]float32, n),
		clamped: make([]bool, n), acc: make([]float64, n), acc2: make([]float64, n)}
	if gi < 0 {
		op.ones = make([]float32, np)
		for i := range op.ones {
			op.ones[i] = 1
		}
	}
	if bi < 0 {
		op.zeros = make([]float32, np)
	}
	op.dgs, op.dbs = make([]float32, np), make([]float32, np)
	return op
}

func (op *normOp) Name() string { return "normalization" }

func (op *normOp) params(in []*tensor.Tensor) (gamma, beta []float32) {
	gamma, beta = op.ones, op.zeros
	if op.gi >= 0 {
		gamma = in[op.gi].Float32s()
	}
	if op.bi >= 0 {
		beta = in[op.bi].Float32s()
	}
	return gamma, beta
}

// sums accumulates, per statistics group, sum(x) into acc, or with
// centeredPass sum((x-mean)^2) into acc2.
func (op *normOp) sums(x []float32, centeredPass bool) {
	v := &op.v
	n, si := v.inner, v.sInner
	acc := op.acc
	if centeredPass {
		acc = op.acc2
	}
	clear(acc)
	for r := range v.rowStat {
		xr, so := x[r*n:(r+1)*n], int(v.rowStat[r])
		switch {
		case si == 0 && centeredPass:
			m, t := float64(op.mean[so]), 0.0
			for _, e := range xr {
				d := float64(e) - m
				t += d * d
			}
			acc[so] += t
		case si == 0:
			t := 0.0
			for _, e := range xr {
				t += float64(e)
			}
			acc[so] += t
		case centeredPass:
			ar, mr := acc[so:so+n], op.mean[so:so+n]
			for j, e := range xr {
				d := float64(e) - float64(mr[j])
				ar[j] += d * d
			}
		default:
			ar := acc[so : so+n]
			for j, e := range xr {
				ar[j] += float64(e)
			}
		}
	}
}

// squares accumulates sum(x^2) into acc.
func (op *normOp) squares(x []float32) {
	v := &op.v
	n, si := v.inner, v.sInner
	clear(op.acc)
	for r := range v.rowStat {
		xr, so := x[r*n:(r+1)*n], int(v.rowStat[r])
		if si == 0 {
			t := 0.0
			for _, e := range xr {
				t += float64(e) * float64(e)
			}
			op.acc[so] += t
			continue
		}
		ar := op.acc[so : so+n]
		for j, e := range xr {
			ar[j] += float64(e) * float64(e)
		}
	}
}

func (op *normOp) Forward(out *tensor.Tensor, in []*tensor.Tensor) {
	v := &op.v
	x, y := in[0].Float32s(), out.Float32s()
	c := float64(v.count)
	switch op.kind {
	case normFixed:
		m, va := in[op.mi].Float32s(), in[op.vi].Float32s()
		for s := range op.shift {
			op.shift[s], op.mean2[s] = m[s], m[s]
			op.inv[s] = float32(1 / math.Sqrt(float64(va[s])+op.eps))
		}
	case normCenter, normVarScale:
		op.sums(x, false)
		for s := range op.mean {
			op.mean[s] = float32(op.acc[s] / c)
		}
		op.sums(x, true)
		for s := range op.mean {
			va := op.acc2[s] / c
			op.variance[s] = float32(va)
			op.inv[s] = float32(1 / math.Sqrt(va+op.eps))
			op.mean2[s] = op.mean[s]
			op.shift[s] = op.mean[s]
			if op.kind == normVarScale {
				op.shift[s] = 0
			}
		}
	case normRMS, normUnit:
		op.squares(x)
		for s := range op.shift {
			op.shift[s], op.mean2[s] = 0, 0
			if op.kind == normRMS {
				op.inv[s] = float32(1 / math.Sqrt(op.acc[s]/c+op.eps))
			} else {
				op.clamped[s] = op.acc[s] < op.eps
				op.inv[s] = float32(1 / math.Sqrt(math.Max(op.acc[s], op.eps)))
			}
		}
	}
	gamma, beta := op.params(in)
	n, si, pi := v.inner, v.sInner, v.pInner
	for r := range v.rowStat {
		xr, yr := x[r*n:(r+1)*n], y[r*n:(r+1)*n]
		so, po := int(v.rowStat[r]), int(v.rowParam[r])
		switch {
		case si == 0 && pi == 1: // LayerNormalization over the last axes
			m, iv := op.shift[so], op.inv[so]
			g, b := gamma[po:po+n], beta[po:po+n]
			for j, e := range xr {
				yr[j] = (e-m)*iv*g[j] + b[j]
			}
		case si == 0 && pi == 0: // one group and parameter per row
			k := op.inv[so] * gamma[po]
			b := beta[po] - op.shift[so]*k
			for j, e := range xr {
				yr[j] = e*k + b
			}
		case si == 1 && pi == 1: // BatchNormalization, channels last
			m, iv := op.shift[so:so+n], op.inv[so:so+n]
			g, b := gamma[po:po+n], beta[po:po+n]
			for j, e := range xr {
				yr[j] = (e-m[j])*iv[j]*g[j] + b[j]
			}
		default:
			for j, e := range xr {
				s, p := so+j*si, po+j*pi
				yr[j] = (e-op.shift[s])*op.inv[s]*gamma[p] + beta[p]
			}
		}
	}
}

func (op *normOp) Backward(gout, out *tensor.Tensor, in []*tensor.Tensor, gin []*tensor.Tensor) {
	op.backward(gout, in, gin, false)
}

// BackwardOverwrite writes a first-written input gradient instead of adding
// it; first-written parameter gradients (small) are cleared and accumulated.
func (op *normOp) BackwardOverwrite(gout, out *tensor.Tensor, in []*tensor.Tensor, gin []*tensor.Tensor, first []bool) {
	for i, g := range gin {
		if i > 0 && g != nil && first[i] {
			clear(g.Float32s())
		}
	}
	op.backward(gout, in, gin, gin[0] != nil && first[0])
}

func (op *normOp) backward(gout *tensor.Tensor, in []*tensor.Tensor, gin []*tensor.Tensor, overwriteX bool) {
	v := &op.v
	x, g := in[0].Float32s(), gout.Float32s()
	n, si, pi := v.inner, v.sInner, v.pInner
	gamma, _ := op.params(in)
	dgamma, dbeta := op.dgs, op.dbs
	if op.gi >= 0 && gin[op.gi] != nil {
		dgamma = gin[op.gi].Float32s()
	}
	if op.bi >= 0 && gin[op.bi] != nil {
		dbeta = gin[op.bi].Float32s()
	}
	// Pass 1: parameter gradients and, per group, acc = sum(gh) and
	// acc2 = sum(gh * xhat), with gh = g * gamma and xhat what gamma
	// multiplies.
	clear(op.acc)
	clear(op.acc2)
	for r := range v.rowStat {
		xr, gr := x[r*n:(r+1)*n], g[r*n:(r+1)*n]
		so, po := int(v.rowStat[r]), int(v.rowParam[r])
		if si == 0 && pi == 1 {
			m, iv := op.shift[so], op.inv[so]
			ga, dg, db := gamma[po:po+n], dgamma[po:po+n], dbeta[po:po+n]
			var a, a2 float64
			for j, e := range xr {
				h := (e - m) * iv
				dg[j] += gr[j] * h
				db[j] += gr[j]
				gh := gr[j] * ga[j]
				a += float64(gh)
				a2 += float64(gh * h)
			}
			op.acc[so] += a
			op.acc2[so] += a2
			continue
		}
		for j, e := range xr {
			s, p := so+j*si, po+j*pi
			h := (e - op.shift[s]) * op.inv[s]
			dgamma[p] += gr[j] * h
			dbeta[p] += gr[j]
			gh := gr[j] * gamma[p]
			op.acc[s] += float64(gh)
			op.acc2[s] += float64(gh * h)
		}
	}
	if op.kind == normFixed {
		op.fixedStatGrads(gin)
	}
	if gin[0] == nil {
		return
	}
	c := float64(v.count)
	for s := range op.c1 {
		switch op.kind {
		case normFixed:
			op.c1[s], op.c2[s] = 0, 0
		case normCenter:
			op.c1[s], op.c2[s] = float32(op.acc[s]/c), float32(op.acc2[s]/c)
		case normRMS, normVarScale:
			op.c1[s], op.c2[s] = 0, float32(op.acc2[s]/c)
		case normUnit:
			op.c1[s], op.c2[s] = 0, float32(op.acc2[s])
			if op.clamped[s] {
				op.c2[s] = 0
			}
		}
	}
	gx := gin[0].Float32s()
	for r := range v.rowStat {
		xr, gr, gxr := x[r*n:(r+1)*n], g[r*n:(r+1)*n], gx[r*n:(r+1)*n]
		so, po := int(v.rowStat[r]), int(v.rowParam[r])
		if si == 0 {
			m, iv, c1, c2 := op.mean2[so], op.inv[so], op.c1[so], op.c2[so]
			k := iv * c2
			if overwriteX {
				clear(gxr)
			}
			if pi == 1 {
				ga := gamma[po : po+n]
				for j, e := range xr {
					gxr[j] += iv * (gr[j]*ga[j] - c1 - (e-m)*k)
				}
			} else {
				ga := gamma[po]
				for j, e := range xr {
					gxr[j] += iv * (gr[j]*ga - c1 - (e-m)*k)
				}
			}
			continue
		}
		if overwriteX {
			clear(gxr)
		}
		for j, e := range xr {
			s, p := so+j*si, po+j*pi
			iv := op.inv[s]
			gxr[j] += iv * (gr[j]*gamma[p] - op.c1[s] - (e-op.mean2[s])*iv*op.c2[s])
		}
	}
}

// fixedStatGrads adds the gradients with respect to the mean and variance
// inputs of a normFixed op (they are usually frozen moving statistics, but
// the op is differentiable in them): dmean = -inv*sum(gh), dvar =
// -inv^2/2 * sum(gh*xhat).
func (op *normOp) fixedStatGrads(gin []*tensor.Tensor) {
	if gm := gin[op.mi]; gm != nil {
		d := gm.Float32s()
		for s := range d {
			d[s] -= op.inv[s] * float32(op.acc[s])
		}
	}
	if gv := gin[op.vi]; gv != nil {
		d := gv.Float32s()
		for s := range d {
			d[s] -= 0.5 * op.inv[s] * op.inv[s] * float32(op.acc2[s])
		}
	}
}
