package gemm

// packRows packs a kc x w block of a row-major matrix (row p at
// src[off+p*ld:][:w]) into ceil(w/R) micro-panels of R columns (panel q at
// dst[q*R*kc:], its row p at +p*R), zero padding the last panel. It reads
// the source row by row, so a block streamed from memory is read
// sequentially; packing panel by panel instead jumps a whole row stride
// for every R values.
func packRows(dst, src []float32, off, ld, w, R, kc int) {
	full := w / R
	rest := w - full*R
	pstride := R * kc
	for p := 0; p < kc; p++ {
		row := src[off+p*ld : off+p*ld+w]
		d := dst[p*R:]
		switch R {
		case 16:
			copy16s(full, row, d, pstride)
		case 6:
			for q := 0; q < full; q++ {
				*(*[6]float32)(d[q*pstride:]) = *(*[6]float32)(row[q*6:])
			}
		default:
			for q := 0; q < full; q++ {
				copy(d[q*pstride:q*pstride+R], row[q*R:q*R+R])
			}
		}
		if rest > 0 {
			last := d[full*pstride : full*pstride+R]
			copy(last, row[full*R:])
			clear(last[rest:])
		}
	}
}
