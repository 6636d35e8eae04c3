package losses

// Code below is one block per Keras loss class.

var specs = map[string]*spec{}

func init() {
	specs["MeanSquaredError"] = &spec{class: "MeanSquaredError", defName: "mean_squared_error", fnName: "mean_squared_error", keys: nil, defaults: nil, per: elem(mseKernel)}
	specs["MeanAbsoluteError"] = &spec{class: "MeanAbsoluteError", defName: "mean_absolute_error", fnName: "mean_absolute_error", keys: nil, defaults: nil, per: elem(maeKernel)}
	specs["MeanAbsolutePercentageError"] = &spec{class: "MeanAbsolutePercentageError", defName: "mean_absolute_percentage_error", fnName: "mean_absolute_percentage_error", keys: nil, defaults: nil, per: elem(mapeKernel)}
	specs["MeanSquaredLogarithmicError"] = &spec{class: "MeanSquaredLogarithmicError", defName: "mean_squared_logarithmic_error", fnName: "mean_squared_logarithmic_error", keys: nil, defaults: nil, per: elem(msleKernel)}
	specs["CosineSimilarity"] = &spec{class: "CosineSimilarity", defName: "cosine_similarity", fnName: "cosine_similarity", keys: []string{"axis"}, defaults: nil, per: perCosine}
	specs["Huber"] = &spec{class: "Huber", defName: "huber_loss", fnName: "huber", keys: []string{"delta"}, defaults: nil, per: perHuber}
	specs["LogCosh"] = &spec{class: "LogCosh", defName: "log_cosh", fnName: "log_cosh", keys: nil, defaults: nil, per: elem(logCoshKernel)}
	specs["Hinge"] = &spec{class: "Hinge", defName: "hinge", fnName: "hinge", keys: nil, defaults: nil, per: perHinge(false)}
	specs["SquaredHinge"] = &spec{class: "SquaredHinge", defName: "squared_hinge", fnName: "squared_hinge", keys: nil, defaults: nil, per: perHinge(true)}
	specs["CategoricalHinge"] = &spec{class: "CategoricalHinge", defName: "categorical_hinge", fnName: "categorical_hinge", keys: nil, defaults: nil, per: elem(func() kernel { return catHingeKernel{} })}
	specs["KLDivergence"] = &spec{class: "KLDivergence", defName: "kl_divergence", fnName: "kl_divergence", keys: nil, defaults: nil, per: elem(kldKernel)}
	specs["Poisson"] = &spec{class: "Poisson", defName: "poisson", fnName: "poisson", keys: nil, defaults: nil, per: elem(poissonKernel)}
	specs["BinaryCrossentropy"] = &spec{class: "BinaryCrossentropy", defName: "binary_crossentropy", fnName: "binary_crossentropy", keys: []string{"from_logits", "label_smoothing", "axis"}, defaults: nil, per: perBCE}
	specs["BinaryFocalCrossentropy"] = &spec{class: "BinaryFocalCrossentropy", defName: "binary_focal_crossentropy", fnName: "binary_focal_crossentropy", keys: []string{"from_logits", "label_smoothing", "axis", "apply_class_balancing", "alpha", "gamma"}, defaults: nil, per: perBFCE}
	specs["CategoricalCrossentropy"] = &spec{class: "CategoricalCrossentropy", defName: "categorical_crossentropy", fnName: "categorical_crossentropy", keys: []string{"from_logits", "label_smoothing", "axis"}, defaults: nil, per: perCCE}
	specs["CategoricalFocalCrossentropy"] = &spec{class: "CategoricalFocalCrossentropy", defName: "categorical_focal_crossentropy", fnName: "categorical_focal_crossentropy", keys: []string{"from_logits", "label_smoothing", "axis", "alpha", "gamma"}, defaults: nil, per: perCFCE}
	specs["SparseCategoricalCrossentropy"] = &spec{class: "SparseCategoricalCrossentropy", defName: "sparse_categorical_crossentropy", fnName: "sparse_categorical_crossentropy", keys: []string{"from_logits", "ignore_class", "axis"}, defaults: nil, per: perSparseCE}
	specs["Dice"] = &spec{class: "Dice", defName: "dice", fnName: "dice", keys: []string{"axis"}, defaults: func(s *settings) { s.axes = nil }, per: perDice}
	specs["Tversky"] = &spec{class: "Tversky", defName: "tversky", fnName: "tversky", keys: []string{"alpha", "beta", "axis"}, defaults: func(s *settings) { s.axes = nil; s.alpha = 0.5 }, per: perTversky}
}

// constructors builds every class by its Keras class name.
var constructors = map[string]func(opts ...Option) (Loss, error){
	"MeanSquaredError":              func(opts ...Option) (Loss, error) { return NewMeanSquaredError(opts...) },
	"MeanAbsoluteError":             func(opts ...Option) (Loss, error) { return NewMeanAbsoluteError(opts...) },
	"MeanAbsolutePercentageError":   func(opts ...Option) (Loss, error) { return NewMeanAbsolutePercentageError(opts...) },
	"MeanSquaredLogarithmicError":   func(opts ...Option) (Loss, error) { return NewMeanSquaredLogarithmicError(opts...) },
	"CosineSimilarity":              func(opts ...Option) (Loss, error) { return NewCosineSimilarity(opts...) },
	"Huber":                         func(opts ...Option) (Loss, error) { return NewHuber(opts...) },
	"LogCosh":                       func(opts ...Option) (Loss, error) { return NewLogCosh(opts...) },
	"Hinge":                         func(opts ...Option) (Loss, error) { return NewHinge(opts...) },
	"SquaredHinge":                  func(opts ...Option) (Loss, error) { return NewSquaredHinge(opts...) },
	"CategoricalHinge":              func(opts ...Option) (Loss, error) { return NewCategoricalHinge(opts...) },
	"KLDivergence":                  func(opts ...Option) (Loss, error) { return NewKLDivergence(opts...) },
	"Poisson":                       func(opts ...Option) (Loss, error) { return NewPoisson(opts...) },
	"BinaryCrossentropy":            func(opts ...Option) (Loss, error) { return NewBinaryCrossentropy(opts...) },
	"BinaryFocalCrossentropy":       func(opts ...Option) (Loss, error) { return NewBinaryFocalCrossentropy(opts...) },
	"CategoricalCrossentropy":       func(opts ...Option) (Loss, error) { return NewCategoricalCrossentropy(opts...) },
	"CategoricalFocalCrossentropy":  func(opts ...Option) (Loss, error) { return NewCategoricalFocalCrossentropy(opts...) },
	"SparseCategoricalCrossentropy": func(opts ...Option) (Loss, error) { return NewSparseCategoricalCrossentropy(opts...) },
	"Dice":                          func(opts ...Option) (Loss, error) { return NewDice(opts...) },
	"Tversky":                       func(opts ...Option) (Loss, error) { return NewTversky(opts...) },
}

// MeanSquaredError is keras.losses.MeanSquaredError: it computes the mean of squares of errors: mean(square(y_true - y_pred), axis=-1).
// Its default name is "mean_squared_error".
type MeanSquaredError struct{ base }

// NewMeanSquaredError returns a keras.losses.MeanSquaredError configured by opts.
func NewMeanSquaredError(opts ...Option) (*MeanSquaredError, error) {
	b, err := newBase("MeanSquaredError", opts)
	if err != nil {
		return nil, err
	}
	return &MeanSquaredError{b}, nil
}

// MeanAbsoluteError is keras.losses.MeanAbsoluteError: it computes the mean of absolute errors: mean(abs(y_true - y_pred), axis=-1).
// Its default name is "mean_absolute_error".
type MeanAbsoluteError struct{ base }

// NewMeanAbsoluteError returns a keras.losses.MeanAbsoluteError configured by opts.
func NewMeanAbsoluteError(opts ...Option) (*MeanAbsoluteError, error) {
	b, err := newBase("MeanAbsoluteError", opts)
	if err != nil {
		return nil, err
	}
	return &MeanAbsoluteError{b}, nil
}

// MeanAbsolutePercentageError is keras.losses.MeanAbsolutePercentageError: it computes 100 * mean(abs((y_true - y_pred) / max(abs(y_true), epsilon)), axis=-1).
// Its default name is "mean_absolute_percentage_error".
type MeanAbsolutePercentageError struct{ base }

// NewMeanAbsolutePercentageError returns a keras.losses.MeanAbsolutePercentageError configured by opts.
func NewMeanAbsolutePercentageError(opts ...Option) (*MeanAbsolutePercentageError, error) {
	b, err := newBase("MeanAbsolutePercentageError", opts)
	if err != nil {
		return nil, err
	}
	return &MeanAbsolutePercentageError{b}, nil
}

// MeanSquaredLogarithmicError is keras.losses.MeanSquaredLogarithmicError: it computes mean(square(log(max(y_pred, eps) + 1) - log(max(y_true, eps) + 1)), axis=-1).
// Its default name is "mean_squared_logarithmic_error".
type MeanSquaredLogarithmicError struct{ base }

// NewMeanSquaredLogarithmicError returns a keras.losses.MeanSquaredLogarithmicError configured by opts.
func NewMeanSquaredLogarithmicError(opts ...Option) (*MeanSquaredLogarithmicError, error) {
	b, err := newBase("MeanSquaredLogarithmicError", opts)
	if err != nil {
		return nil, err
	}
	return &MeanSquaredLogarithmicError{b}, nil
}

// CosineSimilarity is keras.losses.CosineSimilarity: it computes -sum(l2_normalize(y_true) * l2_normalize(y_pred), axis). Option: Axis (default -1).
// Its default name is "cosine_similarity".
type CosineSimilarity struct{ base }

// NewCosineSimilarity returns a keras.losses.CosineSimilarity configured by opts.
func NewCosineSimilarity(opts ...Option) (*CosineSimilarity, error) {
	b, err := newBase("CosineSimilarity", opts)
	if err != nil {
		return nil, err
	}
	return &CosineSimilarity{b}, nil
}

// Huber is keras.losses.Huber: it computes the mean over the last axis of 0.5*x^2 where |x| <= delta and delta*|x| - 0.5*delta^2 elsewhere, x = y_pred - y_true. Option: Delta (default 1).
// Its default name is "huber_loss".
type Huber struct{ base }

// NewHuber returns a keras.losses.Huber configured by opts.
func NewHuber(opts ...Option) (*Huber, error) {
	b, err := newBase("Huber", opts)
	if err != nil {
		return nil, err
	}
	return &Huber{b}, nil
}

// LogCosh is keras.losses.LogCosh: it computes mean(log(cosh(y_pred - y_true)), axis=-1).
// Its default name is "log_cosh".
type LogCosh struct{ base }

// NewLogCosh returns a keras.losses.LogCosh configured by opts.
func NewLogCosh(opts ...Option) (*LogCosh, error) {
	b, err := newBase("LogCosh", opts)
	if err != nil {
		return nil, err
	}
	return &LogCosh{b}, nil
}

// Hinge is keras.losses.Hinge: it computes mean(maximum(1 - y_true * y_pred, 0), axis=-1); 0/1 labels are converted to -1/1.
// Its default name is "hinge".
type Hinge struct{ base }

// NewHinge returns a keras.losses.Hinge configured by opts.
func NewHinge(opts ...Option) (*Hinge, error) {
	b, err := newBase("Hinge", opts)
	if err != nil {
		return nil, err
	}
	return &Hinge{b}, nil
}

// SquaredHinge is keras.losses.SquaredHinge: it computes mean(square(maximum(1 - y_true * y_pred, 0)), axis=-1); 0/1 labels are converted to -1/1.
// Its default name is "squared_hinge".
type SquaredHinge struct{ base }

// NewSquaredHinge returns a keras.losses.SquaredHinge configured by opts.
func NewSquaredHinge(opts ...Option) (*SquaredHinge, error) {
	b, err := newBase("SquaredHinge", opts)
	if err != nil {
		return nil, err
	}
	return &SquaredHinge{b}, nil
}

// CategoricalHinge is keras.losses.CategoricalHinge: it computes maximum(neg - pos + 1, 0) with pos = sum(y_true*y_pred) and neg = max((1-y_true)*y_pred) over the last axis.
// Its default name is "categorical_hinge".
type CategoricalHinge struct{ base }

// NewCategoricalHinge returns a keras.losses.CategoricalHinge configured by opts.
func NewCategoricalHinge(opts ...Option) (*CategoricalHinge, error) {
	b, err := newBase("CategoricalHinge", opts)
	if err != nil {
		return nil, err
	}
	return &CategoricalHinge{b}, nil
}

// KLDivergence is keras.losses.KLDivergence: it computes sum(y_true * log(y_true / y_pred), axis=-1), both clipped to [epsilon, 1].
// Its default name is "kl_divergence".
type KLDivergence struct{ base }

// NewKLDivergence returns a keras.losses.KLDivergence configured by opts.
func NewKLDivergence(opts ...Option) (*KLDivergence, error) {
	b, err := newBase("KLDivergence", opts)
	if err != nil {
		return nil, err
	}
	return &KLDivergence{b}, nil
}

// Poisson is keras.losses.Poisson: it computes mean(y_pred - y_true * log(y_pred + epsilon), axis=-1).
// Its default name is "poisson".
type Poisson struct{ base }

// NewPoisson returns a keras.losses.Poisson configured by opts.
func NewPoisson(opts ...Option) (*Poisson, error) {
	b, err := newBase("Poisson", opts)
	if err != nil {
		return nil, err
	}
	return &Poisson{b}, nil
}

// BinaryCrossentropy is keras.losses.BinaryCrossentropy: it computes the cross-entropy of binary labels, averaged over axis. Options: FromLogits, LabelSmoothing (labels squeezed towards 0.5), Axis.
// Its default name is "binary_crossentropy".
type BinaryCrossentropy struct{ base }

// NewBinaryCrossentropy returns a keras.losses.BinaryCrossentropy configured by opts.
func NewBinaryCrossentropy(opts ...Option) (*BinaryCrossentropy, error) {
	b, err := newBase("BinaryCrossentropy", opts)
	if err != nil {
		return nil, err
	}
	return &BinaryCrossentropy{b}, nil
}

// BinaryFocalCrossentropy is keras.losses.BinaryFocalCrossentropy: it computes the focal cross-entropy of binary labels (Lin et al., 2018). Options: ApplyClassBalancing, Alpha (0.25), Gamma (2), FromLogits, LabelSmoothing, Axis.
// Its default name is "binary_focal_crossentropy".
type BinaryFocalCrossentropy struct{ base }

// NewBinaryFocalCrossentropy returns a keras.losses.BinaryFocalCrossentropy configured by opts.
func NewBinaryFocalCrossentropy(opts ...Option) (*BinaryFocalCrossentropy, error) {
	b, err := newBase("BinaryFocalCrossentropy", opts)
	if err != nil {
		return nil, err
	}
	return &BinaryFocalCrossentropy{b}, nil
}

// CategoricalCrossentropy is keras.losses.CategoricalCrossentropy: it computes the cross-entropy of one-hot labels over the class axis. Options: FromLogits, LabelSmoothing, Axis.
// Its default name is "categorical_crossentropy".
type CategoricalCrossentropy struct{ base }

// NewCategoricalCrossentropy returns a keras.losses.CategoricalCrossentropy configured by opts.
func NewCategoricalCrossentropy(opts ...Option) (*CategoricalCrossentropy, error) {
	b, err := newBase("CategoricalCrossentropy", opts)
	if err != nil {
		return nil, err
	}
	return &CategoricalCrossentropy{b}, nil
}

// CategoricalFocalCrossentropy is keras.losses.CategoricalFocalCrossentropy: it computes the focal cross-entropy of one-hot labels. Options: Alpha (0.25, scalar only), Gamma (2), FromLogits, LabelSmoothing, Axis.
// Its default name is "categorical_focal_crossentropy".
type CategoricalFocalCrossentropy struct{ base }

// NewCategoricalFocalCrossentropy returns a keras.losses.CategoricalFocalCrossentropy configured by opts.
func NewCategoricalFocalCrossentropy(opts ...Option) (*CategoricalFocalCrossentropy, error) {
	b, err := newBase("CategoricalFocalCrossentropy", opts)
	if err != nil {
		return nil, err
	}
	return &CategoricalFocalCrossentropy{b}, nil
}

// SparseCategoricalCrossentropy is keras.losses.SparseCategoricalCrossentropy: it computes the cross-entropy of integer labels (shape (batch,) or (batch, 1), int32/int64/float) against per-class predictions. Options: FromLogits, IgnoreClass, Axis.
// Its default name is "sparse_categorical_crossentropy".
type SparseCategoricalCrossentropy struct{ base }

// NewSparseCategoricalCrossentropy returns a keras.losses.SparseCategoricalCrossentropy configured by opts.
func NewSparseCategoricalCrossentropy(opts ...Option) (*SparseCategoricalCrossentropy, error) {
	b, err := newBase("SparseCategoricalCrossentropy", opts)
	if err != nil {
		return nil, err
	}
	return &SparseCategoricalCrossentropy{b}, nil
}

// Dice is keras.losses.Dice: it computes 1 - 2*sum(y_true*y_pred) / (sum(y_true) + sum(y_pred) + epsilon) over the axes (default all). Options: Axis or Axes.
// Its default name is "dice".
type Dice struct{ base }

// NewDice returns a keras.losses.Dice configured by opts.
func NewDice(opts ...Option) (*Dice, error) {
	b, err := newBase("Dice", opts)
	if err != nil {
		return nil, err
	}
	return &Dice{b}, nil
}

// Tversky is keras.losses.Tversky: it computes 1 - TP / (TP + alpha*FP + beta*FN + epsilon) over the axes (default all). Options: Alpha (0.5), Beta (0.5), Axis or Axes.
// Its default name is "tversky".
type Tversky struct{ base }

// NewTversky returns a keras.losses.Tversky configured by opts.
func NewTversky(opts ...Option) (*Tversky, error) {
	b, err := newBase("Tversky", opts)
	if err != nil {
		return nil, err
	}
	return &Tversky{b}, nil
}
