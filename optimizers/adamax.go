package optimizers

import (
	"math"

	"github.com/gokeras/keras/optimizers/internal/config"
	"github.com/gokeras/keras/tensor"
)

// Adamax is keras.optimizers.Adamax:
//
//	m += (g - m)*(1 - beta_1); u = max(beta_2*u, |g|)
//	w -= lr*m / ((1 - beta_1^t) * (u + epsilon))
type Adamax struct {
	core
	beta1, beta2, epsilon float64
	m, u                  [][]float32
}

// NewAdamax returns an Adamax optimizer (defaults: learning_rate 0.001,
// beta_1 0.9, beta_2 0.999, epsilon 1e-7). Options: the shared ones plus
// Beta1, Beta2 and Epsilon.
func NewAdamax(opts ...Option) (*Adamax, error) { return newFromOptions[*Adamax]("Adamax", opts) }

func newAdamax(a *config.Args) (*Adamax, error) {
	o := &Adamax{}
	if err := initCore(&o.core, "Adamax", o, a, baseDefaults{learningRate: 0.001}); err != nil {
		return nil, err
	}
	var err error
	if o.beta1, o.beta2, o.epsilon, err = readBetas(a, 0.999); err != nil {
		return nil, err
	}
	return o, nil
}

// readBetas reads beta_1 (default 0.9), beta_2 and epsilon (default 1e-7).
func readBetas(a *config.Args, beta2 float64) (b1, b2, eps float64, err error) {
	if b1, err = a.Float("beta_1", 0.9); err != nil {
		return
	}
	if b2, err = a.Float("beta_2", beta2); err != nil {
		return
	}
	eps, err = a.Float("epsilon", 1e-7)
	return
}

func (o *Adamax) build(c *core, vars []*tensor.Variable) error {
	s, err := c.addSlots(vars, nil, "momentum", "norm")
	if err != nil {
		return err
	}
	o.m, o.u = s[0], s[1]
	return nil
}

func (o *Adamax) beforeUpdate(int64) {}

func (o *Adamax) update(i int, g, p []float32, lr float32, t int64) {
	b2, eps := float32(o.beta2), float32(o.epsilon)
	bc := 1 - powf(o.beta1, t)
	c1 := float32(1 - o.beta1)
	m, u := o.m[i][:len(p)], o.u[i][:len(p)]
	g = g[:len(p)]
	for j := range p {
		gj := g[j]
		mj := m[j] + (gj-m[j])*c1
		m[j] = mj
		uj := max(b2*u[j], float32(math.Abs(float64(gj))))
		u[j] = uj
		p[j] -= lr * mj / (bc * (uj + eps))
	}
}

func (o *Adamax) config(m map[string]any) {
	m["beta_1"] = o.beta1
	m["beta_2"] = o.beta2
	m["epsilon"] = o.epsilon
}
