package gemm

import (
	"sync/atomic"
)

// kernelFunc computes nt vertically adjacent mr x nr tiles C = alpha*A*B +
// beta*C (C is not read when beta == 0) over k steps: for p < k, column p
// of tile t's A micro-panel is a[t*an+p*sa:][:mr] and row p of the B
// micro-panel is b[p*sb:][:nr]. Row r of C starts at c[r*ldc]. The row
// variant (kernRow) reads A row r of tile t at a[t*an+r*sa:][:k] instead.
type kernelFunc func(nt, k int, a []float32, sa, an int, b []float32, sb int, c []float32, ldc int, alpha, beta float32)

// gatherFunc sets dst[p*ldd+x] = src[x*ld+p] for x < 8, p < 8*n8.
type gatherFunc func(n8 int, src []float32, ld int, dst []float32, ldd int)

// tileKernel is a micro-kernel of height mr in its two A layouts.
type tileKernel struct {
	mr            int
	kern, kernRow kernelFunc
}

// copyFunc sets dst[p*R+x] = src[p*ld+x] for p < kc, x < R (R%4 == 0).
type copyFunc func(kc int, src []float32, ld int, dst []float32, R int)

// config is a micro-kernel family with its register tile (mr x nr) and
// cache blocking (mc, kc, nc; mc is a multiple of mr, nc of nr).
type config struct {
	name           string
	mr, nr         int
	mc, kc, nc     int
	kern           kernelFunc   // MR x NR kernel, A in micro-panel order
	kernRow        kernelFunc   // MR x NR kernel, row-major A
	kerns          []tileKernel // all heights, ascending (for the m edge)
	gather8        gatherFunc   // optional fast 8-row transposing pack
	copy4          copyFunc     // optional fast copy pack for R%4 == 0
	directAMaxN    int          // use A unpacked when n <= this
	directBMaxM    int          // use untransposed B unpacked when m <= this
	directMaxElems int          // or when the operand has at most this many elements
	minParallelMNK int          // below m*n*k = this, run single threaded
}

func newConfig(name string, nr, mc, kc, nc int, kerns []tileKernel, g8 gatherFunc, c4 copyFunc) *config {
	main := kerns[len(kerns)-1]
	return &config{
		name: name, mr: main.mr, nr: nr, mc: mc, kc: kc, nc: nc,
		kern: main.kern, kernRow: main.kernRow, kerns: kerns, gather8: g8, copy4: c4,
		directAMaxN: 8 * nr, directBMaxM: 8 * main.mr, directMaxElems: 1 << 18,
		minParallelMNK: 1 << 16,
	}
}

// edgeKernel returns the lowest kernel at least mr rows high.
func (c *config) edgeKernel(mr int) tileKernel {
	for _, k := range c.kerns {
		if k.mr >= mr {
			return k
		}
	}
	panic("gemm: no kernel")
}

var (
	best         = bestConfig()
	forceGeneric atomic.Bool
)

func active() *config {
	if forceGeneric.Load() {
		return genericConfig
	}
	return best
}

// Kernel reports which micro-kernel Sgemm uses: "avx512", "avx2" or "generic".
func Kernel() string { return active().name }

// ForceGeneric(true) makes Sgemm use the pure-Go kernel; it returns the
// previous setting.
func ForceGeneric(on bool) bool { return forceGeneric.Swap(on) }

// Sgemm computes C = alpha*op(A)*op(B) + beta*C for row-major matrices,
// where op(X) is X or X^T. op(A) is m x k (A is k x m when transA, with
// row stride lda), op(B) is k x n (B is n x k when transB, row stride
// ldb), and C is m x n with row stride ldc. When beta == 0, C is not read.
//
// Results are bit-identical for any thread count.
func Sgemm(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, nil)
}

// sgemm is Sgemm, reading op(B) from pb when it is not nil.
func sgemm(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int, pb *PackedB) {
	if m < 0 || n < 0 || k < 0 {
		panic("gemm: negative dimension")
	}
	ra, ca := m, k
	if transA {
		ra, ca = k, m
	}
	rb, cb := k, n
	if transB {
		rb, cb = n, k
	}
	checkMat("A", a, ra, ca, lda)
	checkMat("B", b, rb, cb, ldb)
	checkMat("C", c, m, n, ldc)
	if m == 0 || n == 0 {
		return
	}
	if k == 0 || alpha == 0 {
		scale(c, m, n, ldc, beta)
		return
	}
	if m == 1 && !transA && !transB {
		gemv(n, k, alpha, a, b, ldb, beta, c)
		return
	}
	cfg := active()
	if !transB && sparseSgemm(cfg, transA, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc) {
		return // op(A) is sparse: zero-skipping path (sparse.go)
	}

	ws := workspaces.get()
	j := &ws.job
	*j = job{
		cfg: cfg, owner: ws,
		transA: transA, transB: transB,
		m: m, n: n, k: k, alpha: alpha, beta: beta,
		a: a, lda: lda, b: b, ldb: ldb, c: c, ldc: ldc, pb: pb,
	}
	// Small operands are used in place (no packing) when that is cheaper.
	j.directA = n <= cfg.directAMaxN || m*k <= cfg.directMaxElems
	j.directB = pb == nil && !transB && (m <= cfg.directBMaxM || k*n <= cfg.directMaxElems)

	// Partition whole micro-tiles over N (preferred) or M. Each element is
	// computed by exactly one thread with a fixed summation order.
	threads := Threads()
	if m*n*k < cfg.minParallelMNK {
		threads = 1
	}
	np := (n + cfg.nr - 1) / cfg.nr
	mp := (m + cfg.mr - 1) / cfg.mr
	j.splitN = np >= mp || np >= 2*threads
	if !transA && !j.directA && !transB && mp >= 8*threads {
		// Each chunk packs all of the operand that is not split: prefer
		// duplicating the cheap copy pack of B over the gather pack of A.
		j.splitN = false
	}
	if j.splitN {
		j.panels = np
	} else {
		j.panels = mp
	}
	j.chunks = min(threads, j.panels)
	if j.chunks > 1 && !j.splitN && pb == nil && !j.directB && k*roundUp(n, cfg.nr) <= sharedPackMaxElems {
		// Split over M, every chunk needs all of op(B): pack it once, in
		// parallel, instead of once per chunk.
		ws.shared.pack(cfg, transB, k, n, b, ldb, j.chunks)
		j.pb = &ws.shared
	}
	run(j, j.chunks)
	*j = job{}
	workspaces.put(ws)
}

// sharedPackMaxElems bounds the op(B) an M-split product packs once for all
// its chunks (16 MB); larger ones are packed block by block per chunk.
const sharedPackMaxElems = 1 << 22

func checkMat(name string, x []float32, rows, cols, ld int) {
	if ld < max(1, cols) {
		panic("gemm: bad leading dimension for " + name)
	}
	if rows > 0 && cols > 0 && len(x) < (rows-1)*ld+cols {
		panic("gemm: " + name + " slice too short")
	}
}

// scale sets C = beta*C (C = 0 when beta == 0).
func scale(c []float32, m, n, ldc int, beta float32) {
	if beta == 1 {
		return
	}
	for i := 0; i < m; i++ {
		row := c[i*ldc : i*ldc+n]
		if beta == 0 {
			clear(row)
			continue
		}
		for j := range row {
			row[j] *= beta
		}
	}
}

// job is one Sgemm call; run(i) computes the i-th chunk of tiles.
type job struct {
	cfg              *config
	owner            *workspace
	transA, transB   bool
	directA, directB bool
	splitN           bool
	m, n, k          int
	alpha, beta      float32
	a, b, c          []float32
	lda, ldb, ldc    int
	pb               *PackedB // op(B) packed in advance, or nil
	panels, chunks   int
}

func (j *job) run(i int) {
	lo := i * j.panels / j.chunks
	hi := (i + 1) * j.panels / j.chunks
	ws := j.owner
	if i != 0 {
		ws = workspaces.get()
	}
	if j.splitN {
		j.compute(0, j.m, lo*j.cfg.nr, min(hi*j.cfg.nr, j.n), ws)
	} else {
		j.compute(lo*j.cfg.mr, min(hi*j.cfg.mr, j.m), 0, j.n, ws)
	}
	if i != 0 {
		workspaces.put(ws)
	}
}

// compute does C[i0:i1, j0:j1] with the BLIS loop nest
// jc (NC) / pc (KC) / ic (MC) / jr (NR) / ir (MR).
func (j *job) compute(i0, i1, j0, j1 int, ws *workspace) {
	cfg := j.cfg
	MR, NR, MC, NC := cfg.mr, cfg.nr, cfg.mc, cfg.nc
	// Split k into equal blocks of at most cfg.kc (no short last block).
	// This depends only on k, so the summation order is thread-independent.
	KC := blockK(cfg, j.k)
	nb := min(NC, roundUp(j1-j0, NR)) * min(KC, j.k)
	if j.pb != nil {
		nb = 0
	}
	ws.reserve(min(MC, roundUp(i1-i0, MR))*min(KC, j.k), nb)
	tile := ws.tile[:MR*NR]
	c, ldc := j.c, j.ldc
	for jc := j0; jc < j1; jc += NC {
		nc := min(NC, j1-jc)
		for pc := 0; pc < j.k; pc += KC {
			kc := min(KC, j.k-pc)
			beta := j.beta
			if pc > 0 {
				beta = 1
			}
			if j.pb == nil {
				j.packB(ws.b, jc, nc, pc, kc)
			}
			for ic := i0; ic < i1; ic += MC {
				mc := min(MC, i1-ic)
				j.packA(ws.a, ic, mc, pc, kc)
				// A micro-panels: tile t (rows ic+t*MR...) starts at
				// ap[t*an:]; only full panels may be read in place.
				ap, sa, an, kern := ws.a, MR, MR*kc, cfg.kern
				nFull := mc / MR
				if j.directA {
					if j.transA {
						ap, sa, an = j.a[pc*j.lda+ic:], j.lda, MR
					} else {
						ap, sa, an, kern = j.a[ic*j.lda+pc:], j.lda, MR*j.lda, cfg.kernRow
					}
				}
				for jr := 0; jr < nc; jr += NR {
					nr := min(NR, nc-jr)
					var bp []float32
					sb := NR
					switch {
					case j.pb != nil:
						bp = j.pb.data[pc*j.pb.nPad+(jc+jr)*kc:]
					case !j.directB:
						bp = ws.b[jr*kc:]
					default:
						if nr == NR {
							bp, sb = j.b[pc*j.ldb+jc+jr:], j.ldb
						} else {
							bp = ws.b
						}
					}
					co := ic*ldc + jc + jr
					ir := 0
					if nr == NR && nFull > 0 {
						kern(nFull, kc, ap, sa, an, bp, sb, c[co:], ldc, j.alpha, beta)
						ir = nFull * MR
					}
					// The m edge uses a lower kernel straight into C when one
					// fits exactly; other partial tiles go through the
					// scratch tile.
					for ; ir < mc; ir += MR {
						mr := min(MR, mc-ir)
						ek := cfg.edgeKernel(mr)
						tap, tsa, tkern := ap[ir/MR*an:], sa, ek.kern
						if j.directA && !j.transA {
							tkern = ek.kernRow
						}
						if j.directA && mr < MR && ek.mr != mr {
							tap, tsa, tkern = ws.a, MR, ek.kern // packed by packA
						}
						if ek.mr == mr && nr == NR {
							tkern(1, kc, tap, tsa, 0, bp, sb, c[co+ir*ldc:], ldc, j.alpha, beta)
							continue
						}
						tkern(1, kc, tap, tsa, 0, bp, sb, tile, NR, 1, 0)
						for r := 0; r < mr; r++ {
							crow := c[co+(ir+r)*ldc : co+(ir+r)*ldc+nr]
							trow := tile[r*NR : r*NR+nr]
							for x, t := range trow {
								crow[x] = update(crow[x], t, j.alpha, beta)
							}
						}
					}
				}
			}
		}
	}
}

// packA packs op(A)[ic:ic+mc, pc:pc+kc] into MR-row micro-panels
// (panel q at dst[q*MR*kc:], column p of it at +p*MR), zero padding the
// last panel. With directA only the partial last panel is packed, at dst[0:].
func (j *job) packA(dst []float32, ic, mc, pc, kc int) {
	MR := j.cfg.mr
	if j.transA && !j.directA && mc > MR {
		packRows(dst, j.a, pc*j.lda+ic, j.lda, mc, MR, kc)
		return
	}
	for ir := 0; ir < mc; ir += MR {
		mr := min(MR, mc-ir)
		d := dst[ir*kc : ir*kc+MR*kc]
		if j.directA {
			if mr == MR || j.cfg.edgeKernel(mr).mr == mr {
				continue // read in place
			}
			d = dst[:MR*kc]
		}
		if j.transA {
			packCopy(d, j.a, pc*j.lda+ic+ir, j.lda, mr, MR, kc, j.cfg.copy4)
		} else {
			packGather(d, j.a, (ic+ir)*j.lda+pc, j.lda, mr, MR, kc, j.cfg.gather8)
		}
	}
}

// packB packs op(B)[pc:pc+kc, jc:jc+nc] into NR-column micro-panels
// (panel q at dst[q*NR*kc:], row p of it at +p*NR), zero padding the last
// panel. With directB only the partial last panel is packed, at dst[0:].
func (j *job) packB(dst []float32, jc, nc, pc, kc int) {
	NR := j.cfg.nr
	if !j.transB && !j.directB && nc > NR {
		packRows(dst, j.b, pc*j.ldb+jc, j.ldb, nc, NR, kc)
		return
	}
	for jr := 0; jr < nc; jr += NR {
		nr := min(NR, nc-jr)
		d := dst[jr*kc : jr*kc+NR*kc]
		if j.directB {
			if nr == NR {
				continue
			}
			d = dst[:NR*kc]
		}
		if j.transB {
			packGather(d, j.b, (jc+jr)*j.ldb+pc, j.ldb, nr, NR, kc, j.cfg.gather8)
		} else {
			packCopy(d, j.b, pc*j.ldb+jc+jr, j.ldb, nr, NR, kc, j.cfg.copy4)
		}
	}
}

// packCopy sets dst[p*R+x] = src[off+p*ld+x] for p < kc, x < w, and zero
// for w <= x < R.
func packCopy(dst, src []float32, off, ld, w, R, kc int, c4 copyFunc) {
	if c4 != nil && w == R && R%4 == 0 && kc > 0 {
		c4(kc, src[off:], ld, dst, R)
		return
	}
	for p := 0; p < kc; p++ {
		d := dst[p*R : p*R+R]
		copy(d[:w], src[off+p*ld:off+p*ld+w])
		clear(d[w:])
	}
}

// packGather sets dst[p*R+x] = src[off+x*ld+p] for p < kc, x < w, and zero
// for w <= x < R (a transposing pack).
func packGather(dst, src []float32, off, ld, w, R, kc int, g8 gatherFunc) {
	dst = dst[:kc*R]
	x := 0
	if g8 != nil && kc >= 8 && w >= 8 {
		// 8-row blocks; a last, overlapping block at w-8 covers the rest
		// (e.g. rows 0-7 and 4-11 of a 12-row panel).
		k8 := kc / 8
		for {
			x = min(x, w-8)
			g8(k8, src[off+x*ld:], ld, dst[x:], R)
			for p := 8 * k8; p < kc; p++ {
				for i := 0; i < 8; i++ {
					dst[p*R+x+i] = src[off+(x+i)*ld+p]
				}
			}
			if x += 8; x >= w {
				break
			}
		}
	}
	for ; x+4 <= w; x += 4 {
		o := off + x*ld
		s0 := src[o : o+kc]
		s1 := src[o+ld : o+ld+kc][:len(s0)]
		s2 := src[o+2*ld : o+2*ld+kc][:len(s0)]
		s3 := src[o+3*ld : o+3*ld+kc][:len(s0)]
		for p := range s0 {
			d := (*[4]float32)(dst[p*R+x:])
			d[0], d[1], d[2], d[3] = s0[p], s1[p], s2[p], s3[p]
		}
	}
	if x+2 <= w {
		o := off + x*ld
		s0 := src[o : o+kc]
		s1 := src[o+ld : o+ld+kc][:len(s0)]
		for p := range s0 {
			d := (*[2]float32)(dst[p*R+x:])
			d[0], d[1] = s0[p], s1[p]
		}
		x += 2
	}
	if x < w {
		s0 := src[off+x*ld : off+x*ld+kc]
		for p, v := range s0 {
			dst[p*R+x] = v
		}
		x++
	}
	if x < R {
		for p := 0; p < kc; p++ {
			clear(dst[p*R+x : p*R+R])
		}
	}
}

func roundUp(x, m int) int { return (x + m - 1) / m * m }

// workspace holds one thread's packing buffers; they grow once and are
// reused, so steady-state calls do not allocate.
type workspace struct {
	a, b   []float32
	shared PackedB // op(B) packed for all chunks of an M-split product
	tile   [12 * 32]float32
	job    job
}

func (ws *workspace) reserve(na, nb int) {
	if cap(ws.a) < na {
		ws.a = make([]float32, na)
	}
	ws.a = ws.a[:cap(ws.a)]
	if cap(ws.b) < nb {
		ws.b = make([]float32, nb)
	}
	ws.b = ws.b[:cap(ws.b)]
}

// workspaces holds the dense path's packing workspaces.
var workspaces freeList[workspace]
