package keras

import (
	"fmt"
	"math"

	"github.com/gokeras/keras/random"
	"github.com/gokeras/keras/tensor"
)

// feeder cuts in-memory arrays (or a Dataset) into batches for the steps.
// For arrays it only produces row indices: the step gathers the rows into
// its own placeholders, so batching allocates nothing.
type feeder struct {
	xs, ys []*tensor.Tensor
	sw     []float32 // per-sample weights (sample_weight x class_weight), or nil
	n      int
	batch  int
	order  []int // row order of the current pass
	pos    int
	ds     Dataset
	dsPos  int
	ident  []int  // 0..batch-1 for Dataset batches
	seed   uint64 // reshuffles of a pass that wraps around (steps_per_epoch)
	passes int
}

func newFeeder(x, y any, sw *tensor.Tensor, cw map[int]float64, batch int) (*feeder, error) {
	if ds, ok := x.(Dataset); ok {
		if y != nil {
			return nil, fmt.Errorf("y must be nil when x is a Dataset (the dataset yields the targets)")
		}
		if sw != nil || cw != nil {
			return nil, fmt.Errorf("sample_weight and class_weight are not supported with a Dataset: return per-sample weights from Batch")
		}
		if ds.Len() <= 0 {
			return nil, fmt.Errorf("the Dataset has no batches (Len() = %d)", ds.Len())
		}
		return &feeder{ds: ds, n: -1}, nil
	}
	xs, err := toTensors("x", x, nil)
	if err != nil {
		return nil, err
	}
	if len(xs) == 0 {
		return nil, fmt.Errorf("x is empty")
	}
	ys, err := toTensors("y", y, nil)
	if err != nil {
		return nil, err
	}
	n, err := sampleCount(xs, ys)
	if err != nil {
		return nil, err
	}
	f := &feeder{xs: xs, ys: ys, n: n, batch: batch, order: make([]int, n)}
	for i := range f.order {
		f.order[i] = i
	}
	if sw != nil {
		if sw.Rank() != 1 || sw.Dim(0) != n {
			return nil, fmt.Errorf("sample_weight must have shape (%d,), got %v", n, sw.Shape())
		}
		f.sw = sw.Float32Values()
	}
	if cw != nil {
		if len(ys) != 1 {
			return nil, fmt.Errorf("class_weight is only supported for models with a single output")
		}
		if f.sw == nil {
			f.sw = make([]float32, n)
			for i := range f.sw {
				f.sw[i] = 1
			}
		}
		if err := applyClassWeight(f.sw, ys[0], cw); err != nil {
			return nil, err
		}
	}
	return f, nil
}

// applyClassWeight multiplies each sample's weight by its class's weight;
// the class is the label, or the argmax of a one-hot row.
func applyClassWeight(sw []float32, y *tensor.Tensor, cw map[int]float64) error {
	n := len(sw)
	row := y.Size() / max(n, 1)
	for i := range sw {
		cls := 0
		if row > 1 {
			best := math.Inf(-1)
			for j := 0; j < row; j++ {
				if v := y.At(i*row + j); v > best {
					best, cls = v, j
				}
			}
		} else {
			cls = int(math.Round(y.At(i)))
		}
		w, ok := cw[cls]
		if !ok {
			w = 1
		}
		sw[i] *= float32(w)
	}
	return nil
}

// batches is the number of batches in one pass.
func (f *feeder) batches() int {
	if f.ds != nil {
		return f.ds.Len()
	}
	return (f.n + f.batch - 1) / f.batch
}

// shuffle draws a new row order from seed (one permutation per epoch).
func (f *feeder) shuffle(seed uint64) {
	if f.ds == nil {
		f.order = random.Permutation(f.n, seed)
	}
}

// rewind restarts the pass.
func (f *feeder) rewind() { f.pos, f.dsPos = 0, 0 }

// next returns the data and row indices of the next batch. A pass that runs
// out (steps_per_epoch larger than the data) starts over, reshuffled when
// reshuffle is set.
func (f *feeder) next(reshuffle bool) (xs, ys []*tensor.Tensor, sw []float32, idx []int, err error) {
	if f.ds != nil {
		if f.dsPos >= f.ds.Len() {
			f.dsPos = 0
		}
		bx, by, bw, err := f.ds.Batch(f.dsPos)
		f.dsPos++
		if err != nil {
			return nil, nil, nil, nil, fmt.Errorf("dataset batch %d: %w", f.dsPos-1, err)
		}
		n, err := sampleCount(bx, by)
		if err != nil {
			return nil, nil, nil, nil, fmt.Errorf("dataset batch %d: %w", f.dsPos-1, err)
		}
		if len(f.ident) < n {
			f.ident = make([]int, n)
			for i := range f.ident {
				f.ident[i] = i
			}
		}
		if bw != nil {
			sw = bw.Float32Values()
		}
		return bx, by, sw, f.ident[:n], nil
	}
	if f.pos >= f.n {
		f.pos = 0
		if reshuffle {
			f.passes++
			f.shuffle(epochSeed(f.seed, -1-f.passes))
		}
	}
	end := min(f.pos+f.batch, f.n)
	idx = f.order[f.pos:end]
	f.pos = end
	return f.xs, f.ys, f.sw, idx, nil
}

// split keeps the first part for training and the last fraction for
// validation, as Keras's validation_split does (before any shuffling).
func (f *feeder) split(frac float64) (*feeder, *feeder, error) {
	if f.ds != nil {
		return nil, nil, fmt.Errorf("validation_split is not supported when x is a Dataset")
	}
	// Keras: split_at = int(math.ceil(num_samples * (1.0 - validation_split)))
	at := int(math.Ceil(float64(f.n) * (1 - frac)))
	nVal := f.n - at
	if at == 0 || nVal == 0 {
		return nil, nil, fmt.Errorf("the split leaves %d training and %d validation samples out of %d; both must be non-empty", at, nVal, f.n)
	}
	cut := func(ts []*tensor.Tensor, lo, hi int) []*tensor.Tensor {
		out := make([]*tensor.Tensor, len(ts))
		for i, t := range ts {
			out[i] = sliceRows(t, lo, hi)
		}
		return out
	}
	mk := func(lo, hi int) *feeder {
		g := &feeder{xs: cut(f.xs, lo, hi), ys: cut(f.ys, lo, hi), n: hi - lo, batch: f.batch, order: make([]int, hi-lo)}
		for i := range g.order {
			g.order[i] = i
		}
		if f.sw != nil {
			g.sw = f.sw[lo:hi]
		}
		return g
	}
	return mk(0, at), mk(at, f.n), nil
}

// sliceRows returns rows [lo, hi) of t, sharing storage.
func sliceRows(t *tensor.Tensor, lo, hi int) *tensor.Tensor {
	row := t.Size() / max(t.Dim(0), 1)
	s := t.Shape().Clone()
	s[0] = hi - lo
	var out *tensor.Tensor
	switch t.DType() {
	case tensor.Float32:
		out, _ = tensor.FromFloat32(t.Float32s()[lo*row:hi*row], s...)
	case tensor.Int32:
		out, _ = tensor.FromInt32(t.Int32s()[lo*row:hi*row], s...)
	case tensor.Int64:
		out, _ = tensor.FromInt64(t.Int64s()[lo*row:hi*row], s...)
	case tensor.Uint8:
		out, _ = tensor.FromUint8(t.Uint8s()[lo*row:hi*row], s...)
	case tensor.Bool:
		out, _ = tensor.FromBool(t.Bools()[lo*row:hi*row], s...)
	case tensor.String:
		out, _ = tensor.FromStrings(t.Strings()[lo*row:hi*row], s...)
	}
	return out
}
