package ops

import (
	"fmt"

	"github.com/gokeras/keras/tensor"
)

type cmpKind uint8

const (
	cmpEq cmpKind = iota
	cmpNe
	cmpGt
	cmpGe
	cmpLt
	cmpLe
	logAnd
	logOr
)

var cmpNames = [...]string{"equal", "not_equal", "greater", "greater_equal", "less", "less_equal", "logical_and", "logical_or"}

// cmpOp compares two broadcast tensors of any dtypes into a bool tensor.
type cmpOp struct {
	kind cmpKind
	bc   *bcast
}

func (op *cmpOp) Name() string { return cmpNames[op.kind] }

func cmpF[T float32 | float64](k cmpKind, x, y T) bool {
	switch k {
	case cmpEq:
		return x == y
	case cmpNe:
		return x != y
	case cmpGt:
		return x > y
	case cmpGe:
		return x >= y
	case cmpLt:
		return x < y
	case cmpLe:
		return x <= y
	case logAnd:
		return x != 0 && y != 0
	}
	return x != 0 || y != 0
}

func (op *cmpOp) Forward(out *tensor.Tensor, in []*tensor.Tensor) {
	o, a, b := out.Bools(), in[0], in[1]
	bc, k := op.bc, op.kind
	n, ia, ib := bc.inner, bc.ia, bc.ib
	if a.DType() == tensor.Float32 && b.DType() == tensor.Float32 {
		x, y := a.Float32s(), b.Float32s()
		bc.runs(func(oo, oa, ob int) {
			for i := 0; i < n; i++ {
				o[oo+i] = cmpF(k, x[oa+i*ia], y[ob+i*ib])
			}
		})
		return
	}
	bc.runs(func(oo, oa, ob int) {
		for i := 0; i < n; i++ {
			o[oo+i] = cmpF(k, a.At(oa+i*ia), b.At(ob+i*ib))
		}
	})
}

func (op *cmpOp) Backward(gout, out *tensor.Tensor, in []*tensor.Tensor, gin []*tensor.Tensor) {}

func compare(k cmpKind, a, b *tensor.Tensor) (*tensor.Tensor, error) {
	name := cmpNames[k]
	if err := nilCheck(name, a, b); err != nil {
		return nil, err
	}
	s, err := BroadcastShapes(a.Shape(), b.Shape())
	if err != nil {
		return nil, fmt.Errorf("ops.%s: %w", name, err)
	}
	return tensor.Apply(&cmpOp{kind: k, bc: newBcast(s, a.Shape(), b.Shape(), true)}, tensor.Bool, s, a, b)
}

// Equal returns a == b element-wise as bool, broadcasting (keras.ops.equal).
// The inputs may have any dtypes.
func Equal(a, b *tensor.Tensor) (*tensor.Tensor, error) { return compare(cmpEq, a, b) }

// NotEqual returns a != b (keras.ops.not_equal).
func NotEqual(a, b *tensor.Tensor) (*tensor.Tensor, error) { return compare(cmpNe, a, b) }

// Greater returns a > b (keras.ops.greater).
func Greater(a, b *tensor.Tensor) (*tensor.Tensor, error) { return compare(cmpGt, a, b) }

// GreaterEqual returns a >= b (keras.ops.greater_equal).
func GreaterEqual(a, b *tensor.Tensor) (*tensor.Tensor, error) { return compare(cmpGe, a, b) }

// Less returns a < b (keras.ops.less).
func Less(a, b *tensor.Tensor) (*tensor.Tensor, error) { return compare(cmpLt, a, b) }

// LessEqual returns a <= b (keras.ops.less_equal).
func LessEqual(a, b *tensor.Tensor) (*tensor.Tensor, error) { return compare(cmpLe, a, b) }

// LogicalAnd returns a AND b, reading non-zero as true (keras.ops.logical_and).
func LogicalAnd(a, b *tensor.Tensor) (*tensor.Tensor, error) { return compare(logAnd, a, b) }

// LogicalOr returns a OR b (keras.ops.logical_or).
func LogicalOr(a, b *tensor.Tensor) (*tensor.Tensor, error) { return compare(logOr, a, b) }

type notOp struct{}

func (notOp) Name() string { return "logical_not" }
func (notOp) Forward(out *tensor.Tensor, in []*tensor.Tensor) {
	o := out.Bools()
	for i := range o {
		o[i] = !truth(in[0], i)
	}
}
func (notOp) Backward(gout, out *tensor.Tensor, in []*tensor.Tensor, gin []*tensor.Tensor) {}

// LogicalNot returns NOT x, reading non-zero as true (keras.ops.logical_not).
func LogicalNot(x *tensor.Tensor) (*tensor.Tensor, error) {
	if err := nilCheck("logical_not", x); err != nil {
		return nil, err
	}
	return tensor.Apply(notOp{}, tensor.Bool, x.Shape(), x)
}

// boolReduceOp is All (every element true) or Any over groups.
type boolReduceOp struct {
	any bool
	g   *groups
}

func (op *boolReduceOp) Name() string {
	if op.any {
		return "any"
	}
	return "all"
}

func (op *boolReduceOp) Forward(out *tensor.Tensor, in []*tensor.Tensor) {
	o := out.Bools()
	for k := range o {
		r := !op.any
		for j := 0; j < op.g.count; j++ {
			if truth(in[0], op.g.offset(k, j)) == op.any {
				r = op.any
				break
			}
		}
		o[k] = r
	}
}

func (op *boolReduceOp) Backward(gout, out *tensor.Tensor, in []*tensor.Tensor, gin []*tensor.Tensor) {
}

func boolReduce(anyOf bool, x *tensor.Tensor, axes []int, keepdims bool) (*tensor.Tensor, error) {
	op := &boolReduceOp{any: anyOf}
	if err := nilCheck(op.Name(), x); err != nil {
		return nil, err
	}
	g, err := newGroups(op.Name(), x.Shape(), axes, keepdims)
	if err != nil {
		return nil, err
	}
	op.g = g
	return tensor.Apply(op, tensor.Bool, g.out, x)
}

// All reports whether every element over axes (nil: all) is true
// (keras.ops.all). Non-bool inputs read non-zero as true.
func All(x *tensor.Tensor, axes []int, keepdims bool) (*tensor.Tensor, error) {
	return boolReduce(false, x, axes, keepdims)
}

// Any reports whether some element over axes (nil: all) is true
// (keras.ops.any).
func Any(x *tensor.Tensor, axes []int, keepdims bool) (*tensor.Tensor, error) {
	return boolReduce(true, x, axes, keepdims)
}
