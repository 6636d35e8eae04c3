package optimizers

import (
	"fmt"

	"github.com/gokeras/keras/optimizers/internal/config"
	"github.com/gokeras/keras/tensor"
)

// Lion is keras.optimizers.Lion:
//
//	w -= lr * sign(beta_1*m + (1 - beta_1)*g)
//	m = beta_2*m + (1 - beta_2)*g
type Lion struct {
	core
	beta1, beta2 float64
	m            [][]float32
}

// NewLion returns a Lion optimizer (defaults: learning_rate 0.001, beta_1
// 0.9, beta_2 0.99). Options: the shared ones plus Beta1 and Beta2.
func NewLion(opts ...Option) (*Lion, error) { return newFromOptions[*Lion]("Lion", opts) }

func newLion(a *config.Args) (*Lion, error) {
	o := &Lion{}
	if err := initCore(&o.core, "Lion", o, a, baseDefaults{learningRate: 0.001}); err != nil {
		return nil, err
	}
	var err error
	if o.beta1, err = a.Float("beta_1", 0.9); err != nil {
		return nil, err
	}
	if o.beta2, err = a.Float("beta_2", 0.99); err != nil {
		return nil, err
	}
	if o.beta1 <= 0 || o.beta1 > 1 {
		return nil, fmt.Errorf("Lion: Argument `beta_1` must be in the [0, 1] range. Otherwise, the optimizer "+
			"degenerates to SignSGD. Received: beta_1=%v.", o.beta1)
	}
	return o, nil
}

func (o *Lion) build(c *core, vars []*tensor.Variable) error {
	s, err := c.addSlots(vars, nil, "momentum")
	if err != nil {
		return err
	}
	o.m = s[0]
	return nil
}

func (o *Lion) beforeUpdate(int64) {}

func (o *Lion) update(i int, g, p []float32, lr float32, _ int64) {
	b1, b2 := float32(o.beta1), float32(o.beta2)
	c1, c2 := 1-b1, 1-b2
	m := o.m[i][:len(p)]
	g = g[:len(p)]
	for j := range p {
		gj := g[j]
		d := m[j]*b1 + gj*c1
		switch {
		case d > 0:
			p[j] -= lr
		case d < 0:
			p[j] += lr
		}
		m[j] = m[j]*b2 + gj*c2
	}
}

func (o *Lion) config(m map[string]any) {
	m["beta_1"] = o.beta1
	m["beta_2"] = o.beta2
}
