package optimizers

import (
	"fmt"

	"github.com/gokeras/keras/optimizers/internal/config"
	"github.com/gokeras/keras/tensor"
)

// SGD is keras.optimizers.SGD: gradient descent with optional (Nesterov)
// momentum. velocity = momentum*velocity - lr*g; w += velocity (or, with
// Nesterov, w += momentum*velocity - lr*g); without momentum w -= lr*g.
type SGD struct {
	core
	momentum float64
	nesterov bool
	m        [][]float32
}

// NewSGD returns an SGD optimizer (defaults: learning_rate 0.01, momentum 0,
// nesterov false). Options: the shared ones plus Momentum and Nesterov.
func NewSGD(opts ...Option) (*SGD, error) { return newFromOptions[*SGD]("SGD", opts) }

func newSGD(a *config.Args) (*SGD, error) {
	o := &SGD{}
	if err := initCore(&o.core, "SGD", o, a, baseDefaults{learningRate: 0.01}); err != nil {
		return nil, err
	}
	var err error
	if o.momentum, err = a.Float("momentum", 0); err != nil {
		return nil, err
	}
	if o.momentum < 0 || o.momentum > 1 {
		return nil, fmt.Errorf("SGD: `momentum` must be a float between [0, 1]. Received: momentum=%v", o.momentum)
	}
	if o.nesterov, err = a.Bool("nesterov", false); err != nil {
		return nil, err
	}
	return o, nil
}

func (o *SGD) build(c *core, vars []*tensor.Variable) error {
	if o.momentum == 0 {
		return nil
	}
	s, err := c.addSlots(vars, nil, "momentum")
	if err != nil {
		return err
	}
	o.m = s[0]
	return nil
}

func (o *SGD) beforeUpdate(int64) {}

func (o *SGD) update(i int, g, p []float32, lr float32, _ int64) {
	if o.momentum == 0 {
		for j, x := range g {
			p[j] -= x * lr
		}
		return
	}
	mom := float32(o.momentum)
	m := o.m[i][:len(p)]
	g = g[:len(p)]
	if o.nesterov {
		for j := range p {
			mj := m[j]*mom - g[j]*lr
			m[j] = mj
			p[j] += mj*mom - g[j]*lr
		}
		return
	}
	for j := range p {
		mj := m[j]*mom - g[j]*lr
		m[j] = mj
		p[j] += mj
	}
}

func (o *SGD) config(m map[string]any) {
	m["momentum"] = o.momentum
	m["nesterov"] = o.nesterov
}
