package optimizers

import (
	"math"

	"github.com/gokeras/keras/optimizers/internal/config"
	"github.com/gokeras/keras/tensor"
)

// Nadam is keras.optimizers.Nadam (Adam with Nesterov momentum). With
// u_t = beta_1*(1 - 0.5*0.96^t) and P_t the running product of the u's:
//
//	m += (g - m)*(1 - beta_1); v += (g^2 - v)*(1 - beta_2)
//	m_hat = u_{t+1}*m/(1 - P_t*u_{t+1}) + (1 - u_t)*g/(1 - P_t)
//	w -= lr*m_hat / (sqrt(v/(1 - beta_2^t)) + epsilon)
//
// P_t is an optimizer variable (Keras's _u_product), listed after the slots.
type Nadam struct {
	core
	beta1, beta2, epsilon float64
	m, v                  [][]float32
	uProduct              []float32
}

// NewNadam returns a Nadam optimizer (defaults: learning_rate 0.001, beta_1
// 0.9, beta_2 0.999, epsilon 1e-7). Options: the shared ones plus Beta1,
// Beta2 and Epsilon.
func NewNadam(opts ...Option) (*Nadam, error) { return newFromOptions[*Nadam]("Nadam", opts) }

func newNadam(a *config.Args) (*Nadam, error) {
	o := &Nadam{}
	if err := initCore(&o.core, "Nadam", o, a, baseDefaults{learningRate: 0.001}); err != nil {
		return nil, err
	}
	var err error
	if o.beta1, o.beta2, o.epsilon, err = readBetas(a, 0.999); err != nil {
		return nil, err
	}
	return o, nil
}

func (o *Nadam) build(c *core, vars []*tensor.Variable) error {
	s, err := c.addSlots(vars, nil, "momentum", "velocity")
	if err != nil {
		return err
	}
	o.m, o.v = s[0], s[1]
	u := tensor.Scalar(1)
	c.slots = append(c.slots, c.newVar("variable", u))
	o.uProduct = u.Float32s()
	return nil
}

func nadamU(beta1 float64, t int64) float32 {
	return float32(float64(float32(beta1)) * (1 - 0.5*float64(powf(0.96, t))))
}

func (o *Nadam) beforeUpdate(t int64) {
	o.uProduct[0] *= nadamU(o.beta1, t)
}

func (o *Nadam) update(i int, g, p []float32, lr float32, t int64) {
	ut, ut1 := nadamU(o.beta1, t), nadamU(o.beta1, t+1)
	up := o.uProduct[0]
	up1 := up * ut1
	// Keras casts beta_1 and beta_2 to float32 before 1 - beta here.
	c1, c2 := 1-float32(o.beta1), 1-float32(o.beta2)
	a := ut1 / (1 - up1)
	b := (1 - ut) / (1 - up)
	bc2 := 1 - powf(o.beta2, t)
	eps := float32(o.epsilon)
	m, v := o.m[i][:len(p)], o.v[i][:len(p)]
	g = g[:len(p)]
	for j := range p {
		gj := g[j]
		mj := m[j] + (gj-m[j])*c1
		vj := v[j] + (gj*gj-v[j])*c2
		m[j], v[j] = mj, vj
		mh := a*mj + b*gj
		p[j] -= mh * lr / (float32(math.Sqrt(float64(vj/bc2))) + eps)
	}
}

func (o *Nadam) config(m map[string]any) {
	m["beta_1"] = o.beta1
	m["beta_2"] = o.beta2
	m["epsilon"] = o.epsilon
}
