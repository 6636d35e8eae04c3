package losses

import (
	"github.com/gokeras/keras/tensor"
)

// perSample runs a class's per-sample computation with explicit options.
func perSample(class string, yTrue, yPred *tensor.Tensor, opts ...Option) (*tensor.Tensor, error) {
	b, err := newBase(class, opts)
	if err != nil {
		return nil, err
	}
	out, _, err := b.sp.per(&b.s, b.who(), yTrue, yPred)
	return out, err
}

// MeanSquaredErrorFn is keras.losses.mean_squared_error: per-sample
// mean(square(y_true - y_pred), axis=-1).
func MeanSquaredErrorFn(yTrue, yPred *tensor.Tensor) (*tensor.Tensor, error) {
	return perSample("MeanSquaredError", yTrue, yPred)
}

// MeanAbsoluteErrorFn is keras.losses.mean_absolute_error.
func MeanAbsoluteErrorFn(yTrue, yPred *tensor.Tensor) (*tensor.Tensor, error) {
	return perSample("MeanAbsoluteError", yTrue, yPred)
}

// MeanAbsolutePercentageErrorFn is keras.losses.mean_absolute_percentage_error.
func MeanAbsolutePercentageErrorFn(yTrue, yPred *tensor.Tensor) (*tensor.Tensor, error) {
	return perSample("MeanAbsolutePercentageError", yTrue, yPred)
}

// MeanSquaredLogarithmicErrorFn is keras.losses.mean_squared_logarithmic_error.
func MeanSquaredLogarithmicErrorFn(yTrue, yPred *tensor.Tensor) (*tensor.Tensor, error) {
	return perSample("MeanSquaredLogarithmicError", yTrue, yPred)
}

// CosineSimilarityFn is keras.losses.cosine_similarity(y_true, y_pred, axis).
func CosineSimilarityFn(yTrue, yPred *tensor.Tensor, axis int) (*tensor.Tensor, error) {
	return perSample("CosineSimilarity", yTrue, yPred, Axis(axis))
}

// HuberFn is keras.losses.huber(y_true, y_pred, delta).
func HuberFn(yTrue, yPred *tensor.Tensor, delta float64) (*tensor.Tensor, error) {
	return perSample("Huber", yTrue, yPred, Delta(delta))
}

// LogCoshFn is keras.losses.log_cosh.
func LogCoshFn(yTrue, yPred *tensor.Tensor) (*tensor.Tensor, error) {
	return perSample("LogCosh", yTrue, yPred)
}

// HingeFn is keras.losses.hinge.
func HingeFn(yTrue, yPred *tensor.Tensor) (*tensor.Tensor, error) {
	return perSample("Hinge", yTrue, yPred)
}

// SquaredHingeFn is keras.losses.squared_hinge.
func SquaredHingeFn(yTrue, yPred *tensor.Tensor) (*tensor.Tensor, error) {
	return perSample("SquaredHinge", yTrue, yPred)
}

// CategoricalHingeFn is keras.losses.categorical_hinge.
func CategoricalHingeFn(yTrue, yPred *tensor.Tensor) (*tensor.Tensor, error) {
	return perSample("CategoricalHinge", yTrue, yPred)
}

// KLDivergenceFn is keras.losses.kl_divergence.
func KLDivergenceFn(yTrue, yPred *tensor.Tensor) (*tensor.Tensor, error) {
	return perSample("KLDivergence", yTrue, yPred)
}

// PoissonFn is keras.losses.poisson.
func PoissonFn(yTrue, yPred *tensor.Tensor) (*tensor.Tensor, error) {
	return perSample("Poisson", yTrue, yPred)
}

// BinaryCrossentropyFn is keras.losses.binary_crossentropy(y_true, y_pred,
// from_logits, label_smoothing, axis).
func BinaryCrossentropyFn(yTrue, yPred *tensor.Tensor, fromLogits bool, labelSmoothing float64, axis int) (*tensor.Tensor, error) {
	return perSample("BinaryCrossentropy", yTrue, yPred, FromLogits(fromLogits), LabelSmoothing(labelSmoothing), Axis(axis))
}

// BinaryFocalCrossentropyFn is keras.losses.binary_focal_crossentropy(y_true,
// y_pred, apply_class_balancing, alpha, gamma, from_logits, label_smoothing,
// axis).
func BinaryFocalCrossentropyFn(yTrue, yPred *tensor.Tensor, applyClassBalancing bool, alpha, gamma float64, fromLogits bool, labelSmoothing float64, axis int) (*tensor.Tensor, error) {
	return perSample("BinaryFocalCrossentropy", yTrue, yPred, ApplyClassBalancing(applyClassBalancing),
		Alpha(alpha), Gamma(gamma), FromLogits(fromLogits), LabelSmoothing(labelSmoothing), Axis(axis))
}

// CategoricalCrossentropyFn is keras.losses.categorical_crossentropy(y_true,
// y_pred, from_logits, label_smoothing, axis).
func CategoricalCrossentropyFn(yTrue, yPred *tensor.Tensor, fromLogits bool, labelSmoothing float64, axis int) (*tensor.Tensor, error) {
	return perSample("CategoricalCrossentropy", yTrue, yPred, FromLogits(fromLogits), LabelSmoothing(labelSmoothing), Axis(axis))
}

// CategoricalFocalCrossentropyFn is
// keras.losses.categorical_focal_crossentropy(y_true, y_pred, alpha, gamma,
// from_logits, label_smoothing, axis).
func CategoricalFocalCrossentropyFn(yTrue, yPred *tensor.Tensor, alpha, gamma float64, fromLogits bool, labelSmoothing float64, axis int) (*tensor.Tensor, error) {
	return perSample("CategoricalFocalCrossentropy", yTrue, yPred, Alpha(alpha), Gamma(gamma),
		FromLogits(fromLogits), LabelSmoothing(labelSmoothing), Axis(axis))
}

// SparseCategoricalCrossentropyFn is
// keras.losses.sparse_categorical_crossentropy(y_true, y_pred, from_logits,
// ignore_class, axis); ignoreClass nil means None. Ignored samples get 0.
func SparseCategoricalCrossentropyFn(yTrue, yPred *tensor.Tensor, fromLogits bool, ignoreClass *int, axis int) (*tensor.Tensor, error) {
	opts := []Option{FromLogits(fromLogits), Axis(axis)}
	if ignoreClass != nil {
		opts = append(opts, IgnoreClass(*ignoreClass))
	}
	return perSample("SparseCategoricalCrossentropy", yTrue, yPred, opts...)
}

// DiceFn is keras.losses.dice(y_true, y_pred, axis); no axes means all.
func DiceFn(yTrue, yPred *tensor.Tensor, axes ...int) (*tensor.Tensor, error) {
	return perSample("Dice", yTrue, yPred, Axes(axes...))
}

// TverskyFn is keras.losses.tversky(y_true, y_pred, alpha, beta, axis); no
// axes means all.
func TverskyFn(yTrue, yPred *tensor.Tensor, alpha, beta float64, axes ...int) (*tensor.Tensor, error) {
	return perSample("Tversky", yTrue, yPred, Alpha(alpha), Beta(beta), Axes(axes...))
}
