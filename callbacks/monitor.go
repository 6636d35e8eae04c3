package callbacks

import (
	"fmt"
	"io"
	"math"
	"strings"
)

// metricDirections maps the default names of Keras's built-in metrics to
// their _direction (true: "up", maximise). Metrics without a direction
// (counts such as true_positives) are absent.
var metricDirections = map[string]bool{
	"accuracy": true, "acc": true, "binary_accuracy": true, "categorical_accuracy": true,
	"sparse_categorical_accuracy": true, "top_k_categorical_accuracy": true,
	"sparse_top_k_categorical_accuracy": true,
	"precision":                         true, "recall": true, "auc": true,
	"sensitivity_at_specificity": true, "specificity_at_sensitivity": true,
	"precision_at_recall": true, "recall_at_precision": true,
	"pearson_correlation": true, "concordance_correlation": true,
	"fbeta_score": true, "f1_score": true, "iou": true, "binary_iou": true, "mean_iou": true,
	"one_hot_iou": true, "one_hot_mean_iou": true, "cosine_similarity": true, "r2_score": true,
	"hinge": false, "squared_hinge": false, "categorical_hinge": false,
	"binary_crossentropy": false, "categorical_crossentropy": false,
	"sparse_categorical_crossentropy": false, "crossentropy": false, "ce": false,
	"mean_squared_error": false, "mean_absolute_error": false,
	"mean_absolute_percentage_error": false, "mean_squared_logarithmic_error": false,
	"root_mean_squared_error": false, "logcosh": false, "log_cosh_error": false,
	"mse": false, "mae": false, "mape": false, "msle": false,
	"kl_divergence": false, "poisson": false,
}

// monitorOp is Keras's MonitorCallback comparison: the direction of the
// monitored value and the signed min_delta.
type monitorOp struct {
	set      bool
	less     bool
	minDelta float64
}

// resolve is MonitorCallback._set_monitor_op for the callback called name.
func (o *monitorOp) resolve(name, monitor, mode string, minDelta float64, model Model, errW io.Writer) error {
	switch mode {
	case "", "auto", "min", "max":
	default:
		warn(errW, fmt.Sprintf("%s mode '%s' is unknown, fallback to auto mode.", name, mode))
		mode = "auto"
	}
	var less, known bool
	switch mode {
	case "min":
		less, known = true, true
	case "max":
		less, known = false, true
	default:
		metric := strings.TrimPrefix(monitor, "val_")
		if metric == "loss" {
			less, known = true, true
		}
		if dm, ok := model.(MetricDirectionModel); ok {
			if up, ok := dm.MetricDirection(metric); ok {
				less, known = !up, true
			}
		}
		if !known {
			less, known = builtinDirection(metric)
		}
	}
	if !known {
		return fmt.Errorf("%s callback received monitor=%s, but Keras isn't able to "+
			"automatically determine whether that metric should be maximized or minimized. "+
			"Pass `mode='max'` in order to monitor based on the highest metric value, or "+
			"pass `mode='min'` in order to use the lowest value", name, monitor)
	}
	o.set, o.less, o.minDelta = true, less, math.Abs(minDelta)
	if less {
		o.minDelta = -o.minDelta
	}
	return nil
}

// builtinDirection looks metric up among Keras's built-in metric names,
// also as the suffix of an "<output>_<metric>" name; it reports
// (less, known).
func builtinDirection(metric string) (bool, bool) {
	if up, ok := metricDirections[metric]; ok {
		return !up, true
	}
	best := ""
	for n := range metricDirections {
		if len(n) > len(best) && strings.HasSuffix(metric, "_"+n) {
			best = n
		}
	}
	if best == "" {
		if strings.HasSuffix(metric, "_loss") {
			return true, true
		}
		return false, false
	}
	return !metricDirections[best], true
}

// improved is MonitorCallback._is_improvement against a reference that
// exists (Keras treats a None reference as an improvement).
func (o *monitorOp) improved(value, reference float64) bool {
	if o.less {
		return value-o.minDelta < reference
	}
	return value-o.minDelta > reference
}

// availableKeys lists logs' keys in Keras's order, comma-separated, for
// the "metric not available" warnings.
func availableKeys(order []string, logs Logs) string {
	return strings.Join(orderedKeys(nil, order, logs), ",")
}
