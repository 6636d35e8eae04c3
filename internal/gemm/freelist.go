package gemm

import "sync"

// freeList is a mutex-guarded stack of per-call scratch objects (packing
// workspaces). Their buffers grow once and are reused, so steady-state
// calls do not allocate.
type freeList[T any] struct {
	mu   sync.Mutex
	free []*T
}

// get returns a free object, or a new one when none is free.
func (l *freeList[T]) get() *T {
	l.mu.Lock()
	defer l.mu.Unlock()
	if n := len(l.free); n > 0 {
		x := l.free[n-1]
		l.free = l.free[:n-1]
		return x
	}
	return new(T)
}

// put hands x back for reuse.
func (l *freeList[T]) put(x *T) {
	l.mu.Lock()
	l.free = append(l.free, x)
	l.mu.Unlock()
}
