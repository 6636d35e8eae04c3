package vmath

// MaxPool2x2 computes one output row of a 2×2, stride-2 max pooling in
// channels_last layout (the fast path of Keras's MaxPooling2D with
// pool_size=2): a and b are two consecutive input rows of ch channels per
// pixel, y receives len(y)/ch output pixels, y[o*ch+c] = max over
// a[2o], a[2o+1], b[2o], b[2o+1] (channel c), in that order, a later value
// winning only when it is strictly greater (the first maximum wins ties; a
// NaN first value stays). arg records which window position won, 2 bits
// per output: arg[j] covers outputs 8j..8j+7, its low byte holding bit 0 of
// each position index and its high byte bit 1. ch must be a multiple of 8.
// Both paths are bit-identical.
func MaxPool2x2(y []float32, arg []uint16, a, b []float32, ch int) {
	checkPool(y, arg, a, b, ch)
	if useAsm && len(y) > 0 {
		maxPool2x2Asm(y, arg, a, b, ch)
		return
	}
	maxPool2x2Generic(y, arg, a, b, ch)
}

// MaxPool2x2Grad is the backward pass of MaxPool2x2: for every output it
// adds gy to the gradient of the winning input (rows ga and gb, laid out
// like a and b) and +0 to the three others. Both paths are bit-identical.
func MaxPool2x2Grad(ga, gb, gy []float32, arg []uint16, ch int) {
	checkPool(gy, arg, ga, gb, ch)
	if useAsm && len(gy) > 0 {
		maxPool2x2GradAsm(ga, gb, gy, arg, ch)
		return
	}
	maxPool2x2GradGeneric(ga, gb, gy, arg, ch)
}

// MaxPool2x2GradSet is MaxPool2x2Grad writing instead of adding: gy to the
// winning input of each window and 0 to the three others.
func MaxPool2x2GradSet(ga, gb, gy []float32, arg []uint16, ch int) {
	checkPool(gy, arg, ga, gb, ch)
	if useAsm && len(gy) > 0 {
		maxPool2x2GradSetAsm(ga, gb, gy, arg, ch)
		return
	}
	maxPool2x2GradSetGeneric(ga, gb, gy, arg, ch)
}

func checkPool(y []float32, arg []uint16, a, b []float32, ch int) {
	if ch <= 0 || ch%8 != 0 || len(y)%ch != 0 || len(arg) < len(y)/8 || len(a) < 2*len(y) || len(b) < 2*len(y) {
		panic("vmath: MaxPool2x2 slice lengths do not fit")
	}
}

func maxPool2x2Generic(y []float32, arg []uint16, a, b []float32, ch int) {
	for o := 0; o < len(y)/ch; o++ {
		a0, a1 := a[2*o*ch:(2*o+1)*ch], a[(2*o+1)*ch:(2*o+2)*ch]
		b0, b1 := b[2*o*ch:(2*o+1)*ch], b[(2*o+1)*ch:(2*o+2)*ch]
		yo := y[o*ch : (o+1)*ch]
		for c0 := 0; c0 < ch; c0 += 8 {
			var lo, hi uint16
			for l := range 8 {
				c := c0 + l
				m, idx := a0[c], uint16(0)
				if v := a1[c]; v > m {
					m, idx = v, 1
				}
				if v := b0[c]; v > m {
					m, idx = v, 2
				}
				if v := b1[c]; v > m {
					m, idx = v, 3
				}
				yo[c] = m
				lo |= (idx & 1) << l
				hi |= (idx >> 1) << l
			}
			arg[(o*ch+c0)/8] = lo | hi<<8
		}
	}
}

func maxPool2x2GradGeneric(ga, gb, gy []float32, arg []uint16, ch int) {
	maxPool2x2GradRef(ga, gb, gy, arg, ch, true)
}

func maxPool2x2GradSetGeneric(ga, gb, gy []float32, arg []uint16, ch int) {
	maxPool2x2GradRef(ga, gb, gy, arg, ch, false)
}

// maxPool2x2GradRef adds (acc) or writes the window gradients.
func maxPool2x2GradRef(ga, gb, gy []float32, arg []uint16, ch int, acc bool) {
	for o := 0; o < len(gy)/ch; o++ {
		a0, a1 := ga[2*o*ch:(2*o+1)*ch], ga[(2*o+1)*ch:(2*o+2)*ch]
		b0, b1 := gb[2*o*ch:(2*o+1)*ch], gb[(2*o+1)*ch:(2*o+2)*ch]
		g := gy[o*ch : (o+1)*ch]
		for c0 := 0; c0 < ch; c0 += 8 {
			w := arg[(o*ch+c0)/8]
			for l := range 8 {
				c := c0 + l
				var v [4]float32
				v[(w>>l)&1|(w>>(7+l))&2] = g[c]
				if acc {
					a0[c] += v[0]
					a1[c] += v[1]
					b0[c] += v[2]
					b1[c] += v[3]
				} else {
					a0[c], a1[c], b0[c], b1[c] = v[0], v[1], v[2], v[3]
				}
			}
		}
	}
}
