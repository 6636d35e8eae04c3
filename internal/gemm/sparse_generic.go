package gemm

// sparseGo is the pure-Go implementation; its accumulation rounds like the
// generic dense kernel.
var sparseGo = sparseImpl{rows: sparseRowsGo, listRows: sparseListRowsGo, count: sparseCountGo}

func sparseRowsGo(nr int, cnt, start, off []int32, val []float32, b []float32, n int, c []float32, ldc int, alpha, beta float32) {
	// The accumulation is written like genericKernelStrided's (four local
	// accumulators, c += a*b, operands loaded first) so that the compiler
	// treats both alike: with GOAMD64=v3 it fuses both into FMAs. The last
	// columns repeat column n-1 rather than take another code shape.
	for r, nnz := range cnt[:nr] {
		s := int(start[r])
		offs, vals := off[s:s+int(nnz)], val[s:s+int(nnz)]
		crow := c[r*ldc : r*ldc+n]
		for j := 0; j < n; j += 4 {
			j1, j2, j3 := min(j+1, n-1), min(j+2, n-1), min(j+3, n-1)
			var c0, c1, c2, c3 float32
			for q, o := range offs {
				a0 := vals[q]
				row := b[o : int(o)+n]
				b0, b1, b2, b3 := row[j], row[j1], row[j2], row[j3]
				c0 += a0 * b0
				c1 += a0 * b1
				c2 += a0 * b2
				c3 += a0 * b3
			}
			acc := [4]float32{c0, c1, c2, c3}
			for x, v := range acc[:min(4, n-j)] {
				crow[j+x] = update(crow[j+x], v, alpha, beta)
			}
		}
	}
}

func sparseListRowsGo(nr int, x []float32, ldx, n, ld int, off []int32, val []float32, stride int, cnt []int32) {
	for r := range cnt[:nr] {
		o, v := off[r*stride:r*stride+n], val[r*stride:r*stride+n]
		q := 0
		for p, xv := range x[r*ldx : r*ldx+n] {
			if xv != 0 {
				o[q] = int32(p * ld)
				v[q] = xv
				q++
			}
		}
		cnt[r] = int32(q)
	}
}

func sparseCountGo(x []float32) int {
	n := 0
	for _, v := range x {
		if v != 0 {
			n++
		}
	}
	return n
}
