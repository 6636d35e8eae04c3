package metrics

// Accuracy is keras.metrics.Accuracy: how often y_pred equals y_true (after Keras's squeeze/expand to the same rank).
type Accuracy struct{ wrapper }

// NewAccuracy returns keras.metrics.Accuracy(name="accuracy").
func NewAccuracy(opts ...Option) (*Accuracy, error) {
	w, err := newWrapper("Accuracy", "accuracy", kAccuracy, 0, opts)
	if err != nil {
		return nil, err
	}
	m := &Accuracy{*w}
	m.self = m
	return m, nil
}

// BinaryAccuracy is keras.metrics.BinaryAccuracy: how often y_true equals (y_pred > threshold), threshold 0.5 by default.
type BinaryAccuracy struct{ wrapper }

// NewBinaryAccuracy returns keras.metrics.BinaryAccuracy(name="binary_accuracy").
func NewBinaryAccuracy(opts ...Option) (*BinaryAccuracy, error) {
	w, err := newWrapper("BinaryAccuracy", "binary_accuracy", kBinaryAccuracy, optThreshold, opts)
	if err != nil {
		return nil, err
	}
	m := &BinaryAccuracy{*w}
	m.self = m
	return m, nil
}

// CategoricalAccuracy is keras.metrics.CategoricalAccuracy: how often argmax(y_pred) equals argmax(y_true) (one-hot labels).
type CategoricalAccuracy struct{ wrapper }

// NewCategoricalAccuracy returns keras.metrics.CategoricalAccuracy(name="categorical_accuracy").
func NewCategoricalAccuracy(opts ...Option) (*CategoricalAccuracy, error) {
	w, err := newWrapper("CategoricalAccuracy", "categorical_accuracy", kCategoricalAccuracy, 0, opts)
	if err != nil {
		return nil, err
	}
	m := &CategoricalAccuracy{*w}
	m.self = m
	return m, nil
}

// SparseCategoricalAccuracy is keras.metrics.SparseCategoricalAccuracy: how often argmax(y_pred) equals the integer label. Labels outside [0, classes) simply count as wrong, as in Keras.
type SparseCategoricalAccuracy struct{ wrapper }

// NewSparseCategoricalAccuracy returns keras.metrics.SparseCategoricalAccuracy(name="sparse_categorical_accuracy").
func NewSparseCategoricalAccuracy(opts ...Option) (*SparseCategoricalAccuracy, error) {
	w, err := newWrapper("SparseCategoricalAccuracy", "sparse_categorical_accuracy", kSparseCategoricalAccuracy, 0, opts)
	if err != nil {
		return nil, err
	}
	m := &SparseCategoricalAccuracy{*w}
	m.self = m
	return m, nil
}

// TopKCategoricalAccuracy is keras.metrics.TopKCategoricalAccuracy (k=5): how often argmax(y_true) is among the k highest scores (ties at the boundary count as in, like ops.in_top_k).
type TopKCategoricalAccuracy struct{ wrapper }

// NewTopKCategoricalAccuracy returns keras.metrics.TopKCategoricalAccuracy(name="top_k_categorical_accuracy").
func NewTopKCategoricalAccuracy(opts ...Option) (*TopKCategoricalAccuracy, error) {
	w, err := newWrapper("TopKCategoricalAccuracy", "top_k_categorical_accuracy", kTopK, optK, opts)
	if err != nil {
		return nil, err
	}
	m := &TopKCategoricalAccuracy{*w}
	m.self = m
	return m, nil
}

// SparseTopKCategoricalAccuracy is keras.metrics.SparseTopKCategoricalAccuracy (k=5): how often the integer label is among the k highest scores; with from_sorted_ids, y_pred holds class ids sorted by score.
type SparseTopKCategoricalAccuracy struct{ wrapper }

// NewSparseTopKCategoricalAccuracy returns keras.metrics.SparseTopKCategoricalAccuracy(name="sparse_top_k_categorical_accuracy").
func NewSparseTopKCategoricalAccuracy(opts ...Option) (*SparseTopKCategoricalAccuracy, error) {
	w, err := newWrapper("SparseTopKCategoricalAccuracy", "sparse_top_k_categorical_accuracy", kSparseTopK, optK|optFromSortedIDs, opts)
	if err != nil {
		return nil, err
	}
	m := &SparseTopKCategoricalAccuracy{*w}
	m.self = m
	return m, nil
}
