package metrics

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/gokeras/keras/tensor"
)

type ctor func(opts ...Option) (Metric, error)

func adapt[T Metric](f func(...Option) (T, error)) ctor {
	return func(opts ...Option) (Metric, error) {
		m, err := f(opts...)
		if err != nil {
			return nil, err
		}
		return m, nil
	}
}

// classes maps Keras class names to constructors. MeanIoU (which needs
// num_classes) is handled separately.
var classes = map[string]ctor{
	"Mean":                          adapt(NewMean),
	"Sum":                           adapt(NewSum),
	"Accuracy":                      adapt(NewAccuracy),
	"BinaryAccuracy":                adapt(NewBinaryAccuracy),
	"CategoricalAccuracy":           adapt(NewCategoricalAccuracy),
	"SparseCategoricalAccuracy":     adapt(NewSparseCategoricalAccuracy),
	"TopKCategoricalAccuracy":       adapt(NewTopKCategoricalAccuracy),
	"SparseTopKCategoricalAccuracy": adapt(NewSparseTopKCategoricalAccuracy),
	"MeanSquaredError":              adapt(NewMeanSquaredError),
	"RootMeanSquaredError":          adapt(NewRootMeanSquaredError),
	"MeanAbsoluteError":             adapt(NewMeanAbsoluteError),
	"MeanAbsolutePercentageError":   adapt(NewMeanAbsolutePercentageError),
	"MeanSquaredLogarithmicError":   adapt(NewMeanSquaredLogarithmicError),
	"CosineSimilarity":              adapt(NewCosineSimilarity),
	"LogCoshError":                  adapt(NewLogCoshError),
	"R2Score":                       adapt(NewR2Score),
	"AUC":                           adapt(NewAUC),
	"Precision":                     adapt(NewPrecision),
	"Recall":                        adapt(NewRecall),
	"TruePositives":                 adapt(NewTruePositives),
	"FalsePositives":                adapt(NewFalsePositives),
	"TrueNegatives":                 adapt(NewTrueNegatives),
	"FalseNegatives":                adapt(NewFalseNegatives),
	"F1Score":                       adapt(NewF1Score),
	"FBetaScore":                    adapt(NewFBetaScore),
	"Hinge":                         adapt(NewHinge),
	"SquaredHinge":                  adapt(NewSquaredHinge),
	"CategoricalHinge":              adapt(NewCategoricalHinge),
	"KLDivergence":                  adapt(NewKLDivergence),
	"Poisson":                       adapt(NewPoisson),
	"BinaryCrossentropy":            adapt(NewBinaryCrossentropy),
	"CategoricalCrossentropy":       adapt(NewCategoricalCrossentropy),
	"SparseCategoricalCrossentropy": adapt(NewSparseCategoricalCrossentropy),
}

// aliases are Keras's extra string identifiers (metrics.ALL_OBJECTS_DICT),
// plus "acc".
var aliases = map[string]string{
	"bce": "BinaryCrossentropy", "BCE": "BinaryCrossentropy",
	"mse": "MeanSquaredError", "MSE": "MeanSquaredError",
	"mae": "MeanAbsoluteError", "MAE": "MeanAbsoluteError",
	"mape": "MeanAbsolutePercentageError", "MAPE": "MeanAbsolutePercentageError",
	"msle": "MeanSquaredLogarithmicError", "MSLE": "MeanSquaredLogarithmicError",
	"acc": "Accuracy",
}

var (
	snakeRe1 = regexp.MustCompile(`(.)([A-Z][a-z]+)`)
	snakeRe2 = regexp.MustCompile(`([a-z])([A-Z])`)
	snakeRe0 = regexp.MustCompile(`\W+`)
)

// toSnakeCase is keras.src.utils.naming.to_snake_case.
func toSnakeCase(s string) string {
	s = snakeRe0.ReplaceAllString(s, "")
	s = snakeRe1.ReplaceAllString(s, "${1}_${2}")
	return strings.ToLower(snakeRe2.ReplaceAllString(s, "${1}_${2}"))
}

// classFor resolves a string identifier to a Keras class name.
func classFor(id string) (string, bool) {
	if _, ok := classes[id]; ok || id == "MeanIoU" {
		return id, true
	}
	if c, ok := aliases[id]; ok {
		return c, true
	}
	for c := range classes {
		if toSnakeCase(c) == id {
			return c, true
		}
	}
	if id == toSnakeCase("MeanIoU") {
		return "MeanIoU", true
	}
	return "", false
}

// Get is keras.metrics.get: a Metric from a Keras string identifier
// (class name, its snake_case form or an alias such as "mse", "acc",
// "auc"), a serialized config map {"class_name": ..., "config": {...}},
// or a Metric (returned as is). MeanIoU cannot be built from a bare string
// (it needs num_classes).
func Get(identifier any) (Metric, error) {
	switch id := identifier.(type) {
	case nil:
		return nil, fmt.Errorf("metrics: expected a metric identifier, received nil")
	case Metric:
		return id, nil
	case string:
		c, ok := classFor(id)
		if !ok {
			return nil, fmt.Errorf("metrics: could not interpret metric identifier: %q", id)
		}
		if c == "MeanIoU" {
			return nil, fmt.Errorf("metrics: MeanIoU needs num_classes; pass a config map instead of %q", id)
		}
		return classes[c]()
	case map[string]any:
		return fromSerialized(id)
	}
	return nil, fmt.Errorf("metrics: could not interpret metric identifier: %v (%T)", identifier, identifier)
}

func fromSerialized(s map[string]any) (Metric, error) {
	cn, ok := s["class_name"].(string)
	if !ok {
		return nil, fmt.Errorf("metrics: config map needs a string \"class_name\", received %v", s["class_name"])
	}
	c, ok := classFor(cn)
	if !ok {
		return nil, fmt.Errorf("metrics: unknown metric class_name %q", cn)
	}
	cfg, _ := s["config"].(map[string]any)
	if s["config"] != nil && cfg == nil {
		return nil, fmt.Errorf("metrics: %s: \"config\" must be a map, received %T", c, s["config"])
	}
	return FromConfig(c, cfg)
}

// FromConfig is Metric.from_config: it builds class className from a
// get_config map (values as Go or JSON-decoded types). Unknown keys are
// errors, as Keras's cls(**config) raises on them.
func FromConfig(className string, cfg map[string]any) (Metric, error) {
	var opts []Option
	numClasses := -1
	keys := make([]string, 0, len(cfg))
	for k := range cfg {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if k == "num_classes" && className == "MeanIoU" {
			n, err := toInt(cfg[k])
			if err != nil {
				return nil, fmt.Errorf("metrics: MeanIoU config num_classes: %w", err)
			}
			numClasses = n
			continue
		}
		o, err := configOption(k, cfg[k])
		if err != nil {
			return nil, fmt.Errorf("metrics: %s config: %w", className, err)
		}
		if o != nil {
			opts = append(opts, o)
		}
	}
	if className == "MeanIoU" {
		if numClasses < 0 {
			return nil, fmt.Errorf("metrics: MeanIoU config needs num_classes")
		}
		return NewMeanIoU(numClasses, opts...)
	}
	f, ok := classes[className]
	if !ok {
		return nil, fmt.Errorf("metrics: unknown metric class %q", className)
	}
	return f(opts...)
}

func configOption(k string, v any) (Option, error) {
	wrap := func(err error) error { return fmt.Errorf("key %q: %w", k, err) }
	switch k {
	case "name":
		s, ok := v.(string)
		if !ok {
			return nil, wrap(fmt.Errorf("expected a string, received %T", v))
		}
		return WithName(s), nil
	case "dtype":
		if v == nil {
			return nil, nil
		}
		s, ok := v.(string)
		if !ok {
			return nil, wrap(fmt.Errorf("expected a string, received %T", v))
		}
		return WithDType(s), nil
	case "threshold", "label_smoothing", "beta":
		if v == nil {
			return nil, nil
		}
		f, err := toFloat(v)
		if err != nil {
			return nil, wrap(err)
		}
		switch k {
		case "threshold":
			return WithThreshold(f), nil
		case "label_smoothing":
			return WithLabelSmoothing(f), nil
		}
		return WithBeta(f), nil
	case "thresholds", "label_weights":
		if v == nil {
			return nil, nil
		}
		fs, err := toFloats(v)
		if err != nil {
			return nil, wrap(err)
		}
		if k == "thresholds" {
			return WithThresholds(fs...), nil
		}
		return WithLabelWeights(fs...), nil
	case "top_k", "class_id", "k", "axis", "ignore_class", "num_thresholds", "num_labels", "num_regressors":
		if v == nil {
			return nil, nil
		}
		n, err := toInt(v)
		if err != nil {
			return nil, wrap(err)
		}
		return map[string]func(int) Option{
			"top_k": WithTopK, "class_id": WithClassID, "k": WithK, "axis": WithAxis,
			"ignore_class": WithIgnoreClass, "num_thresholds": WithNumThresholds,
			"num_labels": WithNumLabels, "num_regressors": WithNumRegressors,
		}[k](n), nil
	case "from_logits", "multi_label", "sparse_y_true", "sparse_y_pred", "from_sorted_ids":
		b, ok := v.(bool)
		if !ok {
			return nil, wrap(fmt.Errorf("expected a bool, received %T", v))
		}
		return map[string]func(bool) Option{
			"from_logits": WithFromLogits, "multi_label": WithMultiLabel, "sparse_y_true": WithSparseYTrue,
			"sparse_y_pred": WithSparseYPred, "from_sorted_ids": WithFromSortedIDs,
		}[k](b), nil
	case "average", "class_aggregation", "curve", "summation_method":
		s := ""
		if v != nil {
			var ok bool
			if s, ok = v.(string); !ok {
				return nil, wrap(fmt.Errorf("expected a string or nil, received %T", v))
			}
		}
		switch k {
		case "average":
			return WithAverage(s), nil
		case "class_aggregation":
			return WithClassAggregation(s), nil
		case "curve":
			return WithCurve(s), nil
		}
		return WithSummationMethod(s), nil
	}
	return nil, fmt.Errorf("unexpected keyword argument %q", k)
}

func toFloat(v any) (float64, error) {
	switch x := v.(type) {
	case float64:
		return x, nil
	case float32:
		return float64(x), nil
	case int:
		return float64(x), nil
	case int64:
		return float64(x), nil
	case int32:
		return float64(x), nil
	}
	return 0, fmt.Errorf("expected a number, received %T", v)
}

func toInt(v any) (int, error) {
	f, err := toFloat(v)
	if err != nil {
		return 0, err
	}
	if f != float64(int(f)) {
		return 0, fmt.Errorf("expected an integer, received %v", v)
	}
	return int(f), nil
}

func toFloats(v any) ([]float64, error) {
	switch x := v.(type) {
	case []float64:
		return x, nil
	case []any:
		out := make([]float64, len(x))
		for i, e := range x {
			f, err := toFloat(e)
			if err != nil {
				return nil, err
			}
			out[i] = f
		}
		return out, nil
	case []float32:
		out := make([]float64, len(x))
		for i, e := range x {
			out[i] = float64(e)
		}
		return out, nil
	}
	f, err := toFloat(v)
	if err != nil {
		return nil, fmt.Errorf("expected a number or a list of numbers, received %T", v)
	}
	return []float64{f}, nil
}

// Resolve is what model.compile does with a metric identifier
// (trainers/compile_utils.get_metric, plus tf.keras's loss-aware
// get_metric_function): "accuracy"/"acc" become BinaryAccuracy,
// SparseCategoricalAccuracy or CategoricalAccuracy, and "crossentropy"/"ce"
// the matching cross-entropy metric, chosen from the loss (binary or sparse
// categorical cross-entropy) and otherwise from the shapes: y_pred's last
// dimension 1 means binary; y_true of lower rank than y_pred, or with last
// dimension 1 against y_pred's > 1, means sparse. A string identifier also
// becomes the metric's name, as in Keras ("acc", "mse"...). lossName may be
// empty; unknown dimensions are -1.
func Resolve(identifier any, lossName string, yTrueShape, yPredShape tensor.Shape) (Metric, error) {
	s, isStr := identifier.(string)
	if !isStr {
		return Get(identifier)
	}
	low := strings.ToLower(s)
	acc := low == "accuracy" || low == "acc"
	ce := low == "crossentropy" || low == "ce"
	if !acc && !ce {
		m, err := Get(s)
		if err != nil {
			return nil, err
		}
		m.(interface{ SetName(string) }).SetName(s)
		return m, nil
	}
	kind := lossKind(lossName)
	binary := len(yPredShape) > 0 && yPredShape[len(yPredShape)-1] == 1 || kind == "binary"
	sparse := kind == "sparse"
	if kind == "" && len(yTrueShape) > 0 && len(yPredShape) > 0 {
		sparse = len(yTrueShape) < len(yPredShape) ||
			yTrueShape[len(yTrueShape)-1] == 1 && yPredShape[len(yPredShape)-1] > 1
	}
	var (
		m   Metric
		err error
	)
	switch {
	case acc && binary:
		m, err = NewBinaryAccuracy(WithName(s))
	case acc && sparse:
		m, err = NewSparseCategoricalAccuracy(WithName(s))
	case acc:
		m, err = NewCategoricalAccuracy(WithName(s))
	case binary:
		m, err = NewBinaryCrossentropy(WithName(s))
	case sparse:
		m, err = NewSparseCategoricalCrossentropy(WithName(s))
	default:
		m, err = NewCategoricalCrossentropy(WithName(s))
	}
	return m, err
}

// lossKind classifies a loss identifier: "binary", "sparse",
// "categorical" or "".
func lossKind(loss string) string {
	switch toSnakeCase(loss) {
	case "binary_crossentropy", "bce", "binary_focal_crossentropy":
		return "binary"
	case "sparse_categorical_crossentropy":
		return "sparse"
	case "categorical_crossentropy", "categorical_focal_crossentropy":
		return "categorical"
	}
	return ""
}
