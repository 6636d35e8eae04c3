package tensor

import (
	"fmt"
	"strings"
)

// Tensor is a dense row-major n-d array. Exactly one of its data slices is in
// use, chosen by its DType. The zero Tensor is an empty float32 scalar-less
// value; build tensors with the constructors below.
type Tensor struct {
	shape Shape
	dtype DType
	f32   []float32
	i32   []int32
	i64   []int64
	u8    []uint8
	b     []bool
	str   []string

	node *Node   // set when the tensor is part of a tracked graph
	mask *Tensor // Keras's _keras_mask: which timesteps are real (bool)
}

// New allocates a zero-filled tensor. It fails (rather than allocating) when
// the shape is invalid or too large.
func New(dtype DType, shape ...int) (*Tensor, error) {
	s := Shape(shape).Clone()
	if err := s.Validate(); err != nil {
		return nil, err
	}
	t := &Tensor{shape: s, dtype: dtype}
	n := s.Size()
	switch dtype {
	case Float32:
		t.f32 = make([]float32, n)
	case Int32:
		t.i32 = make([]int32, n)
	case Int64:
		t.i64 = make([]int64, n)
	case Uint8:
		t.u8 = make([]uint8, n)
	case Bool:
		t.b = make([]bool, n)
	case String:
		t.str = make([]string, n)
	default:
		return nil, fmt.Errorf("tensor: unknown dtype %v", dtype)
	}
	return t, nil
}

// Zeros allocates a float32 tensor of zeros. It panics only on an invalid
// shape, so use it with shapes the caller has already checked; use New for
// shapes that come from outside.
func Zeros(shape ...int) *Tensor {
	t, err := New(Float32, shape...)
	if err != nil {
		panic(err)
	}
	return t
}

// FromFloat32 wraps data (not copied) as a float32 tensor of the given shape.
func FromFloat32(data []float32, shape ...int) (*Tensor, error) {
	s, err := checkLen(len(data), shape)
	if err != nil {
		return nil, err
	}
	return &Tensor{shape: s, dtype: Float32, f32: data}, nil
}

// FromInt32 wraps data (not copied) as an int32 tensor.
func FromInt32(data []int32, shape ...int) (*Tensor, error) {
	s, err := checkLen(len(data), shape)
	if err != nil {
		return nil, err
	}
	return &Tensor{shape: s, dtype: Int32, i32: data}, nil
}

// FromInt64 wraps data (not copied) as an int64 tensor.
func FromInt64(data []int64, shape ...int) (*Tensor, error) {
	s, err := checkLen(len(data), shape)
	if err != nil {
		return nil, err
	}
	return &Tensor{shape: s, dtype: Int64, i64: data}, nil
}

// FromUint8 wraps data (not copied) as a uint8 tensor.
func FromUint8(data []uint8, shape ...int) (*Tensor, error) {
	s, err := checkLen(len(data), shape)
	if err != nil {
		return nil, err
	}
	return &Tensor{shape: s, dtype: Uint8, u8: data}, nil
}

// FromBool wraps data (not copied) as a bool tensor.
func FromBool(data []bool, shape ...int) (*Tensor, error) {
	s, err := checkLen(len(data), shape)
	if err != nil {
		return nil, err
	}
	return &Tensor{shape: s, dtype: Bool, b: data}, nil
}

// FromStrings wraps data (not copied) as a string tensor.
func FromStrings(data []string, shape ...int) (*Tensor, error) {
	s, err := checkLen(len(data), shape)
	if err != nil {
		return nil, err
	}
	return &Tensor{shape: s, dtype: String, str: data}, nil
}

// Scalar returns a rank-0 float32 tensor.
func Scalar(v float32) *Tensor {
	return &Tensor{shape: Shape{}, dtype: Float32, f32: []float32{v}}
}

func checkLen(n int, shape []int) (Shape, error) {
	s := Shape(shape).Clone()
	if err := s.Validate(); err != nil {
		return nil, err
	}
	if s.Size() != n {
		return nil, fmt.Errorf("tensor: %d values do not fill shape %v (%d elements)", n, s, s.Size())
	}
	return s, nil
}

// Shape returns the tensor's dimensions. Callers must not modify it.
func (t *Tensor) Shape() Shape { return t.shape }

// DType returns the element type.
func (t *Tensor) DType() DType { return t.dtype }

// Rank is the number of dimensions.
func (t *Tensor) Rank() int { return len(t.shape) }

// Size is the number of elements.
func (t *Tensor) Size() int { return t.shape.Size() }

// Dim returns dimension i (negative i counts from the end).
func (t *Tensor) Dim(i int) int {
	if i < 0 {
		i += len(t.shape)
	}
	return t.shape[i]
}

// Float32s returns the float32 data (nil for other dtypes). It aliases the
// tensor's storage.
func (t *Tensor) Float32s() []float32 { return t.f32 }

// Int32s returns the int32 data (nil for other dtypes).
func (t *Tensor) Int32s() []int32 { return t.i32 }

// Int64s returns the int64 data (nil for other dtypes).
func (t *Tensor) Int64s() []int64 { return t.i64 }

// Uint8s returns the uint8 data (nil for other dtypes).
func (t *Tensor) Uint8s() []uint8 { return t.u8 }

// Bools returns the bool data (nil for other dtypes).
func (t *Tensor) Bools() []bool { return t.b }

// Strings returns the string data (nil for other dtypes).
func (t *Tensor) Strings() []string { return t.str }

// Item returns the value of a one-element tensor as float64.
func (t *Tensor) Item() float64 { return t.At(0) }

// At returns element i of the flat data as float64, whatever the dtype
// (0 for strings).
func (t *Tensor) At(i int) float64 {
	switch t.dtype {
	case Float32:
		return float64(t.f32[i])
	case Int32:
		return float64(t.i32[i])
	case Int64:
		return float64(t.i64[i])
	case Uint8:
		return float64(t.u8[i])
	case Bool:
		if t.b[i] {
			return 1
		}
	}
	return 0
}

// Clone returns a deep copy of the data, detached from any graph.
func (t *Tensor) Clone() *Tensor {
	c := &Tensor{shape: t.shape.Clone(), dtype: t.dtype}
	c.f32 = append([]float32(nil), t.f32...)
	c.i32 = append([]int32(nil), t.i32...)
	c.i64 = append([]int64(nil), t.i64...)
	c.u8 = append([]uint8(nil), t.u8...)
	c.b = append([]bool(nil), t.b...)
	c.str = append([]string(nil), t.str...)
	return c
}

// Mask returns the Keras mask attached to t (a bool tensor, true for the
// entries that are real data, e.g. non-padding timesteps), or nil. Layers
// that produce masks (Embedding with mask_zero, Masking) attach them; layers
// that support masking pass them on.
func (t *Tensor) Mask() *Tensor { return t.mask }

// SetMask attaches a Keras mask to t (nil removes it).
func (t *Tensor) SetMask(m *Tensor) { t.mask = m }

// Detach returns a tensor sharing t's data but not its graph node.
func (t *Tensor) Detach() *Tensor {
	c := *t
	c.node = nil
	return &c
}

// CopyFrom copies src's data into t; both must have the same dtype and size.
func (t *Tensor) CopyFrom(src *Tensor) error {
	if t.dtype != src.dtype || t.Size() != src.Size() {
		return fmt.Errorf("tensor: cannot copy %v %v into %v %v", src.dtype, src.shape, t.dtype, t.shape)
	}
	copy(t.f32, src.f32)
	copy(t.i32, src.i32)
	copy(t.i64, src.i64)
	copy(t.u8, src.u8)
	copy(t.b, src.b)
	copy(t.str, src.str)
	return nil
}

// View returns a tensor that shares t's storage with another shape of the
// same size. It is not tracked; ops.Reshape is the differentiable form.
func (t *Tensor) View(shape ...int) (*Tensor, error) {
	s := Shape(shape).Clone()
	if err := s.Validate(); err != nil {
		return nil, err
	}
	if s.Size() != t.Size() {
		return nil, fmt.Errorf("tensor: cannot view %v (%d elements) as %v", t.shape, t.Size(), s)
	}
	return &Tensor{shape: s, dtype: t.dtype, f32: t.f32, i32: t.i32, i64: t.i64, u8: t.u8, b: t.b, str: t.str}, nil
}

// SetStorage makes t share src's storage (same dtype and size required). Ops
// whose output aliases an input (reshape) use it in Forward.
func (t *Tensor) SetStorage(src *Tensor) {
	t.f32, t.i32, t.i64, t.u8, t.b, t.str = src.f32, src.i32, src.i64, src.u8, src.b, src.str
}

// Zero sets every element to zero.
func (t *Tensor) Zero() {
	clear(t.f32)
	clear(t.i32)
	clear(t.i64)
	clear(t.u8)
	clear(t.b)
	clear(t.str)
}

// Fill sets every float32 element to v.
func (t *Tensor) Fill(v float32) {
	for i := range t.f32 {
		t.f32[i] = v
	}
}

// Float32Values returns the elements converted to float32 (a copy).
func (t *Tensor) Float32Values() []float32 {
	out := make([]float32, t.Size())
	for i := range out {
		out[i] = float32(t.At(i))
	}
	return out
}

// String prints dtype, shape and up to 8 leading values.
func (t *Tensor) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Tensor(shape=%v, dtype=%v, [", t.shape, t.dtype)
	n := t.Size()
	for i := 0; i < n && i < 8; i++ {
		if i > 0 {
			b.WriteString(" ")
		}
		if t.dtype == String {
			fmt.Fprintf(&b, "%q", t.str[i])
			continue
		}
		fmt.Fprintf(&b, "%g", t.At(i))
	}
	if n > 8 {
		b.WriteString(" ...")
	}
	b.WriteString("])")
	return b.String()
}

// ShareRows makes t use rows [lo, hi) of src's storage (along the first
// axis) instead of its own, without copying or allocating. t and src must
// have the same dtype and row size, and t's first dimension must be hi-lo;
// it reports whether it could. Batches that are a contiguous slice of the
// data are fed to compiled steps this way.
func (t *Tensor) ShareRows(src *Tensor, lo, hi int) bool {
	if t.dtype != src.dtype || len(t.shape) == 0 || len(src.shape) != len(t.shape) || t.shape[0] != hi-lo ||
		lo < 0 || hi > src.shape[0] || !t.shape[1:].Equal(src.shape[1:]) {
		return false
	}
	row := t.shape[1:].Size()
	a, b := lo*row, hi*row
	switch t.dtype {
	case Float32:
		t.f32 = src.f32[a:b:b]
	case Int32:
		t.i32 = src.i32[a:b:b]
	case Int64:
		t.i64 = src.i64[a:b:b]
	case Uint8:
		t.u8 = src.u8[a:b:b]
	case Bool:
		t.b = src.b[a:b:b]
	case String:
		t.str = src.str[a:b:b]
	default:
		return false
	}
	return true
}
