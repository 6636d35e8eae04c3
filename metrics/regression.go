package metrics

// MeanSquaredError is keras.metrics.MeanSquaredError: mean of (y_true - y_pred)^2 over the last axis, averaged over samples.
type MeanSquaredError struct{ wrapper }

// NewMeanSquaredError returns keras.metrics.MeanSquaredError(name="mean_squared_error").
func NewMeanSquaredError(opts ...Option) (*MeanSquaredError, error) {
	w, err := newWrapper("MeanSquaredError", "mean_squared_error", kMSE, 0, opts)
	if err != nil {
		return nil, err
	}
	m := &MeanSquaredError{*w}
	m.self = m
	return m, nil
}

// MeanAbsoluteError is keras.metrics.MeanAbsoluteError: mean of |y_true - y_pred| over the last axis, averaged over samples.
type MeanAbsoluteError struct{ wrapper }

// NewMeanAbsoluteError returns keras.metrics.MeanAbsoluteError(name="mean_absolute_error").
func NewMeanAbsoluteError(opts ...Option) (*MeanAbsoluteError, error) {
	w, err := newWrapper("MeanAbsoluteError", "mean_absolute_error", kMAE, 0, opts)
	if err != nil {
		return nil, err
	}
	m := &MeanAbsoluteError{*w}
	m.self = m
	return m, nil
}

// MeanAbsolutePercentageError is keras.metrics.MeanAbsolutePercentageError: 100 * mean(|y_true - y_pred| / max(|y_true|, 1e-7)).
type MeanAbsolutePercentageError struct{ wrapper }

// NewMeanAbsolutePercentageError returns keras.metrics.MeanAbsolutePercentageError(name="mean_absolute_percentage_error").
func NewMeanAbsolutePercentageError(opts ...Option) (*MeanAbsolutePercentageError, error) {
	w, err := newWrapper("MeanAbsolutePercentageError", "mean_absolute_percentage_error", kMAPE, 0, opts)
	if err != nil {
		return nil, err
	}
	m := &MeanAbsolutePercentageError{*w}
	m.self = m
	return m, nil
}

// MeanSquaredLogarithmicError is keras.metrics.MeanSquaredLogarithmicError: mean((log(max(y_pred,eps)+1) - log(max(y_true,eps)+1))^2).
type MeanSquaredLogarithmicError struct{ wrapper }

// NewMeanSquaredLogarithmicError returns keras.metrics.MeanSquaredLogarithmicError(name="mean_squared_logarithmic_error").
func NewMeanSquaredLogarithmicError(opts ...Option) (*MeanSquaredLogarithmicError, error) {
	w, err := newWrapper("MeanSquaredLogarithmicError", "mean_squared_logarithmic_error", kMSLE, 0, opts)
	if err != nil {
		return nil, err
	}
	m := &MeanSquaredLogarithmicError{*w}
	m.self = m
	return m, nil
}

// RootMeanSquaredError is keras.metrics.RootMeanSquaredError: sqrt of the weighted mean of element-wise squared errors.
type RootMeanSquaredError struct{ wrapper }

// NewRootMeanSquaredError returns keras.metrics.RootMeanSquaredError(name="root_mean_squared_error").
func NewRootMeanSquaredError(opts ...Option) (*RootMeanSquaredError, error) {
	w, err := newWrapper("RootMeanSquaredError", "root_mean_squared_error", kRMSE, 0, opts)
	if err != nil {
		return nil, err
	}
	m := &RootMeanSquaredError{*w}
	m.self = m
	return m, nil
}

// CosineSimilarity is keras.metrics.CosineSimilarity: mean cosine similarity of y_true and y_pred rows (L2-normalised with a 1e-7 floor on the norm).
type CosineSimilarity struct{ wrapper }

// NewCosineSimilarity returns keras.metrics.CosineSimilarity(name="cosine_similarity").
func NewCosineSimilarity(opts ...Option) (*CosineSimilarity, error) {
	w, err := newWrapper("CosineSimilarity", "cosine_similarity", kCosine, optAxis, opts)
	if err != nil {
		return nil, err
	}
	m := &CosineSimilarity{*w}
	m.self = m
	return m, nil
}

// LogCoshError is keras.metrics.LogCoshError: mean of log(cosh(y_pred - y_true)) over the last axis.
type LogCoshError struct{ wrapper }

// NewLogCoshError returns keras.metrics.LogCoshError(name="logcosh").
func NewLogCoshError(opts ...Option) (*LogCoshError, error) {
	w, err := newWrapper("LogCoshError", "logcosh", kLogCosh, 0, opts)
	if err != nil {
		return nil, err
	}
	m := &LogCoshError{*w}
	m.self = m
	return m, nil
}
