package gemm

// genericConfig is the pure-Go fallback: a 4x4 register-blocked kernel.
var genericConfig = newConfig("generic", 4, 128, 256, 2048, []tileKernel{{mr: 4, kern: genericKernel, kernRow: genericKernelRow}}, nil, nil)

// genericKernel is the kernelFunc for 4x4 tiles.
func genericKernel(nt, k int, a []float32, sa, an int, b []float32, sb int, c []float32, ldc int, alpha, beta float32) {
	for t := 0; t < nt; t++ {
		genericKernelStrided(k, a[t*an:], 1, sa, b, sb, c[t*4*ldc:], ldc, alpha, beta)
	}
}

// genericKernelRow is genericKernel with row-major A.
func genericKernelRow(nt, k int, a []float32, sa, an int, b []float32, sb int, c []float32, ldc int, alpha, beta float32) {
	for t := 0; t < nt; t++ {
		genericKernelStrided(k, a[t*an:], sa, 1, b, sb, c[t*4*ldc:], ldc, alpha, beta)
	}
}

// genericKernelStrided computes the 4x4 tile with A(r, p) = a[r*sr+p*sp],
// as two 4x2 halves so the accumulators stay in registers.
func genericKernelStrided(k int, a []float32, sr, sp int, b []float32, sb int, c []float32, ldc int, alpha, beta float32) {
	if k <= 0 {
		for r := 0; r < 4; r++ {
			storeRow4(c[r*ldc:r*ldc+4:r*ldc+4], 0, 0, 0, 0, alpha, beta)
		}
		return
	}
	a = a[:(k-1)*sp+3*sr+1]
	b = b[:(k-1)*sb+4]
	for h := 0; h < 4; h += 2 {
		var c00, c01, c10, c11, c20, c21, c30, c31 float32
		ia, ib := 0, h
		for p := 0; p < k; p++ {
			a0, a1, a2, a3 := a[ia], a[ia+sr], a[ia+2*sr], a[ia+3*sr]
			b0, b1 := b[ib], b[ib+1]
			c00 += a0 * b0
			c01 += a0 * b1
			c10 += a1 * b0
			c11 += a1 * b1
			c20 += a2 * b0
			c21 += a2 * b1
			c30 += a3 * b0
			c31 += a3 * b1
			ia += sp
			ib += sb
		}
		c[h] = update(c[h], c00, alpha, beta)
		c[h+1] = update(c[h+1], c01, alpha, beta)
		c[ldc+h] = update(c[ldc+h], c10, alpha, beta)
		c[ldc+h+1] = update(c[ldc+h+1], c11, alpha, beta)
		c[2*ldc+h] = update(c[2*ldc+h], c20, alpha, beta)
		c[2*ldc+h+1] = update(c[2*ldc+h+1], c21, alpha, beta)
		c[3*ldc+h] = update(c[3*ldc+h], c30, alpha, beta)
		c[3*ldc+h+1] = update(c[3*ldc+h+1], c31, alpha, beta)
	}
}

func storeRow4(c []float32, v0, v1, v2, v3, alpha, beta float32) {
	c[0] = update(c[0], v0, alpha, beta)
	c[1] = update(c[1], v1, alpha, beta)
	c[2] = update(c[2], v2, alpha, beta)
	c[3] = update(c[3], v3, alpha, beta)
}

// update returns alpha*acc + beta*c with the same rounding as the assembly
// epilogue (separate multiplies, then add; c ignored when beta == 0).
func update(c, acc, alpha, beta float32) float32 {
	t := float32(alpha * acc)
	if beta == 0 {
		return t
	}
	return t + float32(beta*c)
}
