// Package metrics is Keras 3's keras.metrics for Go: stateful metrics that
// accumulate statistics batch after batch (UpdateState), report them
// (Result) and start over (ResetState), with Keras's names, defaults,
// thresholds, formulas and config keys.
//
// Every metric works on raw tensor data (not on the autodiff graph) and,
// once its scratch buffers have grown to the batch shape, UpdateState
// allocates nothing, so a training loop can call it every step.
//
// Reduction follows keras.metrics.MeanMetricWrapper / Mean: the per-sample
// values of a metric function are averaged over every axis but the first,
// multiplied by the sample weights and accumulated as a weighted mean
// total/count (divide_no_nan). Sample weights may have any shape that Keras
// accepts (scalar, (batch,), (batch, 1), or the values' shape).
//
// Deliberate deviations from Keras, all documented on the types concerned:
//   - accumulators are float64 (Keras keeps float32 variables), so long runs
//     drift less; results agree with Keras to float32 precision.
//   - multi-value results (Precision/Recall with several thresholds,
//     F1Score/FBetaScore with average=None, R2Score with
//     class_aggregation=None, TruePositives... with several thresholds)
//     are available through ResultTensor; Result returns their mean.
//   - default names are not uniquified (Keras's auto_name appends _1, _2...).
//   - Keras masks (keras_mask) are not modelled; the ignore_class mask of
//     SparseCategoricalCrossentropy is reproduced explicitly.
//   - the cross-entropy metrics follow the numpy/JAX backends' formulas
//     (probabilities clipped to [1e-7, 1-1e-7], no epsilon inside the log);
//     from_logits uses the numerically stable log-sigmoid/log-softmax forms.
//   - sparse cross-entropy with a label outside [0, num_classes) is an
//     error (TensorFlow's behaviour), not a silent zero.
//   - inputs must have matching shapes where Keras would silently
//     broadcast (e.g. Hinge with y_true (n,) against y_pred (n, 3)); the
//     error names the metric and both shapes.
//   - axis options (CategoricalCrossentropy, CosineSimilarity...) accept
//     only the last axis.
//   - not implemented yet: PrecisionAtRecall, RecallAtPrecision,
//     SensitivityAtSpecificity, SpecificityAtSensitivity, IoU, BinaryIoU,
//     OneHotIoU, OneHotMeanIoU, PearsonCorrelation, ConcordanceCorrelation
//     and MeanMetricWrapper around a user function.
//
// Metrics are not safe for concurrent use; give each goroutine its own.
package metrics
