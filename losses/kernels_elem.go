package losses

import "math"

// elemKernel is a loss that is the mean (or sum) over the group of an
// element-wise function f(t, p) with derivative df = d f / d p.
type elemKernel struct {
	f, df func(t, p float64) float64
	sum   bool    // sum instead of mean over the group
	scale float64 // extra factor (100 for MAPE); 0 means 1
}

func (k *elemKernel) factor(n int) float64 {
	s := k.scale
	if s == 0 {
		s = 1
	}
	if k.sum || n == 0 {
		return s
	}
	return s / float64(n)
}

func (k *elemKernel) forward(_ int, t, p []float32) float32 {
	acc := 0.0
	for j := range p {
		acc += k.f(float64(t[j]), float64(p[j]))
	}
	return float32(acc * k.factor(len(p)))
}

func (k *elemKernel) backward(_ int, t, p []float32, gout float32, gp []float32) {
	c := float64(gout) * k.factor(len(p))
	for j := range p {
		gp[j] += float32(c * k.df(float64(t[j]), float64(p[j])))
	}
}

func sign(x float64) float64 {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	}
	return 0
}

// softplus is log(1 + exp(x)) computed without overflow.
func softplus(x float64) float64 {
	return math.Max(x, 0) + math.Log1p(math.Exp(-math.Abs(x)))
}

func sigmoid(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	e := math.Exp(x)
	return e / (1 + e)
}

// clipGrad is the value and pass-through flag of clip(x, lo, hi), whose
// gradient (as tf.clip_by_value's) passes where lo <= x <= hi.
func clip(x, lo, hi float64) (float64, float64) {
	switch {
	case x < lo:
		return lo, 0
	case x > hi:
		return hi, 0
	}
	return x, 1
}

func mseKernel() kernel {
	return &elemKernel{
		f:  func(t, p float64) float64 { d := t - p; return d * d },
		df: func(t, p float64) float64 { return 2 * (p - t) },
	}
}

func maeKernel() kernel {
	return &elemKernel{
		f:  func(t, p float64) float64 { return math.Abs(t - p) },
		df: func(t, p float64) float64 { return sign(p - t) },
	}
}

func mapeKernel() kernel {
	return &elemKernel{
		scale: 100,
		f: func(t, p float64) float64 {
			return math.Abs((t - p) / math.Max(math.Abs(t), Epsilon))
		},
		df: func(t, p float64) float64 {
			return sign(p-t) / math.Max(math.Abs(t), Epsilon)
		},
	}
}

func msleKernel() kernel {
	return &elemKernel{
		f: func(t, p float64) float64 {
			d := math.Log(math.Max(p, Epsilon)+1) - math.Log(math.Max(t, Epsilon)+1)
			return d * d
		},
		df: func(t, p float64) float64 {
			if p < Epsilon {
				return 0
			}
			d := math.Log(p+1) - math.Log(math.Max(t, Epsilon)+1)
			return 2 * d / (p + 1)
		},
	}
}

func huberKernel(delta float64) kernel {
	return &elemKernel{
		f: func(t, p float64) float64 {
			e := p - t
			if math.Abs(e) <= delta {
				return 0.5 * e * e
			}
			return delta*math.Abs(e) - 0.5*delta*delta
		},
		df: func(t, p float64) float64 {
			e := p - t
			if math.Abs(e) <= delta {
				return e
			}
			return delta * sign(e)
		},
	}
}

func logCoshKernel() kernel {
	return &elemKernel{
		f: func(t, p float64) float64 {
			x := p - t
			return x + softplus(-2*x) - math.Ln2
		},
		df: func(t, p float64) float64 { return math.Tanh(p - t) },
	}
}

func poissonKernel() kernel {
	return &elemKernel{
		f:  func(t, p float64) float64 { return p - t*math.Log(p+Epsilon) },
		df: func(t, p float64) float64 { return 1 - t/(p+Epsilon) },
	}
}

func kldKernel() kernel {
	return &elemKernel{
		sum: true,
		f: func(t, p float64) float64 {
			tc, _ := clip(t, Epsilon, 1)
			pc, _ := clip(p, Epsilon, 1)
			return tc * math.Log(tc/pc)
		},
		df: func(t, p float64) float64 {
			tc, _ := clip(t, Epsilon, 1)
			pc, pass := clip(p, Epsilon, 1)
			return -pass * tc / pc
		},
	}
}

// hingeKernel is Hinge (squared=false) or SquaredHinge. Binary 0/1 labels
// are converted to -1/1 when every label of the batch is 0 or 1, as
// Keras's convert_binary_labels_to_hinge does.
type hingeKernel struct {
	squared bool
	convert bool
}

func (k *hingeKernel) prepare(t []float32) {
	k.convert = true
	for _, v := range t {
		if v != 0 && v != 1 {
			k.convert = false
			return
		}
	}
}

func (k *hingeKernel) label(t float32) float64 {
	if k.convert {
		return 2*float64(t) - 1
	}
	return float64(t)
}

func (k *hingeKernel) forward(_ int, t, p []float32) float32 {
	acc := 0.0
	for j := range p {
		m := math.Max(1-k.label(t[j])*float64(p[j]), 0)
		if k.squared {
			m *= m
		}
		acc += m
	}
	return float32(acc / float64(len(p)))
}

func (k *hingeKernel) backward(_ int, t, p []float32, gout float32, gp []float32) {
	c := float64(gout) / float64(len(p))
	for j := range p {
		y := k.label(t[j])
		m := 1 - y*float64(p[j])
		if m < 0 {
			continue
		}
		d := -y
		if k.squared {
			d *= 2 * m
		}
		gp[j] += float32(c * d)
	}
}

// bceKernel is BinaryCrossentropy: the mean over the group of the
// element-wise cross-entropy, from logits or from clipped probabilities.
type bceKernel struct {
	logits bool
	ls     float64
}

func (k *bceKernel) smooth(t float32) float64 {
	y := float64(t)
	if k.ls != 0 {
		y = y*(1-k.ls) + 0.5*k.ls
	}
	return y
}

func bceLogits(y, z float64) float64 {
	return math.Max(z, 0) - z*y + math.Log1p(math.Exp(-math.Abs(z)))
}

func bceProbs(y, p float64) (float64, float64) {
	pc, pass := clip(p, Epsilon, 1-Epsilon)
	v := -(y*math.Log(pc) + (1-y)*math.Log(1-pc))
	return v, pass * (-(y/pc - (1-y)/(1-pc)))
}

func (k *bceKernel) forward(_ int, t, p []float32) float32 {
	acc := 0.0
	for j := range p {
		y := k.smooth(t[j])
		if k.logits {
			acc += bceLogits(y, float64(p[j]))
		} else {
			v, _ := bceProbs(y, float64(p[j]))
			acc += v
		}
	}
	return float32(acc / float64(len(p)))
}

func (k *bceKernel) backward(_ int, t, p []float32, gout float32, gp []float32) {
	c := float64(gout) / float64(len(p))
	for j := range p {
		y := k.smooth(t[j])
		var d float64
		if k.logits {
			d = sigmoid(float64(p[j])) - y
		} else {
			_, d = bceProbs(y, float64(p[j]))
		}
		gp[j] += float32(c * d)
	}
}

// bfceKernel is BinaryFocalCrossentropy.
type bfceKernel struct {
	bceKernel
	balance      bool
	alpha, gamma float64
}

// elem returns the focal loss of one element and its derivative with
// respect to the input (probability or logit).
func (k *bfceKernel) elem(y, x float64) (float64, float64) {
	var p, bce, dbce, dp float64 // dp: d p / d x
	if k.logits {
		p = sigmoid(x)
		bce = bceLogits(y, x)
		dbce = p - y
		dp = p * (1 - p)
	} else {
		p = x
		bce, dbce = bceProbs(y, x)
		dp = 1
	}
	pt := y*p + (1-y)*(1-p)
	ff := math.Pow(1-pt, k.gamma)
	var dff float64 // d ff / d p
	if k.gamma != 0 {
		dff = -k.gamma * math.Pow(1-pt, k.gamma-1) * (2*y - 1)
	}
	w := 1.0
	if k.balance {
		w = y*k.alpha + (1-y)*(1-k.alpha)
	}
	return w * ff * bce, w * (dff*dp*bce + ff*dbce)
}

func (k *bfceKernel) forward(_ int, t, p []float32) float32 {
	acc := 0.0
	for j := range p {
		v, _ := k.elem(k.smooth(t[j]), float64(p[j]))
		acc += v
	}
	return float32(acc / float64(len(p)))
}

func (k *bfceKernel) backward(_ int, t, p []float32, gout float32, gp []float32) {
	c := float64(gout) / float64(len(p))
	for j := range p {
		_, d := k.elem(k.smooth(t[j]), float64(p[j]))
		gp[j] += float32(c * d)
	}
}
