package metrics

import (
	"fmt"
	"strings"
)

// Option configures a metric constructor (keyword arguments in Keras).
// Passing an option that the metric does not take is an error.
type Option func(*options)

type optBit uint32

const (
	optName optBit = 1 << iota
	optDType
	optThreshold
	optThresholds
	optTopK
	optClassID
	optK
	optFromLogits
	optLabelSmoothing
	optAxis
	optIgnoreClass
	optAverage
	optBeta
	optNumThresholds
	optCurve
	optSummation
	optMultiLabel
	optNumLabels
	optLabelWeights
	optSparseYTrue
	optSparseYPred
	optClassAggregation
	optNumRegressors
	optFromSortedIDs
)

var optNames = map[optBit]string{
	optName: "name", optDType: "dtype", optThreshold: "threshold", optThresholds: "thresholds",
	optTopK: "top_k", optClassID: "class_id", optK: "k", optFromLogits: "from_logits",
	optLabelSmoothing: "label_smoothing", optAxis: "axis", optIgnoreClass: "ignore_class",
	optAverage: "average", optBeta: "beta", optNumThresholds: "num_thresholds", optCurve: "curve",
	optSummation: "summation_method", optMultiLabel: "multi_label", optNumLabels: "num_labels",
	optLabelWeights: "label_weights", optSparseYTrue: "sparse_y_true", optSparseYPred: "sparse_y_pred",
	optClassAggregation: "class_aggregation", optNumRegressors: "num_regressors",
	optFromSortedIDs: "from_sorted_ids",
}

type options struct {
	set              optBit
	name             string
	dtype            string
	threshold        float64
	thresholds       []float64
	topK             int
	classID          int
	k                int
	fromLogits       bool
	labelSmoothing   float64
	axis             int
	ignoreClass      int
	average          string
	beta             float64
	numThresholds    int
	curve            string
	summation        string
	multiLabel       bool
	numLabels        int
	labelWeights     []float64
	sparseYTrue      bool
	sparseYPred      bool
	classAggregation string
	numRegressors    int
	fromSortedIDs    bool
}

func (o *options) has(b optBit) bool { return o.set&b != 0 }

// WithName sets the metric name.
func WithName(name string) Option { return func(o *options) { o.name = name; o.set |= optName } }

// WithDType sets the metric dtype ("float32" by default; MeanIoU: "int").
func WithDType(dtype string) Option { return func(o *options) { o.dtype = dtype; o.set |= optDType } }

// WithThreshold sets the decision threshold (BinaryAccuracy, F1Score, FBetaScore).
func WithThreshold(t float64) Option {
	return func(o *options) { o.threshold = t; o.set |= optThreshold }
}

// WithThresholds sets the thresholds of a confusion-matrix metric
// (TruePositives..., Precision, Recall, AUC).
func WithThresholds(t ...float64) Option {
	return func(o *options) { o.thresholds = append([]float64(nil), t...); o.set |= optThresholds }
}

// WithTopK sets top_k (Precision, Recall).
func WithTopK(k int) Option { return func(o *options) { o.topK = k; o.set |= optTopK } }

// WithClassID sets class_id (Precision, Recall).
func WithClassID(id int) Option { return func(o *options) { o.classID = id; o.set |= optClassID } }

// WithK sets k (TopKCategoricalAccuracy, SparseTopKCategoricalAccuracy).
func WithK(k int) Option { return func(o *options) { o.k = k; o.set |= optK } }

// WithFromLogits sets from_logits (cross-entropy metrics, AUC).
func WithFromLogits(b bool) Option {
	return func(o *options) { o.fromLogits = b; o.set |= optFromLogits }
}

// WithLabelSmoothing sets label_smoothing (Binary/CategoricalCrossentropy).
func WithLabelSmoothing(v float64) Option {
	return func(o *options) { o.labelSmoothing = v; o.set |= optLabelSmoothing }
}

// WithAxis sets axis (CategoricalCrossentropy, SparseCategoricalCrossentropy,
// CosineSimilarity, MeanIoU); only the last axis (-1) is supported.
func WithAxis(a int) Option { return func(o *options) { o.axis = a; o.set |= optAxis } }

// WithIgnoreClass sets ignore_class (SparseCategoricalCrossentropy, MeanIoU).
func WithIgnoreClass(c int) Option {
	return func(o *options) { o.ignoreClass = c; o.set |= optIgnoreClass }
}

// WithAverage sets average of F1Score/FBetaScore: "micro", "macro",
// "weighted", or "" for None.
func WithAverage(a string) Option { return func(o *options) { o.average = a; o.set |= optAverage } }

// WithBeta sets beta (FBetaScore).
func WithBeta(b float64) Option { return func(o *options) { o.beta = b; o.set |= optBeta } }

// WithNumThresholds sets num_thresholds (AUC).
func WithNumThresholds(n int) Option {
	return func(o *options) { o.numThresholds = n; o.set |= optNumThresholds }
}

// WithCurve sets curve (AUC): "ROC", "PR" or "PRGAIN".
func WithCurve(c string) Option { return func(o *options) { o.curve = c; o.set |= optCurve } }

// WithSummationMethod sets summation_method (AUC): "interpolation",
// "majoring" or "minoring".
func WithSummationMethod(s string) Option {
	return func(o *options) { o.summation = s; o.set |= optSummation }
}

// WithMultiLabel sets multi_label (AUC).
func WithMultiLabel(b bool) Option {
	return func(o *options) { o.multiLabel = b; o.set |= optMultiLabel }
}

// WithNumLabels sets num_labels (AUC with multi_label).
func WithNumLabels(n int) Option { return func(o *options) { o.numLabels = n; o.set |= optNumLabels } }

// WithLabelWeights sets label_weights (AUC).
func WithLabelWeights(w ...float64) Option {
	return func(o *options) { o.labelWeights = append([]float64(nil), w...); o.set |= optLabelWeights }
}

// WithSparseYTrue sets sparse_y_true (MeanIoU).
func WithSparseYTrue(b bool) Option {
	return func(o *options) { o.sparseYTrue = b; o.set |= optSparseYTrue }
}

// WithSparseYPred sets sparse_y_pred (MeanIoU).
func WithSparseYPred(b bool) Option {
	return func(o *options) { o.sparseYPred = b; o.set |= optSparseYPred }
}

// WithClassAggregation sets class_aggregation (R2Score):
// "uniform_average", "variance_weighted_average", or "" for None.
func WithClassAggregation(a string) Option {
	return func(o *options) { o.classAggregation = a; o.set |= optClassAggregation }
}

// WithNumRegressors sets num_regressors (R2Score).
func WithNumRegressors(n int) Option {
	return func(o *options) { o.numRegressors = n; o.set |= optNumRegressors }
}

// WithFromSortedIDs sets from_sorted_ids (SparseTopKCategoricalAccuracy).
func WithFromSortedIDs(b bool) Option {
	return func(o *options) { o.fromSortedIDs = b; o.set |= optFromSortedIDs }
}

// parseOptions applies opts and rejects the ones that class does not take.
func parseOptions(class, defName string, allowed optBit, opts []Option) (*options, error) {
	o := &options{name: defName, dtype: "float32", axis: -1}
	for _, f := range opts {
		if f != nil {
			f(o)
		}
	}
	if bad := o.set &^ (allowed | optName | optDType); bad != 0 {
		var names []string
		for b := optBit(1); b != 0 && b <= bad; b <<= 1 {
			if bad&b != 0 {
				names = append(names, optNames[b])
			}
		}
		return nil, fmt.Errorf("metrics: %s does not take argument(s) %s", class, strings.Join(names, ", "))
	}
	if o.name == "" {
		o.name = defName
	}
	if o.has(optDType) {
		switch o.dtype {
		case "float16", "bfloat16", "float32", "float64":
		default:
			return nil, fmt.Errorf("metrics: %s: unsupported dtype %q (expected a float dtype)", class, o.dtype)
		}
	}
	if o.has(optAxis) && o.axis != -1 {
		return nil, fmt.Errorf("metrics: %s: only axis=-1 is supported, received axis=%d", class, o.axis)
	}
	return o, nil
}
