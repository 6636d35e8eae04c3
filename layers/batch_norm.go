package layers

import (
	"fmt"

	"github.com/gokeras/keras/constraints"
	"github.com/gokeras/keras/initializers"
	"github.com/gokeras/keras/regularizers"
	"github.com/gokeras/keras/tensor"
)

// BatchNormalization is keras.layers.BatchNormalization. In training it
// normalizes with the moments of the batch (biased variance) over every
// axis but Axis and updates the moving statistics as
// moving = moving*momentum + batch*(1-momentum); in inference it uses the
// moving statistics. As in Keras 3, a layer with trainable=false always runs
// in inference mode. Renormalization and synchronized=true are not
// supported.
type BatchNormalization struct {
	BaseLayer
	Axis                  int
	Momentum, Epsilon     float64
	Center, Scale         bool
	betaInit, gammaInit   initializers.Initializer
	meanInit, varInit     initializers.Initializer
	betaReg, gammaReg     regularizers.Regularizer
	betaCons, gammaCons   constraints.Constraint
	Gamma, Beta           *tensor.Variable
	MovingMean, MovingVar *tensor.Variable
	axis                  int // Axis made non-negative at build time
}

// NewBatchNormalization makes a BatchNormalization layer. Options (Keras's
// names): With("axis", -1), With("momentum", 0.99), With("epsilon", 1e-3),
// With("center", true), With("scale", true), With("beta_initializer",
// "zeros"), With("gamma_initializer", "ones"),
// With("moving_mean_initializer", "zeros"),
// With("moving_variance_initializer", "ones"), the beta_/gamma_ regularizer
// and constraint arguments, WithName, WithTrainable.
func NewBatchNormalization(opts ...Option) *BatchNormalization {
	return batchNormFromConfig(Options(opts, nil))
}

func batchNormFromConfig(cfg Config) *BatchNormalization {
	l := &BatchNormalization{}
	l.BaseLayer.Init(l, "BatchNormalization", cfg)
	l.Axis = cfg.Int("axis", -1)
	l.Momentum = cfg.Float("momentum", 0.99)
	l.Epsilon = cfg.Float("epsilon", 1e-3)
	l.Center = cfg.Bool("center", true)
	l.Scale = cfg.Bool("scale", true)
	l.betaInit = getInitializer(&cfg, "beta_initializer", "zeros")
	l.gammaInit = getInitializer(&cfg, "gamma_initializer", "ones")
	l.meanInit = getInitializer(&cfg, "moving_mean_initializer", "zeros")
	l.varInit = getInitializer(&cfg, "moving_variance_initializer", "ones")
	l.betaReg = getRegularizer(&cfg, "beta_regularizer")
	l.gammaReg = getRegularizer(&cfg, "gamma_regularizer")
	l.betaCons = getConstraint(&cfg, "beta_constraint")
	l.gammaCons = getConstraint(&cfg, "gamma_constraint")
	if cfg.Bool("synchronized", false) {
		cfg.Fail(fmt.Errorf("argument synchronized=True is only supported with the TensorFlow backend"))
	}
	if cfg.Bool("renorm", false) {
		cfg.Fail(fmt.Errorf("argument renorm=True is not supported"))
	}
	cfg.Any("renorm_clipping")
	cfg.Any("renorm_momentum")
	if l.Epsilon <= 0 {
		cfg.Fail(fmt.Errorf("argument epsilon must be positive, received epsilon=%v", l.Epsilon))
	}
	l.BaseLayer.Finish(cfg)
	return l
}

// Build creates gamma and beta (trainable) and moving_mean and
// moving_variance (non-trainable), in Keras's order.
func (l *BatchNormalization) Build(shapes []tensor.Shape) error {
	if err := wantInputs(shapes, 1); err != nil {
		return err
	}
	s := shapes[0]
	ax, err := tensor.NormAxis(l.Axis, len(s))
	if err != nil {
		return fmt.Errorf("axis %d is out of bounds for input shape %v. Received: axis=%d", l.Axis, s, l.Axis)
	}
	if s[ax] <= 0 {
		return fmt.Errorf("axis %d of input tensor should have a defined dimension but the layer received an input with shape %v", l.Axis, s)
	}
	l.axis = ax
	ps := tensor.Shape{s[ax]}
	if l.Scale {
		if l.Gamma, err = l.AddWeight(WeightSpec{Name: "gamma", Shape: ps, Initializer: l.gammaInit,
			Regularizer: l.gammaReg, Constraint: l.gammaCons, Trainable: true}); err != nil {
			return err
		}
	}
	if l.Center {
		if l.Beta, err = l.AddWeight(WeightSpec{Name: "beta", Shape: ps, Initializer: l.betaInit,
			Regularizer: l.betaReg, Constraint: l.betaCons, Trainable: true}); err != nil {
			return err
		}
	}
	if l.MovingMean, err = l.AddWeight(WeightSpec{Name: "moving_mean", Shape: ps, Initializer: l.meanInit}); err != nil {
		return err
	}
	l.MovingVar, err = l.AddWeight(WeightSpec{Name: "moving_variance", Shape: ps, Initializer: l.varInit})
	return err
}

// ComputeOutputShape returns the input shape.
func (l *BatchNormalization) ComputeOutputShape(shapes []tensor.Shape) ([]tensor.Shape, error) {
	if err := wantInputs(shapes, 1); err != nil {
		return nil, err
	}
	if _, err := tensor.NormAxis(l.Axis, len(shapes[0])); err != nil {
		return nil, fmt.Errorf("axis %d is out of bounds for input shape %v. Received: axis=%d", l.Axis, shapes[0], l.Axis)
	}
	return sameShape(shapes)
}

// Call normalizes x; in training (and when the layer is trainable) it also
// appends the moving-statistics update to ctx.Updates.
func (l *BatchNormalization) Call(ctx *Context, in []*tensor.Tensor) ([]*tensor.Tensor, error) {
	x := in[0]
	s := x.Shape()
	if x.DType() != tensor.Float32 {
		return nil, fmt.Errorf("expected float32 input, got %v", x.DType())
	}
	if len(s) <= l.axis || s[l.axis] != l.MovingMean.Shape()[0] {
		return nil, fmt.Errorf("input 0 is incompatible with the layer: expected axis %d of input shape to have value %d, but received input with shape %v", l.Axis, l.MovingMean.Shape()[0], s)
	}
	stat := make([]bool, len(s))
	stat[l.axis] = true
	args := []*tensor.Tensor{x}
	gi, bi, mi, vi := -1, -1, -1, -1
	if l.Scale {
		gi, args = len(args), append(args, l.Gamma.Value())
	}
	if l.Center {
		bi, args = len(args), append(args, l.Beta.Value())
	}
	training := ctx != nil && ctx.Training && l.Trainable()
	kind := normCenter
	if !training {
		kind = normFixed
		mi, vi = len(args), len(args)+1
		args = append(args, l.MovingMean.Value(), l.MovingVar.Value())
	}
	op := newNormOp(kind, l.Epsilon, newNormView(s, stat, stat), gi, bi, mi, vi)
	y, err := tensor.Apply(op, tensor.Float32, s.Clone(), args...)
	if err != nil {
		return nil, err
	}
	if training {
		upd := &movingStatsOp{norm: op, momentum: float32(l.Momentum)}
		u, err := tensor.Apply(upd, tensor.Float32, tensor.Shape{}, y, l.MovingMean.Value(), l.MovingVar.Value())
		if err != nil {
			return nil, err
		}
		ctx.Updates = append(ctx.Updates, u)
	}
	return []*tensor.Tensor{y}, nil
}

// GetConfig returns Keras's BatchNormalization config.
func (l *BatchNormalization) GetConfig() map[string]any {
	cfg := l.BaseConfig()
	cfg["axis"] = l.Axis
	cfg["momentum"] = l.Momentum
	cfg["epsilon"] = l.Epsilon
	cfg["center"] = l.Center
	cfg["scale"] = l.Scale
	cfg["beta_initializer"] = serializeObj("keras.initializers", l.betaInit)
	cfg["gamma_initializer"] = serializeObj("keras.initializers", l.gammaInit)
	cfg["moving_mean_initializer"] = serializeObj("keras.initializers", l.meanInit)
	cfg["moving_variance_initializer"] = serializeObj("keras.initializers", l.varInit)
	cfg["beta_regularizer"] = serializeObj("keras.regularizers", l.betaReg)
	cfg["gamma_regularizer"] = serializeObj("keras.regularizers", l.gammaReg)
	cfg["beta_constraint"] = serializeObj("keras.constraints", l.betaCons)
	cfg["gamma_constraint"] = serializeObj("keras.constraints", l.gammaCons)
	cfg["synchronized"] = false
	cfg["renorm"] = false
	cfg["renorm_clipping"] = nil
	cfg["renorm_momentum"] = 0.99
	return cfg
}

// movingStatsOp updates BatchNormalization's moving mean and variance in
// place from the batch moments its normOp computed. Its inputs are the
// normalized output (so that it runs after the normalization when a plan
// replays the graph) and the two moving-statistics variables; its output
// is a dummy scalar.
type movingStatsOp struct {
	norm     *normOp
	momentum float32
}

func (op *movingStatsOp) Name() string { return "batch_norm_update" }

func (op *movingStatsOp) Forward(out *tensor.Tensor, in []*tensor.Tensor) {
	mm, mv := in[1].Float32s(), in[2].Float32s()
	m, k := op.momentum, 1-op.momentum
	for i := range mm {
		mm[i] = mm[i]*m + op.norm.mean[i]*k
		mv[i] = mv[i]*m + op.norm.variance[i]*k
	}
	out.Float32s()[0] = 0
}

func (op *movingStatsOp) Backward(_, _ *tensor.Tensor, _ []*tensor.Tensor, _ []*tensor.Tensor) {}

func init() {
	Register("BatchNormalization", func(c Config) (Layer, error) { l := batchNormFromConfig(c); return l, l.Base().Err() })
}
