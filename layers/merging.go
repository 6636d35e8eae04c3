package layers

import (
	"fmt"

	"github.com/gokeras/keras/ops"
	"github.com/gokeras/keras/tensor"
)

// mergeKind names the element-wise merge of a Merge layer.
type mergeKind int

const (
	mergeAdd mergeKind = iota
	mergeSubtract
	mergeMultiply
	mergeAverage
	mergeMaximum
	mergeMinimum
)

// baseMerge is Keras's Merge: the element-wise merges of several inputs
// (Add, Subtract, Multiply, Average, Maximum, Minimum). Shapes broadcast
// like Keras's _compute_elemwise_op_output_shape: after the batch axis,
// trailing axes are aligned and size-1 axes stretch; inputs of lower rank
// get size-1 axes inserted after the batch axis.
type baseMerge struct {
	BaseLayer
	kind mergeKind
}

func (l *baseMerge) init(self Layer, class string, kind mergeKind, cfg Config) {
	l.BaseLayer.Init(self, class, cfg)
	l.kind = kind
	l.BaseLayer.Finish(cfg)
}

// elemwiseShape is Keras's Merge._compute_elemwise_op_output_shape on
// shapes without the batch axis.
func elemwiseShape(a, b tensor.Shape) (tensor.Shape, error) {
	if len(a) < len(b) {
		return elemwiseShape(b, a)
	}
	if len(b) == 0 {
		return a.Clone(), nil
	}
	out := a[:len(a)-len(b)].Clone()
	for k, j := range b {
		i := a[len(a)-len(b)+k]
		switch {
		case i < 0 || j < 0:
			out = append(out, -1)
		case i == 1:
			out = append(out, j)
		case j == 1:
			out = append(out, i)
		case i != j:
			return nil, fmt.Errorf("inputs have incompatible shapes. Received shapes %v and %v", a, b)
		default:
			out = append(out, i)
		}
	}
	return out, nil
}

func (l *baseMerge) checkCount(n int) error {
	if n < 1 {
		return fmt.Errorf("a merge layer should be called on a list of at least 1 input. Received %d inputs", n)
	}
	if l.kind == mergeSubtract && n != 2 {
		return fmt.Errorf("a `Subtract` layer should be called on exactly 2 inputs. Received %d inputs", n)
	}
	return nil
}

// Build checks the number of inputs, batch sizes and shapes.
func (l *baseMerge) Build(shapes []tensor.Shape) error {
	_, err := l.ComputeOutputShape(shapes)
	return err
}

// ComputeOutputShape broadcasts the input shapes.
func (l *baseMerge) ComputeOutputShape(shapes []tensor.Shape) ([]tensor.Shape, error) {
	if err := l.checkCount(len(shapes)); err != nil {
		return nil, err
	}
	batch := -1
	for _, s := range shapes {
		if len(s) == 0 {
			return nil, fmt.Errorf("a merge layer needs batched inputs, received a scalar shape among %v", shapes)
		}
		if s[0] >= 0 {
			if batch >= 0 && s[0] != batch {
				return nil, fmt.Errorf("cannot merge tensors with different batch sizes. Received tensors with shapes %v", shapes)
			}
			batch = s[0]
		}
	}
	out := shapes[0][1:].Clone()
	for _, s := range shapes[1:] {
		var err error
		if out, err = elemwiseShape(out, s[1:]); err != nil {
			return nil, err
		}
	}
	return []tensor.Shape{append(tensor.Shape{batch}, out...)}, nil
}

// Call merges the inputs element-wise.
func (l *baseMerge) Call(_ *Context, in []*tensor.Tensor) ([]*tensor.Tensor, error) {
	shapes := make([]tensor.Shape, len(in))
	maxRank := 0
	for i, x := range in {
		shapes[i] = x.Shape()
		maxRank = max(maxRank, x.Rank())
	}
	if _, err := l.ComputeOutputShape(shapes); err != nil {
		return nil, err
	}
	xs := make([]*tensor.Tensor, len(in))
	for i, x := range in {
		var err error
		for x.Rank() < maxRank { // Keras expands lower-rank inputs at axis 1
			if x, err = ops.ExpandDims(x, 1); err != nil {
				return nil, err
			}
		}
		xs[i] = x
	}
	y := xs[0]
	for _, x := range xs[1:] {
		var err error
		switch l.kind {
		case mergeAdd, mergeAverage:
			y, err = ops.Add(y, x)
		case mergeSubtract:
			y, err = ops.Subtract(y, x)
		case mergeMultiply:
			y, err = ops.Multiply(y, x)
		case mergeMaximum:
			y, err = ops.Maximum(y, x)
		case mergeMinimum:
			y, err = ops.Minimum(y, x)
		}
		if err != nil {
			return nil, err
		}
	}
	if l.kind == mergeAverage {
		var err error
		if y, err = ops.Divide(y, ops.Const(float32(len(xs)))); err != nil {
			return nil, err
		}
	}
	return []*tensor.Tensor{y}, nil
}

// GetConfig returns Keras's Merge config (only the base keys).
func (l *baseMerge) GetConfig() map[string]any { return l.BaseConfig() }

// Add is keras.layers.Add: the element-wise sum of its inputs.
type Add struct{ baseMerge }

// Subtract is keras.layers.Subtract: inputs[0] - inputs[1].
type Subtract struct{ baseMerge }

// Multiply is keras.layers.Multiply: the element-wise product.
type Multiply struct{ baseMerge }

// Average is keras.layers.Average: the element-wise mean.
type Average struct{ baseMerge }

// Maximum is keras.layers.Maximum: the element-wise maximum.
type Maximum struct{ baseMerge }

// Minimum is keras.layers.Minimum: the element-wise minimum.
type Minimum struct{ baseMerge }

// NewAdd makes an Add layer; apply it to several tensors:
// layers.NewAdd().Apply(a, b).
func NewAdd(opts ...Option) *Add { return addFromConfig(Options(opts, nil)) }

// NewSubtract makes a Subtract layer (exactly two inputs).
func NewSubtract(opts ...Option) *Subtract { return subtractFromConfig(Options(opts, nil)) }

// NewMultiply makes a Multiply layer.
func NewMultiply(opts ...Option) *Multiply { return multiplyFromConfig(Options(opts, nil)) }

// NewAverage makes an Average layer.
func NewAverage(opts ...Option) *Average { return averageFromConfig(Options(opts, nil)) }

// NewMaximum makes a Maximum layer.
func NewMaximum(opts ...Option) *Maximum { return maximumFromConfig(Options(opts, nil)) }

// NewMinimum makes a Minimum layer.
func NewMinimum(opts ...Option) *Minimum { return minimumFromConfig(Options(opts, nil)) }

func addFromConfig(c Config) *Add {
	l := &Add{}
	l.init(l, "Add", mergeAdd, c)
	return l
}

func subtractFromConfig(c Config) *Subtract {
	l := &Subtract{}
	l.init(l, "Subtract", mergeSubtract, c)
	return l
}

func multiplyFromConfig(c Config) *Multiply {
	l := &Multiply{}
	l.init(l, "Multiply", mergeMultiply, c)
	return l
}

func averageFromConfig(c Config) *Average {
	l := &Average{}
	l.init(l, "Average", mergeAverage, c)
	return l
}

func maximumFromConfig(c Config) *Maximum {
	l := &Maximum{}
	l.init(l, "Maximum", mergeMaximum, c)
	return l
}

func minimumFromConfig(c Config) *Minimum {
	l := &Minimum{}
	l.init(l, "Minimum", mergeMinimum, c)
	return l
}

// Concatenate is keras.layers.Concatenate: its inputs joined along Axis
// (default -1); the other axes must match.
type Concatenate struct {
	BaseLayer
	Axis int
}

// NewConcatenate makes a Concatenate layer. Options: With("axis", n),
// WithName.
func NewConcatenate(opts ...Option) *Concatenate { return concatenateFromConfig(Options(opts, nil)) }

func concatenateFromConfig(cfg Config) *Concatenate {
	l := &Concatenate{}
	l.BaseLayer.Init(l, "Concatenate", cfg)
	l.Axis = cfg.Int("axis", -1)
	l.BaseLayer.Finish(cfg)
	return l
}

// Build checks that the shapes match except on the concatenation axis.
func (l *Concatenate) Build(shapes []tensor.Shape) error {
	_, err := l.ComputeOutputShape(shapes)
	return err
}

// ComputeOutputShape sums the sizes along the axis.
func (l *Concatenate) ComputeOutputShape(shapes []tensor.Shape) ([]tensor.Shape, error) {
	if len(shapes) < 1 {
		return nil, fmt.Errorf("a `Concatenate` layer should be called on a list of at least 1 input. Received: input_shape=%v", shapes)
	}
	r := len(shapes[0])
	ax, err := tensor.NormAxis(l.Axis, r)
	if err != nil {
		return nil, fmt.Errorf("axis %d is out of bounds for inputs of rank %d", l.Axis, r)
	}
	bad := fmt.Errorf("a `Concatenate` layer requires inputs with matching shapes except for the concatenation axis. Received: input_shape=%v", shapes)
	out := shapes[0].Clone()
	for _, s := range shapes[1:] {
		if len(s) != r {
			return nil, bad
		}
		for i, d := range s {
			switch {
			case i == ax:
				if out[i] < 0 || d < 0 {
					out[i] = -1
				} else {
					out[i] += d
				}
			case out[i] >= 0 && d >= 0 && out[i] != d:
				return nil, bad
			case out[i] < 0:
				out[i] = d
			}
		}
	}
	return []tensor.Shape{out}, nil
}

// Call concatenates the inputs.
func (l *Concatenate) Call(_ *Context, in []*tensor.Tensor) ([]*tensor.Tensor, error) {
	shapes := make([]tensor.Shape, len(in))
	for i, x := range in {
		shapes[i] = x.Shape()
	}
	if _, err := l.ComputeOutputShape(shapes); err != nil {
		return nil, err
	}
	y, err := ops.Concatenate(in, l.Axis)
	if err != nil {
		return nil, err
	}
	return []*tensor.Tensor{y}, nil
}

// GetConfig returns Keras's Concatenate config.
func (l *Concatenate) GetConfig() map[string]any {
	cfg := l.BaseConfig()
	cfg["axis"] = l.Axis
	return cfg
}

func init() {
	reg := func(name string, f func(Config) Layer) {
		Register(name, func(c Config) (Layer, error) { l := f(c); return l, l.Base().Err() })
	}
	reg("Add", func(c Config) Layer { return addFromConfig(c) })
	reg("Subtract", func(c Config) Layer { return subtractFromConfig(c) })
	reg("Multiply", func(c Config) Layer { return multiplyFromConfig(c) })
	reg("Average", func(c Config) Layer { return averageFromConfig(c) })
	reg("Maximum", func(c Config) Layer { return maximumFromConfig(c) })
	reg("Minimum", func(c Config) Layer { return minimumFromConfig(c) })
	reg("Concatenate", func(c Config) Layer { return concatenateFromConfig(c) })
}
