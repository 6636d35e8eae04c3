package gemm

// PackedB is op(B) packed once into the micro-panel layout of the active
// kernel, for a matrix that multiplies many different A operands (a
// recurrent kernel used at every time step, for example). The packing cost
// is paid once and every product reads contiguous panels.
//
// Layout: k is split into the same equal blocks Sgemm uses; block pc (rows
// pc..pc+kc) holds roundUp(n, NR)/NR column panels of kc x NR values, panel
// q at data[pc*nPad+q*NR*kc:], zero padded past column n.
//
// A PackedB keeps a reference to the B it was packed from, and products
// fall back to Sgemm on it if the kernel family changed (ForceGeneric).
type PackedB struct {
	cfg    *config
	transB bool
	k, n   int
	nPad   int
	b      []float32
	ldb    int
	data   []float32
	chunks int // parallel packing parts
}

// Pack packs op(B) (k x n; B is n x k when transB, row stride ldb),
// reusing p's memory when it is large enough.
func (p *PackedB) Pack(transB bool, k, n int, b []float32, ldb int) {
	if k < 0 || n < 0 {
		panic("gemm: negative dimension")
	}
	rb, cb := k, n
	if transB {
		rb, cb = n, k
	}
	checkMat("B", b, rb, cb, ldb)
	p.pack(active(), transB, k, n, b, ldb, 1)
}

// pack packs op(B) with cfg's layout, splitting the panels into up to
// chunks parallel parts.
func (p *PackedB) pack(cfg *config, transB bool, k, n int, b []float32, ldb int, chunks int) {
	nPad := roundUp(n, cfg.nr)
	if cap(p.data) < nPad*k {
		p.data = make([]float32, nPad*k)
	}
	*p = PackedB{cfg: cfg, transB: transB, k: k, n: n, nPad: nPad, b: b, ldb: ldb, data: p.data[:nPad*k]}
	if k == 0 || n == 0 {
		return
	}
	p.chunks = min(chunks, nPad/cfg.nr)
	run(p, p.chunks)
}

// run packs chunk i of the column panels, for every k block.
func (p *PackedB) run(i int) {
	NR := p.cfg.nr
	np := p.nPad / NR
	q0, q1 := i*np/p.chunks, (i+1)*np/p.chunks
	j := job{cfg: p.cfg, transB: p.transB, k: p.k, n: p.n, b: p.b, ldb: p.ldb}
	KC := blockK(p.cfg, p.k)
	for pc := 0; pc < p.k; pc += KC {
		kc := min(KC, p.k-pc)
		j.packB(p.data[pc*p.nPad+q0*NR*kc:], q0*NR, min(q1*NR, p.n)-q0*NR, pc, kc)
	}
}

// blockK is the k block size Sgemm uses: k split into equal blocks of at
// most cfg.kc (it depends only on k, so the summation order does too).
func blockK(cfg *config, k int) int {
	nkb := (k + cfg.kc - 1) / cfg.kc
	return (k + nkb - 1) / nkb
}

// SgemmPacked computes C = alpha*op(A)*B + beta*C like Sgemm, with B
// given packed (p holds op(B), k x n). The result is bit-identical to
// Sgemm's on the original operands.
func SgemmPacked(transA bool, m int, alpha float32, a []float32, lda int, p *PackedB, beta float32, c []float32, ldc int) {
	if p.cfg != active() {
		Sgemm(transA, p.transB, m, p.n, p.k, alpha, a, lda, p.b, p.ldb, beta, c, ldc)
		return
	}
	sgemm(transA, p.transB, m, p.n, p.k, alpha, a, lda, p.b, p.ldb, beta, c, ldc, p)
}
