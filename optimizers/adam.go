package optimizers

import (
	"fmt"
	"math"

	"github.com/gokeras/keras/internal/gemm"
	"github.com/gokeras/keras/internal/vmath"
	"github.com/gokeras/keras/optimizers/internal/config"
	"github.com/gokeras/keras/tensor"
)

// Adam is keras.optimizers.Adam. With t the update count,
//
//	alpha = lr * sqrt(1 - beta_2^t) / (1 - beta_1^t)
//	m += (g - m) * (1 - beta_1);  v += (g^2 - v) * (1 - beta_2)
//	w -= alpha * m / (sqrt(v) + epsilon)
//
// and with amsgrad v is replaced by its running maximum in the last line.
type Adam struct {
	core
	beta1, beta2, epsilon float64
	amsgrad               bool
	m, v, vhat            [][]float32
	job                   adamJob
}

// NewAdam returns an Adam optimizer (defaults: learning_rate 0.001, beta_1
// 0.9, beta_2 0.999, epsilon 1e-7, amsgrad false). Options: the shared ones
// plus Beta1, Beta2, Epsilon and Amsgrad.
func NewAdam(opts ...Option) (*Adam, error) { return newFromOptions[*Adam]("Adam", opts) }

func newAdam(a *config.Args) (*Adam, error) {
	o := &Adam{}
	if err := initCore(&o.core, "Adam", o, a, baseDefaults{learningRate: 0.001}); err != nil {
		return nil, err
	}
	if err := o.readAdamArgs(a); err != nil {
		return nil, err
	}
	return o, nil
}

func (o *Adam) readAdamArgs(a *config.Args) error {
	var err error
	if o.beta1, err = a.Float("beta_1", 0.9); err != nil {
		return err
	}
	if o.beta2, err = a.Float("beta_2", 0.999); err != nil {
		return err
	}
	if o.epsilon, err = a.Float("epsilon", 1e-7); err != nil {
		return err
	}
	o.amsgrad, err = a.Bool("amsgrad", false)
	return err
}

func (o *Adam) build(c *core, vars []*tensor.Variable) error {
	s, err := c.addSlots(vars, nil, "momentum", "velocity")
	if err != nil {
		return err
	}
	o.m, o.v = s[0], s[1]
	if o.amsgrad {
		h, err := c.addSlots(vars, nil, "velocity_hat")
		if err != nil {
			return err
		}
		o.vhat = h[0]
	}
	return nil
}

func (o *Adam) beforeUpdate(int64) {}

// alpha is Adam's bias-corrected step size at update t.
func adamAlpha(lr float32, beta1, beta2 float64, t int64) float32 {
	b1p := float64(powf(beta1, t))
	b2p := float64(powf(beta2, t))
	return float32(float64(lr) * math.Sqrt(1-b2p) / (1 - b1p))
}

func (o *Adam) update(i int, g, p []float32, lr float32, t int64) {
	alpha := adamAlpha(lr, o.beta1, o.beta2, t)
	// Keras multiplies by the Python float 1 - beta, rounded once to float32.
	c1, c2, eps := float32(1-o.beta1), float32(1-o.beta2), float32(o.epsilon)
	m, v := o.m[i][:len(p)], o.v[i][:len(p)]
	g = g[:len(p)]
	if !o.amsgrad {
		o.job.run(p, g, m, v, alpha, c1, c2, eps)
		return
	}
	h := o.vhat[i][:len(p)]
	for j := range p {
		gj := g[j]
		mj := m[j] + (gj-m[j])*c1
		vj := v[j] + (gj*gj-v[j])*c2
		m[j], v[j] = mj, vj
		hj := max(h[j], vj)
		h[j] = hj
		p[j] -= mj * alpha / (float32(math.Sqrt(float64(hj))) + eps)
	}
}

// adamKernel is the Adam update with precomputed c1 = 1-beta_1 and
// c2 = 1-beta_2. (internal/vmath.AdamUpdate computes 1-beta in float32,
// which for beta_2 = 0.999 is off by 1.3e-5 relative from Keras's
// coefficient, so it is not used until it accepts c1 and c2.)
func adamKernel(p, g, m, v []float32, alpha, c1, c2, eps float32) {
	vmath.AdamUpdateCoef(p, g, m, v, alpha, c1, c2, eps)
}

// adamJob runs adamKernel over large variables on several threads (it is
// element-wise, so the split changes no result). Its chunk function is made
// once, so a step allocates nothing.
type adamJob struct {
	p, g, m, v         []float32
	alpha, c1, c2, eps float32
	chunk              func(lo, hi int)
}

// Variables at least this large are updated by several threads.
const (
	adamParallelMin = 1 << 15
	adamGrain       = 1 << 13
)

func (j *adamJob) run(p, g, m, v []float32, alpha, c1, c2, eps float32) {
	if len(p) < adamParallelMin || gemm.Threads() < 2 {
		adamKernel(p, g, m, v, alpha, c1, c2, eps)
		return
	}
	if j.chunk == nil {
		j.chunk = func(lo, hi int) {
			adamKernel(j.p[lo:hi], j.g[lo:hi], j.m[lo:hi], j.v[lo:hi], j.alpha, j.c1, j.c2, j.eps)
		}
	}
	j.p, j.g, j.m, j.v = p, g, m, v
	j.alpha, j.c1, j.c2, j.eps = alpha, c1, c2, eps
	gemm.ParallelFor(len(p), adamGrain, j.chunk)
	j.p, j.g, j.m, j.v = nil, nil, nil, nil
}

func (o *Adam) config(m map[string]any) {
	m["beta_1"] = o.beta1
	m["beta_2"] = o.beta2
	m["epsilon"] = o.epsilon
	m["amsgrad"] = o.amsgrad
}

// AdamW is keras.optimizers.AdamW: Adam with decoupled weight decay
// (weight_decay defaults to 0.004 and must not be None).
type AdamW struct {
	Adam
}

// NewAdamW returns an AdamW optimizer (defaults as Adam, plus weight_decay
// 0.004).
func NewAdamW(opts ...Option) (*AdamW, error) { return newFromOptions[*AdamW]("AdamW", opts) }

func newAdamW(a *config.Args) (*AdamW, error) {
	o := &AdamW{}
	if err := initCore(&o.core, "AdamW", &o.Adam, a, baseDefaults{learningRate: 0.001, weightDecay: ptr(0.004)}); err != nil {
		return nil, err
	}
	if err := o.readAdamArgs(a); err != nil {
		return nil, err
	}
	if o.weightDecay == nil {
		return nil, fmt.Errorf("AdamW: Argument `weight_decay` must be a float. Received: weight_decay=None")
	}
	return o, nil
}
