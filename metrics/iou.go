package metrics

import (
	"fmt"
	"math"

	"github.com/gokeras/keras/tensor"
)

// MeanIoU is keras.metrics.MeanIoU: the mean over classes of
// TP / (TP + FP + FN), from a num_classes x num_classes confusion matrix
// accumulated over batches. Labels and predictions are class ids
// (sparse_y_true/sparse_y_pred=True) or scores whose argmax over the last
// axis is taken. Pairs with an id outside [0, num_classes), or whose label
// is ignore_class, are skipped. Classes that never occur are left out of the
// mean. With the default dtype ("int", reported as "int32" like Keras's
// non-TensorFlow backends) values and sample weights are truncated to
// integers, as in Keras.
type MeanIoU struct {
	base
	numClasses  int
	ignoreClass *int
	sparseTrue  bool
	sparsePred  bool
	axis        int
	intDType    bool
	cm          []float64
}

// NewMeanIoU returns keras.metrics.MeanIoU(num_classes) (options WithName,
// WithDType, WithIgnoreClass, WithSparseYTrue, WithSparseYPred, WithAxis).
func NewMeanIoU(numClasses int, opts ...Option) (*MeanIoU, error) {
	if numClasses < 1 {
		return nil, fmt.Errorf("metrics: MeanIoU: num_classes must be >= 1, received num_classes=%d", numClasses)
	}
	o := &options{}
	for _, f := range opts {
		if f != nil {
			f(o)
		}
	}
	dt := "int32"
	intD := true
	if o.has(optDType) {
		switch o.dtype {
		case "int", "int32":
			dt = "int32"
		case "int64", "uint8", "int16", "int8":
			dt = o.dtype
		case "float16", "bfloat16", "float32", "float64":
			dt, intD = o.dtype, false
		default:
			return nil, fmt.Errorf("metrics: MeanIoU: unsupported dtype %q", o.dtype)
		}
	}
	rest := append(append([]Option(nil), opts...), WithDType("float32"))
	p, err := parseOptions("MeanIoU", "mean_io_u", optIgnoreClass|optSparseYTrue|optSparseYPred|optAxis, rest)
	if err != nil {
		return nil, err
	}
	m := &MeanIoU{base: base{p.name, "MeanIoU", dt}, numClasses: numClasses, sparseTrue: true, sparsePred: true,
		axis: -1, intDType: intD, cm: make([]float64, numClasses*numClasses)}
	if p.has(optIgnoreClass) {
		ic := p.ignoreClass
		m.ignoreClass = &ic
	}
	if p.has(optSparseYTrue) {
		m.sparseTrue = p.sparseYTrue
	}
	if p.has(optSparseYPred) {
		m.sparsePred = p.sparseYPred
	}
	return m, nil
}

// UpdateState adds the batch's (weighted) confusion matrix.
func (m *MeanIoU) UpdateState(yTrue, yPred, sampleWeight *tensor.Tensor) error {
	if err := nilErr(m, yTrue, yPred); err != nil {
		return err
	}
	nt, ct := yTrue.Size(), 1
	if !m.sparseTrue {
		if yTrue.Rank() == 0 {
			return shapeErr(m, "one-hot y_true must have rank >= 1", yTrue, yPred)
		}
		ct = yTrue.Dim(-1)
		nt /= max(ct, 1)
	}
	np, cp := yPred.Size(), 1
	if !m.sparsePred {
		if yPred.Rank() == 0 {
			return shapeErr(m, "y_pred scores must have rank >= 1", yTrue, yPred)
		}
		cp = yPred.Dim(-1)
		np /= max(cp, 1)
	}
	if nt != np {
		return shapeErr(m, "y_true and y_pred must hold the same number of elements", yTrue, yPred)
	}
	var wb bcast
	if sampleWeight != nil {
		var err error
		wb, err = newBcast(dims{d: [maxRank]int{sampleWeight.Size()}, n: 1}, dims{d: [maxRank]int{nt}, n: 1})
		if err != nil {
			return fmt.Errorf("metrics: %s (MeanIoU): sample_weight of shape %v does not match %d labels: %w",
				m.name, sampleWeight.Shape(), nt, err)
		}
	}
	k := float64(m.numClasses)
	for i := 0; i < nt; i++ {
		var t, p float64
		if m.sparseTrue {
			t = yTrue.At(i)
		} else {
			t = float64(argmaxRow(yTrue, i, ct))
		}
		if m.sparsePred {
			p = yPred.At(i)
		} else {
			p = float64(argmaxRow(yPred, i, cp))
		}
		if m.intDType {
			t, p = math.Trunc(t), math.Trunc(p)
		}
		if !(t >= 0 && t < k && p >= 0 && p < k) {
			continue
		}
		if m.ignoreClass != nil && t == float64(*m.ignoreClass) {
			continue
		}
		w := 1.0
		if sampleWeight != nil {
			w = sampleWeight.At(wb.index(i))
			if m.intDType {
				w = math.Trunc(w)
			}
		}
		m.cm[int(t)*m.numClasses+int(p)] += w
	}
	return nil
}

// Result returns the mean IoU over the classes present.
func (m *MeanIoU) Result() float64 {
	n := m.numClasses
	sum, valid := 0.0, 0.0
	for c := 0; c < n; c++ {
		row, col := 0.0, 0.0
		for j := 0; j < n; j++ {
			row += m.cm[c*n+j]
			col += m.cm[j*n+c]
		}
		tp := m.cm[c*n+c]
		den := float64(float32(row + col - tp))
		if den > 1e-9 {
			valid++
			sum += tp / (den + epsilon)
		}
	}
	return sum / (valid + epsilon)
}

// ResetState zeroes the confusion matrix.
func (m *MeanIoU) ResetState() { clear(m.cm) }

// ConfusionMatrix returns a copy of the accumulated matrix (rows: labels,
// columns: predictions).
func (m *MeanIoU) ConfusionMatrix() []float64 { return append([]float64(nil), m.cm...) }

// GetConfig returns {num_classes, name, dtype, ignore_class, sparse_y_true,
// sparse_y_pred, axis}.
func (m *MeanIoU) GetConfig() map[string]any {
	return map[string]any{
		"num_classes":   m.numClasses,
		"name":          m.name,
		"dtype":         m.dtype,
		"ignore_class":  intOrNil(m.ignoreClass),
		"sparse_y_true": m.sparseTrue,
		"sparse_y_pred": m.sparsePred,
		"axis":          m.axis,
	}
}
