package optimizers

import (
	"fmt"
	"math"

	"github.com/gokeras/keras/optimizers/internal/config"
	"github.com/gokeras/keras/tensor"
)

// Ftrl is keras.optimizers.Ftrl (Follow The Regularized Leader). With
// p = -learning_rate_power and l2 = l2_regularization_strength + beta/(2 lr):
//
//	g' = g + 2*l2_shrinkage*w;  n' = n + g^2
//	z += g' - (n'^p - n^p)/lr * w
//	w = (clip(z, -l1, l1) - z) / (n'^p/lr + 2*l2);  n = n'
type Ftrl struct {
	core
	lrPower, initialAccumulatorValue, l1, l2, l2Shrinkage, beta float64
	acc, lin                                                    [][]float32
}

// NewFtrl returns an Ftrl optimizer (defaults: learning_rate 0.001,
// learning_rate_power -0.5, initial_accumulator_value 0.1, regularization
// strengths 0, beta 0). Options: the shared ones plus LearningRatePower,
// InitialAccumulatorValue, L1RegularizationStrength,
// L2RegularizationStrength, L2ShrinkageRegularizationStrength and Beta.
func NewFtrl(opts ...Option) (*Ftrl, error) { return newFromOptions[*Ftrl]("Ftrl", opts) }

func newFtrl(a *config.Args) (*Ftrl, error) {
	o := &Ftrl{}
	if err := initCore(&o.core, "Ftrl", o, a, baseDefaults{learningRate: 0.001}); err != nil {
		return nil, err
	}
	fields := []struct {
		key  string
		dst  *float64
		def  float64
		sign float64 // +1: must be >= 0, -1: must be <= 0
		what string
	}{
		{"learning_rate_power", &o.lrPower, -0.5, -1, "negative or zero"},
		{"initial_accumulator_value", &o.initialAccumulatorValue, 0.1, 1, "positive or zero"},
		{"l1_regularization_strength", &o.l1, 0, 1, "positive or zero"},
		{"l2_regularization_strength", &o.l2, 0, 1, "positive or zero"},
		{"l2_shrinkage_regularization_strength", &o.l2Shrinkage, 0, 1, "positive or zero"},
		{"beta", &o.beta, 0, 0, ""},
	}
	for _, f := range fields {
		v, err := a.Float(f.key, f.def)
		if err != nil {
			return nil, err
		}
		if v*f.sign < 0 {
			return nil, fmt.Errorf("Ftrl: `%s` needs to be %s. Received: %s=%v.", f.key, f.what, f.key, v)
		}
		*f.dst = v
	}
	return o, nil
}

func (o *Ftrl) build(c *core, vars []*tensor.Variable) error {
	s, err := c.addSlots(vars, []float32{float32(o.initialAccumulatorValue), 0}, "accumulator", "linear")
	if err != nil {
		return err
	}
	o.acc, o.lin = s[0], s[1]
	return nil
}

func (o *Ftrl) beforeUpdate(int64) {}

func (o *Ftrl) update(i int, g, p []float32, lr float32, _ int64) {
	pw := -o.lrPower
	pow := func(x float32) float32 {
		if pw == 0.5 {
			return float32(math.Sqrt(float64(x)))
		}
		return float32(math.Pow(float64(x), pw))
	}
	l2 := float32(o.l2 + o.beta/(2*float64(lr)))
	shrink := float32(2 * o.l2Shrinkage)
	l1 := float32(o.l1)
	acc, lin := o.acc[i][:len(p)], o.lin[i][:len(p)]
	g = g[:len(p)]
	for j := range p {
		gj, w := g[j], p[j]
		gu := gj + shrink*w
		na := acc[j] + gj*gj
		pn := pow(na)
		z := lin[j] + (gu - (pn-pow(acc[j]))/lr*w)
		lin[j] = z
		quad := pn/lr + 2*l2
		p[j] = (min(max(z, -l1), l1) - z) / quad
		acc[j] = na
	}
}

func (o *Ftrl) config(m map[string]any) {
	m["learning_rate_power"] = o.lrPower
	m["initial_accumulator_value"] = o.initialAccumulatorValue
	m["l1_regularization_strength"] = o.l1
	m["l2_regularization_strength"] = o.l2
	m["l2_shrinkage_regularization_strength"] = o.l2Shrinkage
	m["beta"] = o.beta
}
