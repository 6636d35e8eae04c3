package losses

import "math"

// catHingeKernel is CategoricalHinge: max(neg - pos + 1, 0) with
// pos = sum(t*p), neg = max((1-t)*p).
type catHingeKernel struct{}

func (catHingeKernel) parts(t, p []float32) (float64, int) {
	pos, neg, arg := 0.0, math.Inf(-1), 0
	for j := range p {
		pos += float64(t[j]) * float64(p[j])
		if v := (1 - float64(t[j])) * float64(p[j]); v > neg {
			neg, arg = v, j
		}
	}
	return neg - pos + 1, arg
}

func (k catHingeKernel) forward(_ int, t, p []float32) float32 {
	v, _ := k.parts(t, p)
	return float32(math.Max(v, 0))
}

func (k catHingeKernel) backward(_ int, t, p []float32, gout float32, gp []float32) {
	v, arg := k.parts(t, p)
	if v < 0 {
		return
	}
	for j := range p {
		d := -float64(t[j])
		if j == arg {
			d += 1 - float64(t[j])
		}
		gp[j] += gout * float32(d)
	}
}

// cosineKernel is CosineSimilarity: -sum(l2_normalize(t) * l2_normalize(p))
// with Keras's normalize: x * rsqrt(max(sum(x^2), eps^2)).
type cosineKernel struct{}

func invNorm(x []float32) (float64, bool) {
	s := 0.0
	for _, v := range x {
		s += float64(v) * float64(v)
	}
	if s < Epsilon*Epsilon {
		return 1 / Epsilon, false
	}
	return 1 / math.Sqrt(s), true
}

func (cosineKernel) forward(_ int, t, p []float32) float32 {
	it, _ := invNorm(t)
	ip, _ := invNorm(p)
	dot := 0.0
	for j := range p {
		dot += float64(t[j]) * float64(p[j])
	}
	return float32(-dot * it * ip)
}

func (cosineKernel) backward(_ int, t, p []float32, gout float32, gp []float32) {
	it, _ := invNorm(t)
	ip, unclamped := invNorm(p)
	dot := 0.0 // sum(tn * p)
	for j := range p {
		dot += float64(t[j]) * it * float64(p[j])
	}
	g := float64(gout)
	for j := range p {
		d := float64(t[j]) * it * ip
		if unclamped {
			d -= dot * float64(p[j]) * ip * ip * ip
		}
		gp[j] += float32(-g * d)
	}
}

// smoothCat applies categorical label smoothing: t*(1-ls) + ls/k.
func smoothCat(t float32, ls float64, k int) float64 {
	y := float64(t)
	if ls != 0 {
		y = y*(1-ls) + ls/float64(k)
	}
	return y
}

// cceLogitsKernel is categorical cross-entropy from logits: per row
// lse(z)*sum(t) - sum(t*z). The log-sum-exp of each row is kept for
// Backward, whose gradient is softmax(z)*sum(t) - t.
type cceLogitsKernel struct {
	ls  float64
	lse []float32
}

func logSumExp(z []float32) float64 {
	m := math.Inf(-1)
	for _, v := range z {
		m = math.Max(m, float64(v))
	}
	if math.IsInf(m, 0) {
		return m
	}
	s := 0.0
	for _, v := range z {
		s += math.Exp(float64(v) - m)
	}
	return m + math.Log(s)
}

func (k *cceLogitsKernel) forward(g int, t, z []float32) float32 {
	lse := logSumExp(z)
	k.lse[g] = float32(lse)
	acc := 0.0
	for j := range z {
		y := smoothCat(t[j], k.ls, len(z))
		if y != 0 {
			acc += y * (lse - float64(z[j]))
		}
	}
	return float32(acc)
}

func (k *cceLogitsKernel) backward(g int, t, z []float32, gout float32, gp []float32) {
	lse := float64(k.lse[g])
	st := 0.0
	for j := range z {
		st += smoothCat(t[j], k.ls, len(z))
	}
	gv := float64(gout)
	for j := range z {
		y := smoothCat(t[j], k.ls, len(z))
		gp[j] += float32(gv * (math.Exp(float64(z[j])-lse)*st - y))
	}
}

// cceProbsKernel is categorical cross-entropy from probabilities (TF
// backend): o = p/sum(p), clipped to [eps, 1-eps], loss -sum(t*log(o)).
// With focal set it is CategoricalFocalCrossentropy instead:
// sum(alpha * (1-o)^gamma * -t*log(o)), optionally after a softmax of the
// logits (softmax set).
type cceProbsKernel struct {
	ls           float64
	focal        bool
	alpha, gamma float64
	softmax      bool
	sm           []float32 // softmax scratch (length k)
	dl           []float64 // d loss / d o scratch (length k)
}

// probs returns the probabilities of the row (the softmax of z when the
// kernel takes logits).
func (k *cceProbsKernel) probs(p []float32) []float32 {
	if !k.softmax {
		return p
	}
	lse := logSumExp(p)
	for j, v := range p {
		k.sm[j] = float32(math.Exp(float64(v) - lse))
	}
	return k.sm
}

// elem returns the loss term of class j and its derivative with respect to
// the clipped normalised probability o.
func (k *cceProbsKernel) elem(y, o float64) (float64, float64) {
	if y == 0 {
		return 0, 0
	}
	ce, dce := -y*math.Log(o), -y/o
	if !k.focal {
		return ce, dce
	}
	mod := math.Pow(1-o, k.gamma)
	dmod := 0.0
	if k.gamma != 0 {
		dmod = -k.gamma * math.Pow(1-o, k.gamma-1)
	}
	return k.alpha * mod * ce, k.alpha * (dmod*ce + mod*dce)
}

func (k *cceProbsKernel) forward(_ int, t, p []float32) float32 {
	q := k.probs(p)
	s := 0.0
	for _, v := range q {
		s += float64(v)
	}
	acc := 0.0
	for j, v := range q {
		o, _ := clip(float64(v)/s, Epsilon, 1-Epsilon)
		l, _ := k.elem(smoothCat(t[j], k.ls, len(q)), o)
		acc += l
	}
	return float32(acc)
}

func (k *cceProbsKernel) backward(_ int, t, p []float32, gout float32, gp []float32) {
	q := k.probs(p)
	s := 0.0
	for _, v := range q {
		s += float64(v)
	}
	// a_j = dL/do_j (zero where clipped); dL/dq_j = (a_j - sum_k a_k o_k)/s.
	dot := 0.0
	for j, v := range q {
		o := float64(v) / s
		oc, pass := clip(o, Epsilon, 1-Epsilon)
		_, d := k.elem(smoothCat(t[j], k.ls, len(q)), oc)
		k.dl[j] = d * pass
		dot += k.dl[j] * o
	}
	for j := range q {
		k.dl[j] = (k.dl[j] - dot) / s
	}
	if k.softmax { // dL/dz_j = q_j (dL/dq_j - sum_k q_k dL/dq_k)
		dot = 0
		for j, v := range q {
			dot += float64(v) * k.dl[j]
		}
		for j, v := range q {
			k.dl[j] = float64(v) * (k.dl[j] - dot)
		}
	}
	gv := float64(gout)
	for j := range q {
		gp[j] += float32(gv * k.dl[j])
	}
}

// diceKernel is Dice: 1 - 2*sum(t*p) / (sum(t) + sum(p) + eps).
type diceKernel struct{}

func (diceKernel) parts(t, p []float32) (float64, float64) {
	in, den := 0.0, Epsilon
	for j := range p {
		in += float64(t[j]) * float64(p[j])
		den += float64(t[j]) + float64(p[j])
	}
	return in, den
}

func (k diceKernel) forward(_ int, t, p []float32) float32 {
	in, den := k.parts(t, p)
	return float32(1 - 2*in/den)
}

func (k diceKernel) backward(_ int, t, p []float32, gout float32, gp []float32) {
	in, den := k.parts(t, p)
	g := float64(gout)
	for j := range p {
		gp[j] += float32(-g * 2 * (float64(t[j])*den - in) / (den * den))
	}
}

// tverskyKernel is Tversky: 1 - I / (I + alpha*fp + beta*fn + eps) with
// I = sum(p*t), fp = sum((1-t)*p), fn = sum(t*(1-p)).
type tverskyKernel struct{ alpha, beta float64 }

func (k tverskyKernel) parts(t, p []float32) (float64, float64) {
	in, fp, fn := 0.0, 0.0, 0.0
	for j := range p {
		y, x := float64(t[j]), float64(p[j])
		in += x * y
		fp += (1 - y) * x
		fn += y * (1 - x)
	}
	return in, in + k.alpha*fp + k.beta*fn + Epsilon
}

func (k tverskyKernel) forward(_ int, t, p []float32) float32 {
	in, den := k.parts(t, p)
	return float32(1 - in/den)
}

func (k tverskyKernel) backward(_ int, t, p []float32, gout float32, gp []float32) {
	in, den := k.parts(t, p)
	g := float64(gout)
	for j := range p {
		y := float64(t[j])
		dden := y + k.alpha*(1-y) - k.beta*y
		gp[j] += float32(-g * (y*den - in*dden) / (den * den))
	}
}
