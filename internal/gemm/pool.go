package gemm

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

var threadSetting atomic.Int64 // 0 means runtime.GOMAXPROCS(0)

// SetThreads sets how many worker goroutines the kernels may use
// (default runtime.GOMAXPROCS(0)); n < 1 restores the default.
func SetThreads(n int) {
	if n < 1 {
		n = 0
	}
	threadSetting.Store(int64(n))
}

// Threads reports how many threads the kernels may use.
func Threads() int {
	if n := threadSetting.Load(); n > 0 {
		return int(n)
	}
	return runtime.GOMAXPROCS(0)
}

// runner is a unit of parallel work: run(i) executes chunk i.
type runner interface{ run(i int) }

// Worker states.
const (
	sleeping int32 = iota // blocked on wake
	spinning              // polling state for work
	assigned              // asked to join the current region
	running               // working on the current region
)

// spinTime is how long an idle worker polls for new work before it blocks.
// Back-to-back parallel regions (the common case in a training step) then
// start without an OS-level wake-up, which costs tens of microseconds.
const spinTime = 100 * time.Microsecond

type worker struct {
	state  atomic.Int32
	wake   chan struct{} // wakes a sleeping worker
	waiter atomic.Bool   // the region's caller blocks on done
	done   chan struct{} // wakes the blocked caller
	_      [64]byte      // keep workers on separate cache lines
}

// workerPool is a lazily grown set of persistent goroutines.
//
// A region claims its chunks dynamically from an atomic counter, and the
// caller works too, so a worker that is slow to wake up (e.g. on an
// oversubscribed machine) costs at most the chunk it actually took; the
// caller withdraws invitations that were not taken up. Which goroutine
// runs a chunk never changes what the chunk computes.
//
// A region holds mu for its whole duration; a region that finds the pool
// busy (another caller, or a nested call from inside a worker) runs
// serially on the calling goroutine instead, so regions never deadlock.
type workerPool struct {
	mu      sync.Mutex
	workers []*worker
	r       runner // current region, set before workers are invited
	chunks  int
	next    atomic.Int64 // next chunk to claim
	pf      forRunner
}

var pool workerPool

// grow makes sure at least n workers exist. Called with mu held.
func (p *workerPool) grow(n int) {
	for len(p.workers) < n {
		w := &worker{wake: make(chan struct{}, 1), done: make(chan struct{}, 1)}
		w.state.Store(spinning)
		p.workers = append(p.workers, w)
		go p.loop(w)
	}
}

func (p *workerPool) loop(w *worker) {
	for {
		start := time.Now()
		for spin := 1; w.state.Load() != assigned; spin++ {
			if spin%256 == 0 {
				if time.Since(start) > spinTime {
					if w.state.CompareAndSwap(spinning, sleeping) {
						<-w.wake
						start = time.Now()
					}
				} else {
					runtime.Gosched() // let goroutines queued on this P run
				}
			}
		}
		if !w.state.CompareAndSwap(assigned, running) {
			continue // invitation withdrawn
		}
		p.work()
		w.state.Store(spinning)
		if w.waiter.CompareAndSwap(true, false) {
			w.done <- struct{}{}
		}
	}
}

// waitFor returns once w is no longer running the current region. It
// polls briefly, then blocks so a descheduled worker can have the CPU.
func (w *worker) waitFor() {
	start := time.Now()
	for spin := 1; w.state.Load() == running; spin++ {
		if spin%64 == 0 && time.Since(start) > spinTime/4 {
			w.waiter.Store(true)
			if w.state.Load() != running && w.waiter.CompareAndSwap(true, false) {
				return // finished; it will not signal
			}
			<-w.done
			return
		}
	}
}

// invite asks w to join the current region.
func (w *worker) invite() {
	if w.state.CompareAndSwap(spinning, assigned) {
		return
	}
	// It was sleeping. At most one token is ever outstanding: tokens are
	// only sent to a sleeping worker, which consumes it before it spins.
	w.state.Store(assigned)
	w.wake <- struct{}{}
}

// work runs chunks of the current region until none are left.
func (p *workerPool) work() {
	for {
		i := int(p.next.Add(1) - 1)
		if i >= p.chunks {
			return
		}
		p.r.run(i)
	}
}

// region runs r.run(i) for every i in [0, chunks) using the caller and up
// to chunks-1 workers. The caller must hold p.mu.
func (p *workerPool) region(r runner, chunks int) {
	nw := chunks - 1
	p.grow(nw)
	p.r, p.chunks = r, chunks
	p.next.Store(0)
	for _, w := range p.workers[:nw] {
		w.invite()
	}
	p.work()
	for _, w := range p.workers[:nw] {
		if w.state.CompareAndSwap(assigned, spinning) {
			continue // never started; withdraw
		}
		w.waitFor()
	}
	p.r = nil
}

// run runs r.run(i) for i in [0, chunks), in parallel when possible.
func run(r runner, chunks int) {
	if chunks > 1 && pool.mu.TryLock() {
		pool.region(r, chunks)
		pool.mu.Unlock()
		return
	}
	for i := 0; i < chunks; i++ {
		r.run(i)
	}
}

type forRunner struct {
	fn     func(lo, hi int)
	n      int
	chunks int
}

func (f *forRunner) run(i int) {
	f.fn(i*f.n/f.chunks, (i+1)*f.n/f.chunks)
}

// ParallelFor splits [0,n) into at most Threads() contiguous chunks of at
// least grain items and runs fn(lo, hi) for each on the persistent worker
// pool, returning when all are done. With one thread, small n, or a busy
// pool (e.g. a nested call) it runs fn(0, n) inline.
//
// ParallelFor itself does not allocate, but because fn is handed to other
// goroutines it escapes: a closure that captures variables is heap
// allocated by the caller. Hot callers can keep a func value in a
// long-lived struct to avoid that.
func ParallelFor(n, grain int, fn func(lo, hi int)) {
	if n <= 0 {
		return
	}
	if grain < 1 {
		grain = 1
	}
	chunks := min(Threads(), n/grain)
	if chunks <= 1 || !pool.mu.TryLock() {
		fn(0, n)
		return
	}
	pool.pf = forRunner{fn: fn, n: n, chunks: chunks}
	pool.region(&pool.pf, chunks)
	pool.pf.fn = nil
	pool.mu.Unlock()
}
