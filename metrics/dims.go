package metrics

import (
	"fmt"

	"github.com/gokeras/keras/tensor"
)

// maxRank bounds the rank of metric inputs; dims keeps shapes on the stack
// so that shape juggling in UpdateState allocates nothing.
const maxRank = 8

// dims is a small fixed-capacity shape.
type dims struct {
	d [maxRank]int
	n int
}

func dimsOf(s tensor.Shape) (dims, error) {
	var d dims
	if len(s) > maxRank {
		return d, fmt.Errorf("rank %d is above the supported %d", len(s), maxRank)
	}
	d.n = copy(d.d[:], s)
	return d, nil
}

func (d dims) last() int { return d.d[d.n-1] }

func (d dims) size() int {
	n := 1
	for i := 0; i < d.n; i++ {
		n *= d.d[i]
	}
	return n
}

// prod is the product of dimensions [from, to).
func (d dims) prod(from, to int) int {
	n := 1
	for i := from; i < to; i++ {
		n *= d.d[i]
	}
	return n
}

func (d dims) squeezeLast() dims { d.n--; return d }

func (d dims) expandLast() dims {
	if d.n < maxRank {
		d.d[d.n] = 1
		d.n++
	}
	return d
}

func (d dims) equal(o dims) bool {
	if d.n != o.n {
		return false
	}
	for i := 0; i < d.n; i++ {
		if d.d[i] != o.d[i] {
			return false
		}
	}
	return true
}

func (d dims) String() string { return tensor.Shape(d.d[:d.n]).String() }

// squeezeOrExpand is Keras's squeeze_or_expand_to_same_rank: when ranks
// differ by one and the longer shape ends in 1, squeeze it (or expand the
// rank-1 shorter one when expandRank1).
func squeezeOrExpand(x1, x2 dims, expandRank1 bool) (dims, dims) {
	if x1.n == x2.n {
		return x1, x2
	}
	if x1.n == x2.n+1 && x1.last() == 1 {
		if x2.n == 1 && expandRank1 {
			x2 = x2.expandLast()
		} else {
			x1 = x1.squeezeLast()
		}
	}
	if x2.n == x1.n+1 && x2.last() == 1 {
		if x1.n == 1 && expandRank1 {
			x1 = x1.expandLast()
		} else {
			x2 = x2.squeezeLast()
		}
	}
	return x1, x2
}

// bcast maps a flat index of a target shape onto the flat index of a source
// shape broadcast (numpy rules, right-aligned, source dims 1 or equal) to it.
type bcast struct {
	n       int
	tdim    [maxRank]int
	sstride [maxRank]int
	same    bool
	scalar  bool
}

// newBcast checks that src broadcasts to dst (broadcast_to semantics).
func newBcast(src, dst dims) (bcast, error) {
	var b bcast
	if src.n > dst.n {
		return b, fmt.Errorf("cannot broadcast shape %v to %v", src, dst)
	}
	b.n = dst.n
	b.same = src.equal(dst)
	b.scalar = src.size() == 1
	stride := 1
	off := dst.n - src.n
	for i := dst.n - 1; i >= 0; i-- {
		b.tdim[i] = dst.d[i]
		if i < off {
			continue
		}
		s := src.d[i-off]
		switch {
		case s == dst.d[i]:
			b.sstride[i] = stride
		case s == 1:
			b.sstride[i] = 0
		default:
			return b, fmt.Errorf("cannot broadcast shape %v to %v", src, dst)
		}
		stride *= s
	}
	return b, nil
}

func (b *bcast) index(j int) int {
	if b.same {
		return j
	}
	if b.scalar {
		return 0
	}
	k := 0
	for i := b.n - 1; i >= 0; i-- {
		d := b.tdim[i]
		k += (j % d) * b.sstride[i]
		j /= d
	}
	return k
}

// grow returns buf resized to n, reallocating only when it is too small.
func grow(buf []float64, n int) []float64 {
	if cap(buf) < n {
		return make([]float64, n)
	}
	return buf[:n]
}
