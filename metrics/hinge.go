package metrics

// Hinge is keras.metrics.Hinge: mean(max(1 - y_true*y_pred, 0)); labels in {0,1} (checked per batch) are mapped to {-1,1}.
type Hinge struct{ wrapper }

// NewHinge returns keras.metrics.Hinge(name="hinge").
func NewHinge(opts ...Option) (*Hinge, error) {
	w, err := newWrapper("Hinge", "hinge", kHinge, 0, opts)
	if err != nil {
		return nil, err
	}
	m := &Hinge{*w}
	m.self = m
	return m, nil
}

// SquaredHinge is keras.metrics.SquaredHinge: mean(max(1 - y_true*y_pred, 0)^2); labels in {0,1} are mapped to {-1,1}.
type SquaredHinge struct{ wrapper }

// NewSquaredHinge returns keras.metrics.SquaredHinge(name="squared_hinge").
func NewSquaredHinge(opts ...Option) (*SquaredHinge, error) {
	w, err := newWrapper("SquaredHinge", "squared_hinge", kSquaredHinge, 0, opts)
	if err != nil {
		return nil, err
	}
	m := &SquaredHinge{*w}
	m.self = m
	return m, nil
}

// CategoricalHinge is keras.metrics.CategoricalHinge: max(max((1-y_true)*y_pred) - sum(y_true*y_pred) + 1, 0).
type CategoricalHinge struct{ wrapper }

// NewCategoricalHinge returns keras.metrics.CategoricalHinge(name="categorical_hinge").
func NewCategoricalHinge(opts ...Option) (*CategoricalHinge, error) {
	w, err := newWrapper("CategoricalHinge", "categorical_hinge", kCategoricalHinge, 0, opts)
	if err != nil {
		return nil, err
	}
	m := &CategoricalHinge{*w}
	m.self = m
	return m, nil
}
