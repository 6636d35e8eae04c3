package vmath

// ConvTaps computes npix = len(y)/cout output pixels of a stride-1
// convolution with few taps per output (Keras's Conv1D/2D/3D on inputs
// with few channels, such as images): for p < npix and c < cout,
//
//	y[p*cout+c] = act(bias[c] + Σ_t x[p*xstep+off[t]] · w[t*cout+c])
//
// with the sum in tap order, act the ReLU when relu is set (see Relu for
// -0 and NaN) and a zero bias when bias is nil. off lists each tap's input
// offset; w holds one row of cout weights per tap (Keras's kernel layout
// (k..., cin, cout) flattened to taps). The assembly path computes 32
// channels at a time with fused multiply-adds, so the paths can differ in
// the last bit.
func ConvTaps(y []float32, cout int, x []float32, xstep int, off []int, w, bias []float32, relu bool) {
	npix := checkTaps(len(y), cout, len(x), xstep, off, len(w))
	if bias != nil && len(bias) < cout {
		panic("vmath: ConvTaps bias shorter than cout")
	}
	cw := 0
	if useAsm && npix > 0 && len(off) > 0 {
		cw = cout &^ 31
	}
	if cw > 0 {
		convTapsAsm(y, cout, cw, x, xstep, off, w, bias, relu)
	}
	if cw < cout {
		convTapsGeneric(y, cout, cw, x, xstep, off, w, bias, relu)
	}
}

// ConvTapsGrad accumulates the kernel gradient of ConvTaps for the output
// gradient g (npix = len(g)/cout pixels, already masked by the activation's
// derivative):
//
//	dw[t*cout+c] += Σ_p x[p*xstep+off[t]] · g[p*cout+c]
//
// summing pixels in order; when db is not nil it also adds the bias
// gradient db[c] += Σ_p g[p*cout+c] (pixels in order, bit-identical on
// both paths). The assembly path uses fused multiply-adds for dw, so the
// paths can differ in the last bit there.
func ConvTapsGrad(dw, db []float32, cout int, x []float32, xstep int, off []int, g []float32) {
	npix := checkTaps(len(g), cout, len(x), xstep, off, len(dw))
	if db != nil && len(db) < cout {
		panic("vmath: ConvTapsGrad db shorter than cout")
	}
	cw, chunks := 0, 0
	if useAsm && npix > 0 {
		cw, chunks = cout&^15, len(off)/3
	}
	if cw > 0 {
		convTapsGradAsm(dw, db, cout, cw, chunks, x, xstep, off, g)
	} else {
		chunks = 0
	}
	for t := 3 * chunks; t < len(off); t++ { // taps left by the assembly
		convTapGradGeneric(dw[t*cout:(t+1)*cout], 0, x, xstep, off[t], g, npix, cout)
	}
	for t := range 3 * chunks * boolInt(cw < cout) { // channels left by the assembly
		convTapGradGeneric(dw[t*cout:(t+1)*cout], cw, x, xstep, off[t], g, npix, cout)
	}
	if db != nil && cw < cout {
		for p := range npix {
			for c, v := range g[p*cout+cw : (p+1)*cout] {
				db[cw+c] += v
			}
		}
	}
}

// checkTaps checks the operands of ConvTaps/ConvTapsGrad and returns the
// number of pixels.
func checkTaps(ny, cout, nx, xstep int, off []int, nw int) int {
	if cout <= 0 || ny%cout != 0 || xstep < 0 || nw < len(off)*cout {
		panic("vmath: ConvTaps operand lengths do not fit")
	}
	npix := ny / cout
	if npix == 0 {
		return 0
	}
	hi := 0
	for _, o := range off {
		if o < 0 {
			panic("vmath: ConvTaps negative tap offset")
		}
		hi = max(hi, o)
	}
	if len(off) > 0 && (npix-1)*xstep+hi >= nx {
		panic("vmath: ConvTaps input shorter than the taps reach")
	}
	return npix
}

// convTapsGeneric computes channels [c0, cout) of ConvTaps.
func convTapsGeneric(y []float32, cout, c0 int, x []float32, xstep int, off []int, w, bias []float32, relu bool) {
	for p := range len(y) / cout {
		xp := x[p*xstep:]
		yp := y[p*cout+c0 : (p+1)*cout]
		if bias != nil {
			copy(yp, bias[c0:cout])
		} else {
			clear(yp)
		}
		for t, o := range off {
			v := xp[o]
			wr := w[t*cout+c0 : (t+1)*cout]
			wr = wr[:len(yp)]
			for c := range yp {
				yp[c] += v * wr[c]
			}
		}
		if relu {
			for c, v := range yp {
				yp[c] = relu32(v)
			}
		}
	}
}

// convTapGradGeneric adds Σ_p x[p*xstep+o] · g[p*cout+c] to row[c] for
// channels c in [c0, cout).
func convTapGradGeneric(row []float32, c0 int, x []float32, xstep, o int, g []float32, npix, cout int) {
	row = row[c0:cout]
	for p := range npix {
		v := x[p*xstep+o]
		gp := g[p*cout+c0 : (p+1)*cout]
		gp = gp[:len(row)]
		for c := range row {
			row[c] += v * gp[c]
		}
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
