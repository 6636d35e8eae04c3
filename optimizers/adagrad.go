package optimizers

import (
	"math"

	"github.com/gokeras/keras/optimizers/internal/config"
	"github.com/gokeras/keras/tensor"
)

// Adagrad is keras.optimizers.Adagrad: acc += g^2; w -= lr*g / sqrt(acc + epsilon),
// with acc starting at initial_accumulator_value.
type Adagrad struct {
	core
	initialAccumulatorValue, epsilon float64
	acc                              [][]float32
}

// NewAdagrad returns an Adagrad optimizer (defaults: learning_rate 0.001,
// initial_accumulator_value 0.1, epsilon 1e-7). Options: the shared ones plus
// InitialAccumulatorValue and Epsilon.
func NewAdagrad(opts ...Option) (*Adagrad, error) { return newFromOptions[*Adagrad]("Adagrad", opts) }

func newAdagrad(a *config.Args) (*Adagrad, error) {
	o := &Adagrad{}
	if err := initCore(&o.core, "Adagrad", o, a, baseDefaults{learningRate: 0.001}); err != nil {
		return nil, err
	}
	var err error
	if o.initialAccumulatorValue, err = a.Float("initial_accumulator_value", 0.1); err != nil {
		return nil, err
	}
	if o.epsilon, err = a.Float("epsilon", 1e-7); err != nil {
		return nil, err
	}
	return o, nil
}

func (o *Adagrad) build(c *core, vars []*tensor.Variable) error {
	s, err := c.addSlots(vars, []float32{float32(o.initialAccumulatorValue)}, "accumulator")
	if err != nil {
		return err
	}
	o.acc = s[0]
	return nil
}

func (o *Adagrad) beforeUpdate(int64) {}

func (o *Adagrad) update(i int, g, p []float32, lr float32, _ int64) {
	eps := float32(o.epsilon)
	acc := o.acc[i][:len(p)]
	g = g[:len(p)]
	for j := range p {
		a := acc[j] + g[j]*g[j]
		acc[j] = a
		p[j] -= lr * g[j] / float32(math.Sqrt(float64(a+eps)))
	}
}

func (o *Adagrad) config(m map[string]any) {
	m["initial_accumulator_value"] = o.initialAccumulatorValue
	m["epsilon"] = o.epsilon
}
