package gemm

// Transpose sets dst[c*ldd+r] = src[r*lds+c] for r < rows, c < cols: the
// transposing copy of the packing routines (8x8 AVX2 blocks where the
// kernel family has them), for other packages.
func Transpose(rows, cols int, src []float32, lds int, dst []float32, ldd int) {
	if rows <= 0 || cols <= 0 {
		return
	}
	checkMat("src", src, rows, cols, lds)
	checkMat("dst", dst, cols, rows, ldd)
	r := 0
	if g8 := active().gather8; g8 != nil && cols >= 8 {
		n8 := cols / 8
		for ; r+8 <= rows; r += 8 {
			g8(n8, src[r*lds:], lds, dst[r:], ldd)
			for c := 8 * n8; c < cols; c++ {
				for x := r; x < r+8; x++ {
					dst[c*ldd+x] = src[x*lds+c]
				}
			}
		}
	}
	for ; r < rows; r++ {
		row := src[r*lds : r*lds+cols]
		for c, v := range row {
			dst[c*ldd+r] = v
		}
	}
}
