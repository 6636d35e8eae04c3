package metrics

// KLDivergence is keras.metrics.KLDivergence: sum(y_true * log(y_true / y_pred)) with both clipped to [1e-7, 1].
type KLDivergence struct{ wrapper }

// NewKLDivergence returns keras.metrics.KLDivergence(name="kl_divergence").
func NewKLDivergence(opts ...Option) (*KLDivergence, error) {
	w, err := newWrapper("KLDivergence", "kl_divergence", kKLD, 0, opts)
	if err != nil {
		return nil, err
	}
	m := &KLDivergence{*w}
	m.self = m
	return m, nil
}

// Poisson is keras.metrics.Poisson: mean(y_pred - y_true * log(y_pred + 1e-7)).
type Poisson struct{ wrapper }

// NewPoisson returns keras.metrics.Poisson(name="poisson").
func NewPoisson(opts ...Option) (*Poisson, error) {
	w, err := newWrapper("Poisson", "poisson", kPoisson, 0, opts)
	if err != nil {
		return nil, err
	}
	m := &Poisson{*w}
	m.self = m
	return m, nil
}

// BinaryCrossentropy is keras.metrics.BinaryCrossentropy: mean binary cross-entropy over the last axis (from_logits, label_smoothing).
type BinaryCrossentropy struct{ wrapper }

// NewBinaryCrossentropy returns keras.metrics.BinaryCrossentropy(name="binary_crossentropy").
func NewBinaryCrossentropy(opts ...Option) (*BinaryCrossentropy, error) {
	w, err := newWrapper("BinaryCrossentropy", "binary_crossentropy", kBCE, optFromLogits|optLabelSmoothing, opts)
	if err != nil {
		return nil, err
	}
	m := &BinaryCrossentropy{*w}
	m.self = m
	return m, nil
}

// CategoricalCrossentropy is keras.metrics.CategoricalCrossentropy: cross-entropy of one-hot/probability labels (from_logits, label_smoothing, axis=-1).
type CategoricalCrossentropy struct{ wrapper }

// NewCategoricalCrossentropy returns keras.metrics.CategoricalCrossentropy(name="categorical_crossentropy").
func NewCategoricalCrossentropy(opts ...Option) (*CategoricalCrossentropy, error) {
	w, err := newWrapper("CategoricalCrossentropy", "categorical_crossentropy", kCCE, optFromLogits|optLabelSmoothing|optAxis, opts)
	if err != nil {
		return nil, err
	}
	m := &CategoricalCrossentropy{*w}
	m.self = m
	return m, nil
}

// SparseCategoricalCrossentropy is keras.metrics.SparseCategoricalCrossentropy: cross-entropy of integer labels (from_logits, ignore_class, axis=-1). Ignored labels contribute 0 and, when sample weights are given, weight 0 (Keras's keras_mask semantics).
type SparseCategoricalCrossentropy struct{ wrapper }

// NewSparseCategoricalCrossentropy returns keras.metrics.SparseCategoricalCrossentropy(name="sparse_categorical_crossentropy").
func NewSparseCategoricalCrossentropy(opts ...Option) (*SparseCategoricalCrossentropy, error) {
	w, err := newWrapper("SparseCategoricalCrossentropy", "sparse_categorical_crossentropy", kSCCE, optFromLogits|optIgnoreClass|optAxis, opts)
	if err != nil {
		return nil, err
	}
	m := &SparseCategoricalCrossentropy{*w}
	m.self = m
	return m, nil
}
