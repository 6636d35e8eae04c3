package tensor

import "fmt"

// DType is the element type of a Tensor, named as Keras names dtypes.
type DType uint8

// The dtypes a Tensor can hold.
const (
	Float32 DType = iota
	Int32
	Int64
	Uint8
	Bool
	String // text, for preprocessing layers (TextVectorization, StringLookup)
)

var dtypeNames = [...]string{Float32: "float32", Int32: "int32", Int64: "int64", Uint8: "uint8", Bool: "bool", String: "string"}

// String returns Keras's name for the dtype ("float32", "int32", ...).
func (d DType) String() string {
	if int(d) < len(dtypeNames) {
		return dtypeNames[d]
	}
	return fmt.Sprintf("dtype(%d)", uint8(d))
}

// ParseDType maps a Keras dtype string to a DType.
func ParseDType(s string) (DType, error) {
	for i, n := range dtypeNames {
		if n == s {
			return DType(i), nil
		}
	}
	return 0, fmt.Errorf("tensor: unsupported dtype %q (supported: float32, int32, int64, uint8, bool, string)", s)
}

// IsFloat reports whether the dtype is a floating-point type.
func (d DType) IsFloat() bool { return d == Float32 }

// IsInt reports whether the dtype is an integer type.
func (d DType) IsInt() bool { return d == Int32 || d == Int64 || d == Uint8 }

// Size is the number of bytes one element takes.
func (d DType) Size() int {
	switch d {
	case Int64:
		return 8
	case Uint8, Bool:
		return 1
	case String:
		return 16
	}
	return 4
}
