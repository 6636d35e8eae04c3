package vmath

// ConvCopyRows copies rows strided blocks of n values (im2col's inner
// loop): dst[r*dstep+i] = src[r*sstep+i] for r < rows, i < n. The source
// rows may overlap each other; the destination rows must not overlap the
// source.
func ConvCopyRows(dst []float32, dstep int, src []float32, sstep, n, rows int) {
	checkRows(len(dst), dstep, len(src), sstep, n, rows)
	n8 := 0
	if useAsm && n >= 8 {
		n8 = n &^ 7
		convCopyRowsAsm(dst, dstep, src, sstep, n8, rows)
	}
	if n8 < n {
		for r := range rows {
			copy(dst[r*dstep+n8:r*dstep+n], src[r*sstep+n8:r*sstep+n])
		}
	}
}

// ConvAddRows adds rows strided blocks of n values into dst, row after
// row (col2im's inner loop): dst[r*dstep+i] += src[r*sstep+i]. The
// destination rows may overlap each other (a later row adds onto the
// earlier rows' sums); dst must not overlap src. Both paths are
// bit-identical.
func ConvAddRows(dst []float32, dstep int, src []float32, sstep, n, rows int) {
	checkRows(len(dst), dstep, len(src), sstep, n, rows)
	if useAsm && n >= 8 {
		convAddRowsAsm(dst, dstep, src, sstep, n, rows)
		return
	}
	convAddRowsGeneric(dst, dstep, src, sstep, n, rows)
}

func checkRows(nd, dstep, ns, sstep, n, rows int) {
	if n < 0 || rows < 0 || dstep < 0 || sstep < 0 {
		panic("vmath: ConvCopyRows negative size")
	}
	if rows > 0 && n > 0 && ((rows-1)*dstep+n > nd || (rows-1)*sstep+n > ns) {
		panic("vmath: ConvCopyRows rows do not fit the slices")
	}
}

func convAddRowsGeneric(dst []float32, dstep int, src []float32, sstep, n, rows int) {
	for r := range rows {
		d, s := dst[r*dstep:r*dstep+n], src[r*sstep:r*sstep+n]
		for i, v := range s {
			d[i] += v
		}
	}
}
