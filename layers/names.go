package layers

import (
	"fmt"
	"sync"
)

var names struct {
	sync.Mutex
	count map[string]int
}

// UniqueName returns prefix the first time and prefix_1, prefix_2, ... after,
// as Keras names layers ("dense", "dense_1").
func UniqueName(prefix string) string {
	names.Lock()
	defer names.Unlock()
	if names.count == nil {
		names.count = map[string]int{}
	}
	n := names.count[prefix]
	names.count[prefix] = n + 1
	if n == 0 {
		return prefix
	}
	return fmt.Sprintf("%s_%d", prefix, n)
}

// ResetNames restarts the name counters (keras.backend.clear_session).
func ResetNames() {
	names.Lock()
	names.count = nil
	names.Unlock()
}
