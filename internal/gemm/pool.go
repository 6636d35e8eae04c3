package gemm

import (
	"runtime"
	"sync"
	"sync/atomic"
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

type task struct {
	r runner
	i int
}

// workerPool is a lazily grown set of persistent goroutines. A parallel
// region holds mu for its whole duration; a region that finds the pool
// busy (another caller, or a nested call from inside a worker) runs
// serially on the calling goroutine instead, so regions never deadlock.
type workerPool struct {
	mu      sync.Mutex
	workers []chan task
	wg      sync.WaitGroup
	pf      forRunner
}

var pool workerPool

// grow makes sure at least n workers exist. Called with mu held.
func (p *workerPool) grow(n int) {
	for len(p.workers) < n {
		ch := make(chan task, 1)
		p.workers = append(p.workers, ch)
		go p.worker(ch)
	}
}

func (p *workerPool) worker(ch chan task) {
	for t := range ch {
		t.r.run(t.i)
		p.wg.Done()
	}
}

// tryRun runs r.run(0..chunks-1) in parallel, chunk 0 on the caller, and
// reports false (running nothing) when the pool is busy.
func (p *workerPool) tryRun(r runner, chunks int) bool {
	if !p.mu.TryLock() {
		return false
	}
	p.grow(chunks - 1)
	p.wg.Add(chunks - 1)
	for i := 1; i < chunks; i++ {
		p.workers[i-1] <- task{r, i}
	}
	r.run(0)
	p.wg.Wait()
	p.mu.Unlock()
	return true
}

// run runs r.run(i) for i in [0, chunks), in parallel when possible.
func run(r runner, chunks int) {
	if chunks > 1 && pool.tryRun(r, chunks) {
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
	p := &pool
	p.pf = forRunner{fn: fn, n: n, chunks: chunks}
	p.grow(chunks - 1)
	p.wg.Add(chunks - 1)
	for i := 1; i < chunks; i++ {
		p.workers[i-1] <- task{&p.pf, i}
	}
	p.pf.run(0)
	p.wg.Wait()
	p.pf.fn = nil
	p.mu.Unlock()
}
