package tensor

import (
	"fmt"
	"math"
	"strings"
)

// Shape is a tensor's dimensions. In symbolic shapes (layer inputs, Keras's
// None) an unknown dimension is -1.
type Shape []int

// MaxElements bounds the size of any tensor this package allocates (2^34
// elements, 64 GiB of float32; what an int holds on 32-bit platforms);
// larger requests are errors, not allocations.
const MaxElements = min(1<<34, math.MaxInt)

// Size returns the number of elements, or -1 if a dimension is unknown.
func (s Shape) Size() int {
	n := 1
	for _, d := range s {
		if d < 0 {
			return -1
		}
		n *= d
	}
	return n
}

// Rank is the number of dimensions.
func (s Shape) Rank() int { return len(s) }

// Clone returns a copy that does not share memory with s.
func (s Shape) Clone() Shape {
	if s == nil {
		return nil
	}
	return append(Shape{}, s...)
}

// Equal reports whether two shapes have the same dimensions.
func (s Shape) Equal(o Shape) bool {
	if len(s) != len(o) {
		return false
	}
	for i := range s {
		if s[i] != o[i] {
			return false
		}
	}
	return true
}

// Compatible reports whether two shapes agree where both dimensions are known.
func (s Shape) Compatible(o Shape) bool {
	if len(s) != len(o) {
		return false
	}
	for i := range s {
		if s[i] >= 0 && o[i] >= 0 && s[i] != o[i] {
			return false
		}
	}
	return true
}

// String formats the shape as Keras prints it: (None, 28, 28).
func (s Shape) String() string {
	var b strings.Builder
	b.WriteByte('(')
	for i, d := range s {
		if i > 0 {
			b.WriteString(", ")
		}
		if d < 0 {
			b.WriteString("None")
		} else {
			fmt.Fprint(&b, d)
		}
	}
	if len(s) == 1 {
		b.WriteByte(',')
	}
	b.WriteByte(')')
	return b.String()
}

// Validate checks that every dimension is known and non-negative and that the
// element count stays within MaxElements, without overflowing.
func (s Shape) Validate() error {
	n := 1
	for _, d := range s {
		if d < 0 {
			return fmt.Errorf("tensor: shape %v has an unknown or negative dimension", s)
		}
		if d != 0 && n > MaxElements/d {
			return fmt.Errorf("tensor: shape %v has more than %d elements", s, MaxElements)
		}
		n *= d
	}
	return nil
}

// Strides returns the row-major element strides of the shape.
func (s Shape) Strides() []int {
	st := make([]int, len(s))
	acc := 1
	for i := len(s) - 1; i >= 0; i-- {
		st[i] = acc
		acc *= s[i]
	}
	return st
}

// NormAxis maps a possibly negative axis onto [0, rank).
func NormAxis(axis, rank int) (int, error) {
	if axis < -rank || axis >= rank {
		return 0, fmt.Errorf("axis %d is out of range for a tensor of rank %d", axis, rank)
	}
	if axis < 0 {
		axis += rank
	}
	return axis, nil
}
