package gemm

import (
	"math"
	"os"
	"sync/atomic"
)

// Sparse-A path: Sgemm with untransposed B skips the zeros of op(A) when a
// sample of A says it is sparse enough (MNIST images are ~80% zeros). See
// "Sparse A" in the package documentation.
const (
	// sparseSampleRows is how many evenly spaced rows of the stored A the
	// density estimate reads (it stops early on rows far over the limit).
	sparseSampleRows = 16
	// sparseMinSample is how many entries the estimate reads before it
	// may stop early.
	sparseMinSample = 512
	// sparseSlots bounds the list entries a thread holds at once (rows are
	// done in groups of sparseSlots/(k+8), or sparseSlots/kc for transA).
	sparseSlots = 16384
	// sparseMinMNK: smaller products (about a microsecond of dense work)
	// are not worth sampling A for.
	sparseMinMNK = 1 << 16
)

// sparseDensityLimit is the largest fraction of nonzeros in op(A) for
// which the sparse kernel is used at width n. The sparse kernel does one
// B load per FMA, and its accumulators for one row of C form only n/8
// dependency chains, so it needs few nonzeros to beat the dense kernel,
// and fewer still when n is small. With uniformly random zeros (the worst
// case: clustered zeros, as in images, keep more of B in L1) the two broke
// even at 27-35% nonzeros for n >= 64 and at ~17% for n = 32 on the AVX2
// machine (BenchmarkSparseDensity); the limits leave a margin for the
// sampling error.
func sparseDensityLimit(n int) float64 {
	switch {
	case n >= 64:
		return 0.25
	case n >= 32:
		return 0.08
	}
	return 0
}

// Modes of the sparse path (sparseMode).
const (
	sparseAuto  int32 = iota // sample A, use the sparse kernel when sparse enough
	sparseOff                // never (the environment variable GOKERAS_GEMM_SPARSE=0)
	sparseForce              // always where supported (tests)
)

var sparseMode atomic.Int32

func init() {
	if os.Getenv("GOKERAS_GEMM_SPARSE") == "0" {
		sparseMode.Store(sparseOff)
	}
}

// setSparseMode sets the sparse path mode and returns the previous one.
func setSparseMode(mode int32) int32 { return sparseMode.Swap(mode) }

// sparseImpl is one implementation of the sparse path's primitives. Both
// produce the same lists; rows must round exactly like the dense kernel
// family it stands in for.
type sparseImpl struct {
	// rows computes rows r < nr of C: with nnz = cnt[r] and row r's list
	// at off[start[r]:], val[start[r]:], it sets, for j < n,
	// c[r*ldc+j] = update(c[r*ldc+j], acc_j, alpha, beta), where acc_j
	// starts at +0 and accumulates val[q]*b[off[q]+j] for q < nnz in
	// order.
	rows func(nr int, cnt, start, off []int32, val []float32, b []float32, n int, c []float32, ldc int, alpha, beta float32)
	// listRows lists the nonzeros (NaN included) of rows r < nr of x,
	// each n long with stride ldx, in increasing p: off[r*stride+q] = p*ld,
	// val[r*stride+q] = x[r*ldx+p], count in cnt[r]. stride >= n+8 (the
	// assembly stores whole vectors).
	listRows func(nr int, x []float32, ldx, n, ld int, off []int32, val []float32, stride int, cnt []int32)
	// count returns the number of nonzeros of x (NaN included).
	count func(x []float32) int
}

// sparseSgemm computes Sgemm (with B not transposed) through the sparse
// kernel when op(A) is sparse enough, and reports whether it did.
func sparseSgemm(cfg *config, transA bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) bool {
	impl := sparseImplFor(cfg)
	switch sparseMode.Load() {
	case sparseOff:
		return false
	case sparseAuto:
		limit := sparseDensityLimit(n)
		if limit == 0 || m*n*k < sparseMinMNK || !sparseEnough(impl, transA, m, k, a, lda, limit) {
			return false
		}
	}
	// The same k blocks as the dense path (job.compute): each block's
	// accumulation starts from zero and is added into C, so skipping zero
	// terms inside a block leaves every rounding step unchanged.
	nkb := (k + cfg.kc - 1) / cfg.kc
	if int64(k)*int64(ldb) > math.MaxInt32 {
		return false // the lists hold B offsets as int32
	}
	ws := sparseWorkspaces.get()
	j := &ws.job
	*j = sparseJob{
		cfg: cfg, impl: impl, owner: ws, transA: transA,
		m: m, n: n, k: k, kc: (k + nkb - 1) / nkb, alpha: alpha, beta: beta,
		a: a, lda: lda, b: b, ldb: ldb, c: c, ldc: ldc,
	}
	threads := Threads()
	if m*n*k < cfg.minParallelMNK {
		threads = 1
	}
	j.chunks = min(threads, m)
	run(j, j.chunks)
	*j = sparseJob{}
	sparseWorkspaces.put(ws)
	return true
}

// sparseEnough reports whether op(A) looks sparse enough (a fraction of at
// most limit nonzeros): it counts the nonzeros of up to sparseSampleRows
// evenly spaced rows of the stored A. It gives up as soon as the rows read
// are twice as dense as the limit, so a dense A costs about one row (or
// sparseMinSample entries); rows only a little denser than the limit do
// not decide alone (the density of images varies from row to row).
func sparseEnough(impl *sparseImpl, transA bool, m, k int, a []float32, lda int, limit float64) bool {
	rows, cols := m, k
	if transA {
		rows, cols = k, m
	}
	s := min(rows, sparseSampleRows)
	nnz, seen := 0, 0
	for t := 0; t < s; t++ {
		i := t * rows / s
		nnz += impl.count(a[i*lda : i*lda+cols])
		seen += cols
		if seen >= sparseMinSample && float64(nnz) > min(1, 2*limit)*float64(seen) {
			return false // clearly too dense
		}
	}
	return float64(nnz) <= limit*float64(seen)
}

// sparseJob is one sparse Sgemm call; run(i) computes the i-th chunk of
// rows of C. Every row is computed by one chunk in a fixed order, so
// results do not depend on the thread count.
type sparseJob struct {
	cfg           *config
	impl          *sparseImpl
	owner         *sparseWS
	transA        bool
	m, n, k, kc   int
	alpha, beta   float32
	a, b, c       []float32
	lda, ldb, ldc int
	chunks        int
}

func (j *sparseJob) run(i int) {
	i0, i1 := i*j.m/j.chunks, (i+1)*j.m/j.chunks
	ws := j.owner
	if i != 0 {
		ws = sparseWorkspaces.get()
	}
	if j.transA {
		j.rowsT(i0, i1, ws)
	} else {
		j.rows(i0, i1, ws)
	}
	if i != 0 {
		sparseWorkspaces.put(ws)
	}
}

// blockBeta is the beta of k block pc: later blocks add to C.
func (j *sparseJob) blockBeta(pc int) float32 {
	if pc > 0 {
		return 1
	}
	return j.beta
}

// rows computes rows [i0, i1) of C for row-major A, in groups of rows.
// The rows of a group are listed in one sequential pass over A (that
// prefetches the next row); each list, whose offsets p*ldb increase, is
// then cut at the k block boundaries, and the kernel runs over the group
// once per k block.
func (j *sparseJob) rows(i0, i1 int, ws *sparseWS) {
	stride := j.k + 8
	g := min(i1-i0, max(1, sparseSlots/stride))
	ws.reserve(g*stride, g)
	nnz, start, cnt := ws.nnz[:g], ws.start[:g], ws.cnt[:g]
	for r0 := i0; r0 < i1; r0 += g {
		nr := min(g, i1-r0)
		j.impl.listRows(nr, j.a[r0*j.lda:], j.lda, j.k, j.ldb, ws.off, ws.val, stride, nnz)
		for r := range nr {
			start[r] = int32(r * stride)
		}
		for pc := 0; pc < j.k; pc += j.kc {
			end := pc + j.kc
			for r := range nr {
				s, e := int(start[r]), r*stride+int(nnz[r])
				if end < j.k {
					e = s + searchOff(ws.off[s:e], int32(end*j.ldb))
				}
				cnt[r] = int32(e - s)
			}
			j.impl.rows(nr, cnt, start, ws.off, ws.val, j.b, j.n, j.c[r0*j.ldc:], j.ldc, j.alpha, j.blockBeta(pc))
			for r := range nr {
				start[r] += cnt[r]
			}
		}
	}
}

// searchOff returns the number of leading entries of the increasing off
// that are below lim (a branch-free binary search).
func searchOff(off []int32, lim int32) int {
	if len(off) == 0 {
		return 0
	}
	base, n := 0, len(off)
	for n > 1 {
		half := n / 2
		if off[base+half] < lim {
			base += half
		}
		n -= half
	}
	if off[base] < lim {
		base++
	}
	return base
}

// rowsT computes rows [i0, i1) of C for transposed A (stored k x m): per
// k block and group of rows it transposes that block of A into rows (the
// dense path's gather pack), lists them and runs the kernel over them.
func (j *sparseJob) rowsT(i0, i1 int, ws *sparseWS) {
	g := min(i1-i0, max(8, sparseSlots/j.kc))
	stride := j.kc + 8
	ws.reserve(g*stride, g)
	if len(ws.t) < g*stride {
		ws.t = make([]float32, g*stride)
	}
	start := ws.start[:g]
	for r := range start {
		start[r] = int32(r * stride)
	}
	for pc := 0; pc < j.k; pc += j.kc {
		kc := min(j.kc, j.k-pc)
		for r0 := i0; r0 < i1; r0 += g {
			nr := min(g, i1-r0)
			packGather(ws.t, j.a, pc*j.lda+r0, j.lda, kc, stride, nr, j.cfg.gather8)
			j.impl.listRows(nr, ws.t, stride, kc, j.ldb, ws.off, ws.val, stride, ws.cnt)
			j.impl.rows(nr, ws.cnt, start, ws.off, ws.val, j.b[pc*j.ldb:], j.n, j.c[r0*j.ldc:], j.ldc, j.alpha, j.blockBeta(pc))
		}
	}
}

// sparseWS holds one thread's lists; like the dense workspaces they grow
// once and are reused, so steady-state calls do not allocate.
type sparseWS struct {
	off   []int32   // B row offsets (p*ldb) of the nonzeros
	val   []float32 // their values
	t     []float32 // transposed block of A (transA)
	nnz   []int32   // list lengths of whole rows
	cnt   []int32   // list lengths of a k block
	start []int32   // where a row's list (for a k block) starts
	job   sparseJob
}

func (ws *sparseWS) reserve(slots, rows int) {
	if len(ws.off) < slots {
		ws.off = make([]int32, slots)
		ws.val = make([]float32, slots)
	}
	if len(ws.cnt) < rows {
		ws.nnz = make([]int32, rows)
		ws.cnt = make([]int32, rows)
		ws.start = make([]int32, rows)
	}
}

// sparseWorkspaces holds the sparse path's workspaces.
var sparseWorkspaces freeList[sparseWS]
