package callbacks

import "slices"

// orderedKeys appends logs' keys to dst in Keras's order: the keys of order
// still present, then the remaining keys sorted (pythonify_logs sorts; keys
// added later by callbacks come after).
func orderedKeys(dst []string, order []string, logs Logs) []string {
	dst = dst[:0]
	for _, k := range order {
		if _, ok := logs[k]; ok {
			dst = append(dst, k)
		}
	}
	if len(dst) == len(logs) {
		return dst
	}
	n := len(dst)
	for k := range logs {
		if !slices.Contains(dst[:n], k) {
			dst = append(dst, k)
		}
	}
	slices.Sort(dst[n:])
	return dst
}
