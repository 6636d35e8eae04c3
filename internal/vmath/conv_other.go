//go:build !amd64 || purego

package vmath

func convTapsAsm(y []float32, cout, cw int, x []float32, xstep int, off []int, w, bias []float32, relu bool) {
	convTapsGeneric(y, cout, 0, x, xstep, off, w, bias, relu)
}

func convTapsGradAsm(dw, db []float32, cout, cw, chunks int, x []float32, xstep int, off []int, g []float32) {
	npix := len(g) / cout
	for t := range 3 * chunks {
		convTapGradGeneric(dw[t*cout:(t+1)*cout], 0, x, xstep, off[t], g, npix, cout)
	}
	if db != nil {
		for p := range npix {
			for c, v := range g[p*cout : p*cout+cw] {
				db[c] += v
			}
		}
	}
}

func convCopyRowsAsm(dst []float32, dstep int, src []float32, sstep, n8, rows int) {
	for r := range rows {
		copy(dst[r*dstep:r*dstep+n8], src[r*sstep:r*sstep+n8])
	}
}

func convAddRowsAsm(dst []float32, dstep int, src []float32, sstep, n, rows int) {
	convAddRowsGeneric(dst, dstep, src, sstep, n, rows)
}

func reluBitsAsm(bits []uint8, y []float32)             { reluBitsGeneric(bits, y) }
func reluGradBitsAsm(dst, gout []float32, bits []uint8) { reluGradBitsGeneric(dst, gout, bits) }
