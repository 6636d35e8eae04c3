package layers

import (
	"fmt"
	"math"

	"github.com/gokeras/keras/tensor"
)

// embeddingOp gathers rows of the embeddings (in[1]) at the ids (in[0]).
// Invalid ids never crash a replay: their rows are zeros and Err reports the
// first one, which the trainer checks after each step.
type embeddingOp struct {
	layer    string
	n        int // number of ids
	dim      int // output_dim
	vocab    int // input_dim
	maskZero bool
	rows     []int32 // decoded ids (-1: invalid)
	err      error
}

func (op *embeddingOp) Name() string { return "embedding" }

// Err reports the first out-of-range id met by the latest Forward.
func (op *embeddingOp) Err() error { return op.err }

// readIDs decodes and validates the ids.
func (op *embeddingOp) readIDs(ids *tensor.Tensor) error {
	if op.rows == nil {
		op.rows = make([]int32, op.n)
	}
	op.err = nil
	bad := func(i int, v any) {
		op.rows[i] = -1
		if op.err == nil {
			op.err = fmt.Errorf("layer %q (Embedding): token id %v at flat position %d of the input (shape %v) is out of range [0, %d): input_dim=%d",
				op.layer, v, i, ids.Shape(), op.vocab, op.vocab)
		}
	}
	switch ids.DType() {
	case tensor.Int32:
		for i, v := range ids.Int32s() {
			if v < 0 || int(v) >= op.vocab {
				bad(i, v)
				continue
			}
			op.rows[i] = v
		}
	case tensor.Int64:
		for i, v := range ids.Int64s() {
			if v < 0 || v >= int64(op.vocab) {
				bad(i, v)
				continue
			}
			op.rows[i] = int32(v)
		}
	default:
		for i := 0; i < op.n; i++ {
			f := ids.At(i)
			v := math.Trunc(f)
			if math.IsNaN(f) || v < 0 || v >= float64(op.vocab) {
				bad(i, f)
				continue
			}
			op.rows[i] = int32(v)
		}
	}
	return op.err
}

func (op *embeddingOp) Forward(out *tensor.Tensor, in []*tensor.Tensor) {
	op.readIDs(in[0])
	e, o, d := in[1].Float32s(), out.Float32s(), op.dim
	for i, r := range op.rows {
		dst := o[i*d : (i+1)*d]
		if r < 0 {
			clear(dst)
			continue
		}
		copy(dst, e[int(r)*d:(int(r)+1)*d])
	}
}

func (op *embeddingOp) Backward(gout, out *tensor.Tensor, in []*tensor.Tensor, gin []*tensor.Tensor) {
	if gin[1] == nil {
		return
	}
	g, ge, d := gout.Float32s(), gin[1].Float32s(), op.dim
	for i, r := range op.rows {
		if r < 0 {
			continue
		}
		dst, src := ge[int(r)*d:(int(r)+1)*d], g[i*d:(i+1)*d]
		for j := range dst {
			dst[j] += src[j]
		}
	}
}
