package ops

import (
	"fmt"
	"math"

	"github.com/gokeras/keras/internal/vmath"
	"github.com/gokeras/keras/tensor"
)

type binKind uint8

const (
	binAdd binKind = iota
	binSub
	binMul
	binDiv
	binMax
	binMin
	binPow
	binDivNoNan
)

var binNames = [...]string{"add", "subtract", "multiply", "divide", "maximum", "minimum", "power", "divide_no_nan"}

// binaryOp is an element-wise arithmetic op with numpy broadcasting.
type binaryOp struct {
	kind binKind
	bc   *bcast
}

func (op *binaryOp) Name() string { return binNames[op.kind] }

func (op *binaryOp) Forward(out *tensor.Tensor, in []*tensor.Tensor) {
	if out.DType() != tensor.Float32 {
		op.forwardGeneric(out, in)
		return
	}
	o, a, b := out.Float32s(), in[0].Float32s(), in[1].Float32s()
	bc := op.bc
	n, ia, ib := bc.inner, bc.ia, bc.ib
	bc.runs(func(oo, oa, ob int) {
		d := o[oo : oo+n]
		switch op.kind {
		case binAdd:
			if ia == 1 && ib == 1 {
				vmath.Add(d, a[oa:oa+n], b[ob:ob+n])
				return
			}
			for i := range d {
				d[i] = a[oa+i*ia] + b[ob+i*ib]
			}
		case binSub:
			if ia == 1 && ib == 1 {
				vmath.Sub(d, a[oa:oa+n], b[ob:ob+n])
				return
			}
			for i := range d {
				d[i] = a[oa+i*ia] - b[ob+i*ib]
			}
		case binMul:
			if ia == 1 && ib == 1 {
				vmath.Mul(d, a[oa:oa+n], b[ob:ob+n])
				return
			}
			for i := range d {
				d[i] = a[oa+i*ia] * b[ob+i*ib]
			}
		case binDiv:
			for i := range d {
				d[i] = a[oa+i*ia] / b[ob+i*ib]
			}
		case binMax:
			for i := range d {
				d[i] = max(a[oa+i*ia], b[ob+i*ib])
			}
		case binMin:
			for i := range d {
				d[i] = min(a[oa+i*ia], b[ob+i*ib])
			}
		case binPow:
			for i := range d {
				d[i] = float32(math.Pow(float64(a[oa+i*ia]), float64(b[ob+i*ib])))
			}
		case binDivNoNan:
			for i := range d {
				if y := b[ob+i*ib]; y != 0 {
					d[i] = a[oa+i*ia] / y
				} else {
					d[i] = 0
				}
			}
		}
	})
}

// forwardGeneric computes integer results in float64 and stores them in the
// output dtype.
func (op *binaryOp) forwardGeneric(out *tensor.Tensor, in []*tensor.Tensor) {
	bc := op.bc
	n, ia, ib := bc.inner, bc.ia, bc.ib
	bc.runs(func(oo, oa, ob int) {
		for i := 0; i < n; i++ {
			x, y := in[0].At(oa+i*ia), in[1].At(ob+i*ib)
			var r float64
			switch op.kind {
			case binAdd:
				r = x + y
			case binSub:
				r = x - y
			case binMul:
				r = x * y
			case binDiv, binDivNoNan:
				if y != 0 {
					r = math.Floor(x / y)
				}
			case binMax:
				r = max(x, y)
			case binMin:
				r = min(x, y)
			case binPow:
				r = math.Pow(x, y)
			}
			setAt(out, oo+i, r)
		}
	})
}

func (op *binaryOp) Backward(gout, out *tensor.Tensor, in []*tensor.Tensor, gin []*tensor.Tensor) {
	g, o := gout.Float32s(), out.Float32s()
	a, b := in[0].Float32s(), in[1].Float32s()
	var ga, gb []float32
	if gin[0] != nil {
		ga = gin[0].Float32s()
	}
	if gin[1] != nil {
		gb = gin[1].Float32s()
	}
	bc := op.bc
	n, ia, ib := bc.inner, bc.ia, bc.ib
	bc.runs(func(oo, oa, ob int) {
		if op.backwardRun(g[oo:oo+n], a, b, ga, gb, oa, ob, ia, ib) {
			return
		}
		for i := 0; i < n; i++ {
			gi := g[oo+i]
			x, y := a[oa+i*ia], b[ob+i*ib]
			var da, db float32
			switch op.kind {
			case binAdd:
				da, db = gi, gi
			case binSub:
				da, db = gi, -gi
			case binMul:
				da, db = gi*y, gi*x
			case binDiv:
				da, db = gi/y, -gi*x/(y*y)
			case binDivNoNan:
				if y != 0 {
					da, db = gi/y, -gi*x/(y*y)
				}
			case binMax: // ties send the gradient to the first argument
				if x >= y {
					da = gi
				} else {
					db = gi
				}
			case binMin:
				if x <= y {
					da = gi
				} else {
					db = gi
				}
			case binPow:
				da = gi * y * float32(math.Pow(float64(x), float64(y-1)))
				if x > 0 {
					db = gi * o[oo+i] * float32(math.Log(float64(x)))
				}
			}
			if ga != nil {
				ga[oa+i*ia] += da
			}
			if gb != nil {
				gb[ob+i*ib] += db
			}
		}
	})
}

func binary(kind binKind, a, b *tensor.Tensor) (*tensor.Tensor, error) {
	if a == nil || b == nil {
		return nil, fmt.Errorf("ops.%s: nil tensor argument", binNames[kind])
	}
	a, b, err := promote(binNames[kind], a, b)
	if err != nil {
		return nil, err
	}
	shape, err := BroadcastShapes(a.Shape(), b.Shape())
	if err != nil {
		return nil, fmt.Errorf("ops.%s: %w", binNames[kind], err)
	}
	op := &binaryOp{kind: kind, bc: newBcast(shape, a.Shape(), b.Shape(), true)}
	return tensor.Apply(op, a.DType(), shape, a, b)
}

// promote brings two tensors to one dtype as Keras does: an int and a float
// give float32; two ints of different widths give the wider one.
func promote(name string, a, b *tensor.Tensor) (*tensor.Tensor, *tensor.Tensor, error) {
	if a.DType() == b.DType() {
		if a.DType() != tensor.Bool {
			return a, b, nil
		}
		a2, err := Cast(a, tensor.Int32)
		if err != nil {
			return nil, nil, err
		}
		b2, err := Cast(b, tensor.Int32)
		return a2, b2, err
	}
	target := tensor.Float32
	if !a.DType().IsFloat() && !b.DType().IsFloat() {
		target = tensor.Int64
		if a.DType() != tensor.Int64 && b.DType() != tensor.Int64 {
			target = tensor.Int32
		}
	}
	var err error
	if a.DType() != target {
		if a, err = Cast(a, target); err != nil {
			return nil, nil, fmt.Errorf("ops.%s: %w", name, err)
		}
	}
	if b.DType() != target {
		if b, err = Cast(b, target); err != nil {
			return nil, nil, fmt.Errorf("ops.%s: %w", name, err)
		}
	}
	return a, b, nil
}

// Add returns a + b with broadcasting (keras.ops.add).
func Add(a, b *tensor.Tensor) (*tensor.Tensor, error) { return binary(binAdd, a, b) }

// Subtract returns a - b (keras.ops.subtract).
func Subtract(a, b *tensor.Tensor) (*tensor.Tensor, error) { return binary(binSub, a, b) }

// Multiply returns a * b element-wise (keras.ops.multiply).
func Multiply(a, b *tensor.Tensor) (*tensor.Tensor, error) { return binary(binMul, a, b) }

// Divide returns a / b (keras.ops.divide; floor division for integers).
func Divide(a, b *tensor.Tensor) (*tensor.Tensor, error) { return binary(binDiv, a, b) }

// DivideNoNan returns a / b, or 0 where b is 0 (keras.ops.divide_no_nan).
func DivideNoNan(a, b *tensor.Tensor) (*tensor.Tensor, error) { return binary(binDivNoNan, a, b) }

// Maximum returns the element-wise maximum (keras.ops.maximum).
func Maximum(a, b *tensor.Tensor) (*tensor.Tensor, error) { return binary(binMax, a, b) }

// Minimum returns the element-wise minimum (keras.ops.minimum).
func Minimum(a, b *tensor.Tensor) (*tensor.Tensor, error) { return binary(binMin, a, b) }

// Power returns a ** b (keras.ops.power).
func Power(a, b *tensor.Tensor) (*tensor.Tensor, error) { return binary(binPow, a, b) }

func setAt(t *tensor.Tensor, i int, v float64) {
	switch t.DType() {
	case tensor.Float32:
		t.Float32s()[i] = float32(v)
	case tensor.Int32:
		t.Int32s()[i] = int32(v)
	case tensor.Int64:
		t.Int64s()[i] = int64(v)
	case tensor.Uint8:
		t.Uint8s()[i] = uint8(v)
	case tensor.Bool:
		t.Bools()[i] = v != 0
	}
}
