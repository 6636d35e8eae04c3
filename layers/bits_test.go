package layers

import (
	"math"
	"testing"
)

// sameBits fails t when got and want (lists of float32 results) differ in
// any bit; what names the comparison in the message.
func sameBits(t *testing.T, what string, got, want [][]float32) {
	t.Helper()
	for i := range want {
		for j := range want[i] {
			if math.Float32bits(got[i][j]) != math.Float32bits(want[i][j]) {
				t.Fatalf("%s: result %d[%d] = %v, want %v", what, i, j, got[i][j], want[i][j])
			}
		}
	}
}
