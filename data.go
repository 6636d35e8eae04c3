package keras

import (
	"fmt"

	"github.com/gokeras/keras/tensor"
)

// Dataset is the Go form of keras.utils.PyDataset: batches produced on
// demand, for data that does not fit in memory or is generated. Batch returns
// the inputs (one per model input), the targets (one per output; nil when
// predicting) and optional per-sample weights (nil for none).
//
// A Dataset that also has an OnEpochEnd() method is told when each epoch
// ends, as PyDataset.on_epoch_end is.
type Dataset interface {
	Len() int
	Batch(i int) (x, y []*tensor.Tensor, sampleWeight *tensor.Tensor, err error)
}

// toTensors normalizes the forms Fit, Evaluate and Predict accept for x and
// y: a *tensor.Tensor, a []*tensor.Tensor (several inputs or outputs) or nil.
//
// A single tensor is returned in buf (when given) so that per-batch calls
// do not allocate.
func toTensors(what string, v any, buf *[1]*tensor.Tensor) ([]*tensor.Tensor, error) {
	switch x := v.(type) {
	case nil:
		return nil, nil
	case *tensor.Tensor:
		if x == nil {
			return nil, nil
		}
		if buf != nil {
			buf[0] = x
			return buf[:], nil
		}
		return []*tensor.Tensor{x}, nil
	case []*tensor.Tensor:
		for i, t := range x {
			if t == nil {
				return nil, fmt.Errorf("%s[%d] is nil", what, i)
			}
		}
		return x, nil
	}
	return nil, fmt.Errorf("unsupported type %T for %s: pass a *tensor.Tensor, a []*tensor.Tensor or (as x) a keras.Dataset", v, what)
}

// sampleCount checks that every array has the same first dimension and
// returns it.
func sampleCount(groups ...[]*tensor.Tensor) (int, error) {
	n := -1
	for _, g := range groups {
		for _, t := range g {
			if t.Rank() == 0 {
				return 0, fmt.Errorf("data arrays must have a batch dimension, got a scalar")
			}
			if n < 0 {
				n = t.Dim(0)
			} else if t.Dim(0) != n {
				return 0, fmt.Errorf("data cardinality is ambiguous: make sure all arrays contain the same number of samples; got sizes %d and %d", n, t.Dim(0))
			}
		}
	}
	if n < 0 {
		return 0, fmt.Errorf("no data given")
	}
	return n, nil
}

// gatherRows copies rows idx of src into dst (whose first dimension is
// len(idx)), converting the dtype where they differ. It does not allocate.
func gatherRows(dst, src *tensor.Tensor, idx []int) {
	row := 1
	for _, d := range src.Shape()[1:] {
		row *= d
	}
	if dst.DType() == src.DType() && dst.DType() == tensor.Float32 {
		d, s := dst.Float32s(), src.Float32s()
		for i, r := range idx {
			copy(d[i*row:(i+1)*row], s[r*row:(r+1)*row])
		}
		return
	}
	switch dst.DType() {
	case tensor.String:
		if src.DType() == tensor.String {
			d, s := dst.Strings(), src.Strings()
			for i, r := range idx {
				copy(d[i*row:(i+1)*row], s[r*row:(r+1)*row])
			}
			return
		}
	case tensor.Float32:
		d := dst.Float32s()
		switch src.DType() {
		case tensor.Uint8:
			s := src.Uint8s()
			for i, r := range idx {
				for j, v := range s[r*row : (r+1)*row] {
					d[i*row+j] = float32(v)
				}
			}
			return
		}
	case tensor.Int32:
		d := dst.Int32s()
		switch src.DType() {
		case tensor.Int32:
			for i, r := range idx {
				copy(d[i*row:(i+1)*row], src.Int32s()[r*row:(r+1)*row])
			}
			return
		case tensor.Uint8:
			s := src.Uint8s()
			for i, r := range idx {
				for j, v := range s[r*row : (r+1)*row] {
					d[i*row+j] = int32(v)
				}
			}
			return
		}
	}
	for i, r := range idx {
		for j := 0; j < row; j++ {
			setAt(dst, i*row+j, src.At(r*row+j))
		}
	}
}

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

// targetDType picks the dtype a target array is fed as.
func targetDType(src tensor.DType) tensor.DType {
	switch src {
	case tensor.Float32, tensor.Int64, tensor.String:
		return src
	}
	return tensor.Int32
}

// batchShape is src's shape with the first dimension set to n.
func batchShape(src *tensor.Tensor, n int) tensor.Shape {
	s := src.Shape().Clone()
	s[0] = n
	return s
}
