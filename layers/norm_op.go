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
type normOp struct {
	kind           normKind
	eps            float64
	v              normView
	gi, bi, mi, vi int
	mean, inv      []float32 // per statistics group
	variance       []float32 // batch variance (normCenter), for moving stats
	clamped        []bool    // normUnit: the squared norm was below eps
	acc, acc2      []float64 // scratch accumulators
}

func newNormOp(kind normKind, eps float64, v normView, gi, bi, mi, vi int) *normOp {
	n := v.nStats
	return &normOp{kind: kind, eps: eps, v: v, gi: gi, bi: bi, mi: mi, vi: vi,
		mean: make([]float32, n), inv: make([]float32, n), variance: make([]float32, n),
		clamped: make([]bool, n), acc: make([]float64, n), acc2: make([]float64, n)}
}

func (op *normOp) Name() string { return "normalization" }

// rowRange is the number of rows of the view.
func (op *normOp) rowRange() int { return len(op.v.rowStat) }

func (op *normOp) Forward(out *tensor.Tensor, in []*tensor.Tensor) {
	v := &op.v
	x, y := in[0].Float32s(), out.Float32s()
	n, si, pi := v.inner, v.sInner, v.pInner
	switch op.kind {
	case normFixed:
		m, va := in[op.mi].Float32s(), in[op.vi].Float32s()
		for s := range op.mean {
			op.mean[s] = m[s]
			op.inv[s] = float32(1 / math.Sqrt(float64(va[s])+op.eps))
		}
	case normCenter, normVarScale:
		clear(op.acc)
		clear(op.acc2)
		for r := range op.rowRange() {
			xr, so := x[r*n:(r+1)*n], int(v.rowStat[r])
			for j, e := range xr {
				op.acc[so+j*si] += float64(e)
			}
		}
		c := float64(v.count)
		for s := range op.mean {
			op.mean[s] = float32(op.acc[s] / c)
		}
		for r := range op.rowRange() {
			xr, so := x[r*n:(r+1)*n], int(v.rowStat[r])
			for j, e := range xr {
				d := float64(e - op.mean[so+j*si])
				op.acc2[so+j*si] += d * d
			}
		}
		for s := range op.mean {
			va := op.acc2[s] / c
			op.variance[s] = float32(va)
			op.inv[s] = float32(1 / math.Sqrt(va+op.eps))
		}
	case normRMS, normUnit:
		clear(op.acc)
		for r := range op.rowRange() {
			xr, so := x[r*n:(r+1)*n], int(v.rowStat[r])
			for j, e := range xr {
				op.acc[so+j*si] += float64(e) * float64(e)
			}
		}
		for s := range op.mean {
			op.mean[s] = 0
			if op.kind == normRMS {
				op.inv[s] = float32(1 / math.Sqrt(op.acc[s]/float64(v.count)+op.eps))
			} else {
				op.clamped[s] = op.acc[s] < op.eps
				op.inv[s] = float32(1 / math.Sqrt(math.Max(op.acc[s], op.eps)))
			}
		}
	}
	var gamma, beta []float32
	if op.gi >= 0 {
		gamma = in[op.gi].Float32s()
	}
	if op.bi >= 0 {
		beta = in[op.bi].Float32s()
	}
	keepMean := op.kind == normCenter || op.kind == normFixed
	for r := range op.rowRange() {
		xr, yr := x[r*n:(r+1)*n], y[r*n:(r+1)*n]
		so, po := int(v.rowStat[r]), int(v.rowParam[r])
		for j, e := range xr {
			s := so + j*si
			h := e * op.inv[s]
			if keepMean {
				h = (e - op.mean[s]) * op.inv[s]
			}
			if gamma != nil {
				h *= gamma[po+j*pi]
			}
			if beta != nil {
				h += beta[po+j*pi]
			}
			yr[j] = h
		}
	}
}

func (op *normOp) Backward(gout, out *tensor.Tensor, in []*tensor.Tensor, gin []*tensor.Tensor) {
	v := &op.v
	x, g := in[0].Float32s(), gout.Float32s()
	n, si, pi := v.inner, v.sInner, v.pInner
	var gamma, dgamma, dbeta []float32
	if op.gi >= 0 {
		gamma = in[op.gi].Float32s()
		if gin[op.gi] != nil {
			dgamma = gin[op.gi].Float32s()
		}
	}
	if op.bi >= 0 && gin[op.bi] != nil {
		dbeta = gin[op.bi].Float32s()
	}
	centered := op.kind == normCenter || op.kind == normFixed
	// xhat is what gamma multiplies.
	xhat := func(e float32, s int) float32 {
		if centered {
			return (e - op.mean[s]) * op.inv[s]
		}
		return e * op.inv[s]
	}
	// Pass 1: parameter gradients and the per-group sums the input gradient
	// needs: acc = sum(gh), acc2 = sum(gh * xhat), with gh = g * gamma.
	clear(op.acc)
	clear(op.acc2)
	for r := range op.rowRange() {
		xr, gr := x[r*n:(r+1)*n], g[r*n:(r+1)*n]
		so, po := int(v.rowStat[r]), int(v.rowParam[r])
		for j, e := range xr {
			s, p := so+j*si, po+j*pi
			h := xhat(e, s)
			gh := gr[j]
			if dgamma != nil {
				dgamma[p] += gr[j] * h
			}
			if dbeta != nil {
				dbeta[p] += gr[j]
			}
			if gamma != nil {
				gh *= gamma[p]
			}
			op.acc[s] += float64(gh)
			op.acc2[s] += float64(gh) * float64(h)
		}
	}
	if op.kind == normFixed {
		op.fixedStatGrads(gin)
	}
	if gin[0] == nil {
		return
	}
	gx := gin[0].Float32s()
	c := float32(v.count)
	for r := range op.rowRange() {
		xr, gr, gxr := x[r*n:(r+1)*n], g[r*n:(r+1)*n], gx[r*n:(r+1)*n]
		so, po := int(v.rowStat[r]), int(v.rowParam[r])
		for j, e := range xr {
			s := so + j*si
			gh := gr[j]
			if gamma != nil {
				gh *= gamma[po+j*pi]
			}
			inv := op.inv[s]
			switch op.kind {
			case normFixed:
				gxr[j] += gh * inv
			case normCenter:
				h := (e - op.mean[s]) * inv
				gxr[j] += inv * (gh - float32(op.acc[s])/c - h*float32(op.acc2[s])/c)
			case normRMS:
				gxr[j] += inv * (gh - e*inv*float32(op.acc2[s])/c)
			case normVarScale:
				h := (e - op.mean[s]) * inv
				gxr[j] += inv * (gh - h*float32(op.acc2[s])/c)
			case normUnit:
				if op.clamped[s] {
					gxr[j] += inv * gh
				} else {
					gxr[j] += inv * (gh - e*inv*float32(op.acc2[s]))
				}
			}
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
