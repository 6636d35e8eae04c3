package optimizers

import (
	"math"

	"github.com/gokeras/keras/optimizers/internal/config"
	"github.com/gokeras/keras/tensor"
)

// Lamb is keras.optimizers.Lamb: Adam's moments with a layer-wise trust
// ratio.
//
//	m += (g - m)*(1 - beta_1); v += (g^2 - v)*(1 - beta_2)
//	u = (m/(1 - beta_1^t)) / (sqrt(v/(1 - beta_2^t)) + epsilon)
//	w -= (||w|| / ||u||) * lr * u   (ratio 1 when either norm is 0)
type Lamb struct {
	core
	beta1, beta2, epsilon float64
	m, v                  [][]float32
}

// NewLamb returns a Lamb optimizer (defaults: learning_rate 0.001, beta_1
// 0.9, beta_2 0.999, epsilon 1e-7). Options: the shared ones plus Beta1,
// Beta2 and Epsilon.
func NewLamb(opts ...Option) (*Lamb, error) { return newFromOptions[*Lamb]("Lamb", opts) }

func newLamb(a *config.Args) (*Lamb, error) {
	o := &Lamb{}
	if err := initCore(&o.core, "Lamb", o, a, baseDefaults{learningRate: 0.001}); err != nil {
		return nil, err
	}
	var err error
	if o.beta1, o.beta2, o.epsilon, err = readBetas(a, 0.999); err != nil {
		return nil, err
	}
	return o, nil
}

func (o *Lamb) build(c *core, vars []*tensor.Variable) error {
	s, err := c.addSlots(vars, nil, "momentum", "velocity")
	if err != nil {
		return err
	}
	o.m, o.v = s[0], s[1]
	return nil
}

func (o *Lamb) beforeUpdate(int64) {}

func (o *Lamb) update(i int, g, p []float32, lr float32, t int64) {
	bc1 := 1 - powf(o.beta1, t)
	bc2 := 1 - powf(o.beta2, t)
	c1, c2, eps := float32(1-o.beta1), float32(1-o.beta2), float32(o.epsilon)
	m, v := o.m[i][:len(p)], o.v[i][:len(p)]
	g = g[:len(p)]
	u := func(j int) float32 {
		return (m[j] / bc1) / (float32(math.Sqrt(float64(v[j]/bc2))) + eps)
	}
	var wss, uss float64
	for j := range p {
		gj := g[j]
		m[j] += (gj - m[j]) * c1
		v[j] += (gj*gj - v[j]) * c2
		uj := u(j)
		uss += float64(uj) * float64(uj)
		wss += float64(p[j]) * float64(p[j])
	}
	ratio := float32(1)
	if wss > 0 && uss > 0 {
		ratio = float32(math.Sqrt(wss) / math.Sqrt(uss))
	}
	step := ratio * lr
	for j := range p {
		p[j] -= step * u(j)
	}
}

func (o *Lamb) config(m map[string]any) {
	m["beta_1"] = o.beta1
	m["beta_2"] = o.beta2
	m["epsilon"] = o.epsilon
}
