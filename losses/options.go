package losses

import (
	"fmt"
	"slices"
)

// Epsilon is Keras's backend.epsilon(), the fuzz factor used to clip
// probabilities and guard divisions.
const Epsilon = 1e-7

// Option configures a loss constructor. Options are shared by all losses; a
// constructor given an option its Keras class does not take returns an
// error naming it.
type Option func(*settings)

// settings holds every constructor argument of every loss, plus the set of
// Keras keys that were given explicitly.
type settings struct {
	name                string
	reduction           string
	dtype               string
	fromLogits          bool
	labelSmoothing      float64
	axis                int
	axes                []int // Dice/Tversky; nil means all axes (axis=None)
	axisCfg             any   // Dice/Tversky axis as given: nil, int or []int
	ignoreClass         *int
	delta               float64
	alpha, beta, gamma  float64
	applyClassBalancing bool
	given               []string
}

func (s *settings) mark(key string) {
	if !slices.Contains(s.given, key) {
		s.given = append(s.given, key)
	}
}

// Name sets the loss name (Keras `name`).
func Name(name string) Option {
	return func(s *settings) { s.name = name; s.mark("name") }
}

// Reduction sets the reduction (Keras `reduction`): "sum_over_batch_size"
// (default), "sum", "mean", "mean_with_sample_weight" or "none".
func Reduction(r string) Option {
	return func(s *settings) { s.reduction = r; s.mark("reduction") }
}

// DType sets the loss dtype (Keras `dtype`); only "float32" is supported.
func DType(d string) Option {
	return func(s *settings) { s.dtype = d; s.mark("dtype") }
}

// FromLogits says y_pred holds logits rather than probabilities (Keras
// `from_logits`).
func FromLogits(v bool) Option {
	return func(s *settings) { s.fromLogits = v; s.mark("from_logits") }
}

// LabelSmoothing sets Keras's `label_smoothing` (a float in [0, 1]).
func LabelSmoothing(v float64) Option {
	return func(s *settings) { s.labelSmoothing = v; s.mark("label_smoothing") }
}

// Axis sets Keras's `axis`: the class axis of cross-entropies, the axis
// averaged over by binary cross-entropies, the axis of CosineSimilarity, or
// the single reduced axis of Dice and Tversky.
func Axis(a int) Option {
	return func(s *settings) {
		s.axis = a
		s.axes = []int{a}
		s.axisCfg = a
		s.mark("axis")
	}
}

// Axes sets the reduced axes of Dice and Tversky (Keras's tuple `axis`);
// no axes means all of them (axis=None).
func Axes(axes ...int) Option {
	return func(s *settings) {
		if len(axes) == 0 {
			s.axes, s.axisCfg = nil, nil
		} else {
			s.axes = slices.Clone(axes)
			s.axisCfg = slices.Clone(axes)
		}
		s.mark("axis")
	}
}

// IgnoreClass sets SparseCategoricalCrossentropy's `ignore_class`: samples
// with this label contribute no loss and are masked out of the reduction.
func IgnoreClass(c int) Option {
	return func(s *settings) { s.ignoreClass = &c; s.mark("ignore_class") }
}

// Delta sets Huber's `delta`.
func Delta(d float64) Option {
	return func(s *settings) { s.delta = d; s.mark("delta") }
}

// Alpha sets `alpha` of the focal losses and of Tversky.
func Alpha(a float64) Option {
	return func(s *settings) { s.alpha = a; s.mark("alpha") }
}

// Beta sets Tversky's `beta`.
func Beta(b float64) Option {
	return func(s *settings) { s.beta = b; s.mark("beta") }
}

// Gamma sets the focusing parameter `gamma` of the focal losses.
func Gamma(g float64) Option {
	return func(s *settings) { s.gamma = g; s.mark("gamma") }
}

// ApplyClassBalancing sets BinaryFocalCrossentropy's
// `apply_class_balancing`.
func ApplyClassBalancing(v bool) Option {
	return func(s *settings) { s.applyClassBalancing = v; s.mark("apply_class_balancing") }
}

var allowedReductions = []string{"sum_over_batch_size", "sum", "none", "mean", "mean_with_sample_weight"}

// build applies opts over Keras's defaults and checks that only the keys in
// allowed were given.
func build(class, defName string, allowed []string, defaults func(*settings), opts []Option) (settings, error) {
	s := settings{name: defName, reduction: "sum_over_batch_size", axis: -1, delta: 1, alpha: 0.25, gamma: 2, beta: 0.5}
	if defaults != nil {
		defaults(&s)
	}
	for _, o := range opts {
		if o != nil {
			o(&s)
		}
	}
	common := []string{"name", "reduction", "dtype"}
	for _, k := range s.given {
		if !slices.Contains(common, k) && !slices.Contains(allowed, k) {
			return s, fmt.Errorf("losses.%s: unexpected argument %s (accepted: %v)", class, k, append(common, allowed...))
		}
	}
	if !slices.Contains(allowedReductions, s.reduction) {
		return s, fmt.Errorf("losses.%s: Invalid value for argument `reduction`. Expected one of %v. Received: reduction=%q", class, allowedReductions, s.reduction)
	}
	if s.dtype != "" && s.dtype != "float32" {
		return s, fmt.Errorf("losses.%s: unsupported dtype %q (only float32)", class, s.dtype)
	}
	if s.name == "" {
		return s, fmt.Errorf("losses.%s: empty name", class)
	}
	return s, nil
}
