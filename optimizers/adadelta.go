package optimizers

import (
	"math"

	"github.com/gokeras/keras/optimizers/internal/config"
	"github.com/gokeras/keras/tensor"
)

// Adadelta is keras.optimizers.Adadelta:
//
//	ag = rho*ag + (1-rho)*g^2
//	delta = -sqrt(ad + epsilon) * g / sqrt(ag + epsilon)
//	ad = rho*ad + (1-rho)*delta^2
//	w += lr*delta
type Adadelta struct {
	core
	rho, epsilon float64
	ag, ad       [][]float32
}

// NewAdadelta returns an Adadelta optimizer (defaults: learning_rate 0.001,
// rho 0.95, epsilon 1e-7). Options: the shared ones plus Rho and Epsilon.
func NewAdadelta(opts ...Option) (*Adadelta, error) {
	return newFromOptions[*Adadelta]("Adadelta", opts)
}

func newAdadelta(a *config.Args) (*Adadelta, error) {
	o := &Adadelta{}
	if err := initCore(&o.core, "Adadelta", o, a, baseDefaults{learningRate: 0.001}); err != nil {
		return nil, err
	}
	var err error
	if o.rho, err = a.Float("rho", 0.95); err != nil {
		return nil, err
	}
	if o.epsilon, err = a.Float("epsilon", 1e-7); err != nil {
		return nil, err
	}
	return o, nil
}

func (o *Adadelta) build(c *core, vars []*tensor.Variable) error {
	s, err := c.addSlots(vars, nil, "accumulated_grad", "accumulated_delta_var")
	if err != nil {
		return err
	}
	o.ag, o.ad = s[0], s[1]
	return nil
}

func (o *Adadelta) beforeUpdate(int64) {}

func (o *Adadelta) update(i int, g, p []float32, lr float32, _ int64) {
	rho, eps := float32(o.rho), float32(o.epsilon)
	c := float32(1 - o.rho)
	ag, ad := o.ag[i][:len(p)], o.ad[i][:len(p)]
	g = g[:len(p)]
	for j := range p {
		gj := g[j]
		a := rho*ag[j] + c*(gj*gj)
		ag[j] = a
		d := -(float32(math.Sqrt(float64(ad[j]+eps))) * gj) / float32(math.Sqrt(float64(a+eps)))
		ad[j] = rho*ad[j] + c*(d*d)
		p[j] += lr * d
	}
}

func (o *Adadelta) config(m map[string]any) {
	m["rho"] = o.rho
	m["epsilon"] = o.epsilon
}
