//go:build amd64 && !purego

package vmath

// convTapsAVX2 computes channels [0, cw) (cw a positive multiple of 32) of
// pairs of ConvTaps pixels: pair i has pixels at x+2i*xstep and
// x+2i*xstep+dx1, written to y+2i*cout and y+2i*cout+dy1. bias may be nil;
// ntaps ≥ 1.
//
//go:noescape
func convTapsAVX2(y, x *float32, off *int, ntaps int, w, bias *float32, pairs, dx1, dy1, xstep, cw, cout, relu int)

// convTapsGradAVX2 accumulates channels [0, cwb/4) (cwb a positive multiple
// of 64 bytes) of ConvTapsGrad for taps [0, 3*chunks) and, when db is not
// nil, the bias gradient; npix ≥ 1.
//
//go:noescape
func convTapsGradAVX2(dw, db, x *float32, off *int, chunks int, gy *float32, npix, xstep, cwb, cout int)

func convTapsAsm(y []float32, cout, cw int, x []float32, xstep int, off []int, w, bias []float32, relu bool) {
	var b *float32
	if bias != nil {
		b = &bias[0]
	}
	r := 0
	if relu {
		r = 1
	}
	npix := len(y) / cout
	if pairs := npix / 2; pairs > 0 {
		convTapsAVX2(&y[0], &x[0], &off[0], len(off), &w[0], b, pairs, xstep, cout, xstep, cw, cout, r)
	}
	if npix%2 == 1 { // the last pixel, computed twice in place
		p := npix - 1
		convTapsAVX2(&y[p*cout], &x[p*xstep], &off[0], len(off), &w[0], b, 1, 0, 0, xstep, cw, cout, r)
	}
}

func convTapsGradAsm(dw, db []float32, cout, cw, chunks int, x []float32, xstep int, off []int, g []float32) {
	var b *float32
	if db != nil {
		b = &db[0]
	}
	var o *int
	var d *float32
	if chunks > 0 {
		o, d = &off[0], &dw[0]
	}
	convTapsGradAVX2(d, b, &x[0], o, chunks, &g[0], len(g)/cout, xstep, 4*cw, cout)
}

// convCopyRowsAVX2 copies rows blocks of n8 values (a multiple of 8).
//
//go:noescape
func convCopyRowsAVX2(dst *float32, dstep int, src *float32, sstep, n8, rows int)

// convAddRowsAVX2 adds rows blocks of n8 values (a multiple of 8), row
// after row.
//
//go:noescape
func convAddRowsAVX2(dst *float32, dstep int, src *float32, sstep, n8, rows int)

func convCopyRowsAsm(dst []float32, dstep int, src []float32, sstep, n8, rows int) {
	if rows > 0 {
		convCopyRowsAVX2(&dst[0], dstep, &src[0], sstep, n8, rows)
	}
}

func convAddRowsAsm(dst []float32, dstep int, src []float32, sstep, n, rows int) {
	n8 := n &^ 7
	if n8 == n {
		if rows > 0 {
			convAddRowsAVX2(&dst[0], dstep, &src[0], sstep, n8, rows)
		}
		return
	}
	// Rows overlap in dst: keep the row order for the tails too.
	for r := range rows {
		convAddRowsAVX2(&dst[r*dstep], 0, &src[r*sstep], 0, n8, 1)
		d, s := dst[r*dstep+n8:r*dstep+n], src[r*sstep+n8:r*sstep+n]
		for i, v := range s {
			d[i] += v
		}
	}
}

// reluBitsAVX2 and reluGradBitsAVX2 process n values, a positive multiple
// of 8 (see ReluBits and ReluGradBits).
//
//go:noescape
func reluBitsAVX2(bits *uint8, y *float32, n int)

//go:noescape
func reluGradBitsAVX2(dst, gout *float32, bits *uint8, n int)

func reluBitsAsm(bits []uint8, y []float32) { reluBitsAVX2(&bits[0], &y[0], len(y)) }

func reluGradBitsAsm(dst, gout []float32, bits []uint8) {
	reluGradBitsAVX2(&dst[0], &gout[0], &bits[0], len(dst))
}
