package ops

import (
	"testing"

	"github.com/gokeras/keras/tensor"
)

// TestBcastRuns checks that the runs of a broadcast walk, merged over
// contiguous (and, for sequential walks, constant) axes, visit every output
// element once with the input offsets numpy broadcasting gives, and that
// merging happens where it should.
func TestBcastRuns(t *testing.T) {
	cases := []struct {
		out, a, b  tensor.Shape
		sequential bool
		runs       int // expected number of runs
	}{
		{tensor.Shape{2, 3, 4}, tensor.Shape{2, 3, 4}, tensor.Shape{2, 3, 4}, true, 1},
		{tensor.Shape{2, 3, 4}, tensor.Shape{2, 3, 4}, tensor.Shape{3, 4}, true, 2},
		{tensor.Shape{2, 3, 4}, tensor.Shape{2, 3, 4}, tensor.Shape{}, true, 1},
		{tensor.Shape{2, 3, 4}, tensor.Shape{2, 3, 4}, tensor.Shape{}, false, 6},
		{tensor.Shape{2, 3, 4}, tensor.Shape{2, 3, 4}, tensor.Shape{4}, true, 6},
		{tensor.Shape{2, 3, 4}, tensor.Shape{2, 3, 1}, tensor.Shape{2, 3, 4}, true, 6},
		{tensor.Shape{2, 3, 4}, tensor.Shape{2, 1, 4}, tensor.Shape{2, 3, 4}, true, 6},
		{tensor.Shape{2, 1, 4}, tensor.Shape{2, 1, 4}, tensor.Shape{2, 1, 4}, true, 2},
		{tensor.Shape{5}, tensor.Shape{5}, tensor.Shape{1}, false, 1},
	}
	for _, c := range cases {
		bc := newBcast(c.out, c.a, c.b, c.sequential)
		sa, sb := alignStrides(c.out, c.a), alignStrides(c.out, c.b)
		seen := make([]int, c.out.Size())
		runs := 0
		bc.runs(func(o, oa, ob int) {
			runs++
			for i := 0; i < bc.inner; i++ {
				seen[o+i]++
				// The offsets numpy gives element o+i.
				wa, wb, rest := 0, 0, o+i
				for d := len(c.out) - 1; d >= 0; d-- {
					k := rest % c.out[d]
					rest /= c.out[d]
					wa += k * sa[d]
					wb += k * sb[d]
				}
				if oa+i*bc.ia != wa || ob+i*bc.ib != wb {
					t.Fatalf("%v %v %v: element %d at a %d b %d, want %d %d", c.out, c.a, c.b, o+i, oa+i*bc.ia, ob+i*bc.ib, wa, wb)
				}
			}
		})
		for i, n := range seen {
			if n != 1 {
				t.Fatalf("%v %v %v: element %d visited %d times", c.out, c.a, c.b, i, n)
			}
		}
		if runs != c.runs {
			t.Errorf("%v %v %v sequential=%v: %d runs, want %d", c.out, c.a, c.b, c.sequential, runs, c.runs)
		}
	}
}
