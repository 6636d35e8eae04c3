package optimizers

import (
	"math"

	"github.com/gokeras/keras/optimizers/internal/config"
	"github.com/gokeras/keras/tensor"
)

// RMSprop is keras.optimizers.RMSprop:
//
//	v = rho*v + (1-rho)*g^2
//	(centered) a = rho*a + (1-rho)*g; denominator = v - a^2 + epsilon
//	(otherwise) denominator = v + epsilon
//	increment = lr*g / sqrt(denominator)
//	w -= increment, or with momentum: mom = momentum*mom + increment; w -= mom
type RMSprop struct {
	core
	rho, momentum, epsilon float64
	centered               bool
	vel, mom, avg          [][]float32
}

// NewRMSprop returns an RMSprop optimizer (defaults: learning_rate 0.001,
// rho 0.9, momentum 0, epsilon 1e-7, centered false). Options: the shared
// ones plus Rho, Momentum, Epsilon and Centered.
func NewRMSprop(opts ...Option) (*RMSprop, error) { return newFromOptions[*RMSprop]("RMSprop", opts) }

func newRMSprop(a *config.Args) (*RMSprop, error) {
	o := &RMSprop{}
	if err := initCore(&o.core, "RMSprop", o, a, baseDefaults{learningRate: 0.001}); err != nil {
		return nil, err
	}
	var err error
	if o.rho, err = a.Float("rho", 0.9); err != nil {
		return nil, err
	}
	if o.momentum, err = a.Float("momentum", 0); err != nil {
		return nil, err
	}
	if o.epsilon, err = a.Float("epsilon", 1e-7); err != nil {
		return nil, err
	}
	if o.centered, err = a.Bool("centered", false); err != nil {
		return nil, err
	}
	return o, nil
}

// build adds each slot kind in its own pass, as Keras does: all velocities,
// then all momentums, then all average gradients.
func (o *RMSprop) build(c *core, vars []*tensor.Variable) error {
	s, err := c.addSlots(vars, nil, "velocity")
	if err != nil {
		return err
	}
	o.vel = s[0]
	if o.momentum > 0 {
		if s, err = c.addSlots(vars, nil, "momentum"); err != nil {
			return err
		}
		o.mom = s[0]
	}
	if o.centered {
		if s, err = c.addSlots(vars, nil, "average_gradient"); err != nil {
			return err
		}
		o.avg = s[0]
	}
	return nil
}

func (o *RMSprop) beforeUpdate(int64) {}

func (o *RMSprop) update(i int, g, p []float32, lr float32, _ int64) {
	rho, eps := float32(o.rho), float32(o.epsilon)
	c := float32(1 - o.rho)
	v := o.vel[i][:len(p)]
	g = g[:len(p)]
	var a, mo []float32
	if o.centered {
		a = o.avg[i][:len(p)]
	}
	mom := float32(o.momentum)
	if o.momentum > 0 {
		mo = o.mom[i][:len(p)]
	}
	for j := range p {
		gj := g[j]
		vj := rho*v[j] + c*(gj*gj)
		v[j] = vj
		var den float32
		if a != nil {
			aj := rho*a[j] + c*gj
			a[j] = aj
			den = vj - aj*aj + eps
		} else {
			den = vj + eps
		}
		inc := lr * gj / float32(math.Sqrt(float64(den)))
		if mo != nil {
			mj := mom*mo[j] + inc
			mo[j] = mj
			p[j] -= mj
		} else {
			p[j] -= inc
		}
	}
}

func (o *RMSprop) config(m map[string]any) {
	m["rho"] = o.rho
	m["momentum"] = o.momentum
	m["epsilon"] = o.epsilon
	m["centered"] = o.centered
}
