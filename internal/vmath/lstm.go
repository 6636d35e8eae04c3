package vmath

// LSTMCell is the element-wise part of one step of Keras's LSTMCell with its
// default activations (activation="tanh", recurrent_activation="sigmoid"),
// for one batch row of u = len(c) units:
//
//	z += bias; i, f, o = sigmoid(z_i, z_f, z_o); g = tanh(z_g)  (z holds i, f, g, o after the call)
//	c = f·cprev + i·g;  t = tanh(c);  h = o·t
//
// z and bias hold the four gate blocks in Keras's order (i, f, c, o), 4u
// values each. t is kept for the backward pass.
func LSTMCell(z, bias, cprev, c, t, h []float32) {
	u := len(c)
	checkLen(len(z), 4*u)
	checkLen(len(bias), 4*u)
	checkLen(len(cprev), u)
	checkLen(len(t), u)
	checkLen(len(h), u)
	if useAsm && u%8 == 0 {
		lstmCellAsm(z, bias, cprev, c, t, h)
		return
	}
	lstmCellGeneric(z, bias, cprev, c, t, h)
}

func lstmCellGeneric(z, bias, cprev, c, t, h []float32) {
	u := len(c)
	for j := range 4 * u {
		z[j] += bias[j]
	}
	// The dispatching functions: with the assembly enabled and u%8 != 0 the
	// result is still the same as that of Sigmoid and Tanh.
	Sigmoid(z[:2*u], z[:2*u])
	Tanh(z[2*u:3*u], z[2*u:3*u])
	Sigmoid(z[3*u:4*u], z[3*u:4*u])
	ig, fg, gg, og := z[:u], z[u:2*u], z[2*u:3*u], z[3*u:4*u]
	cprev, t, h = cprev[:u], t[:u], h[:u]
	// float32(...) rounds each product: no fused multiply-add (GOAMD64=v3
	// would fuse), so the result matches the assembly bit for bit.
	for j := range c {
		c[j] = float32(fg[j]*cprev[j]) + float32(ig[j]*gg[j])
	}
	Tanh(t, c)
	for j := range h {
		h[j] = og[j] * t[j]
	}
}

// LSTMCellGrad is the backward pass of LSTMCell for one batch row. gates are
// the activated gates (i, f, g, o) LSTMCell left in z, t = tanh(c); dh and
// dcIn are the gradients reaching h and c. It writes the gradients at the
// pre-activations into dz (4u values) and the gradient of cprev into dcOut:
//
//	dc = dcIn + dh·o·(1-t²)
//	dz_i = dc·g·i(1-i); dz_f = dc·cprev·f(1-f); dz_g = dc·i·(1-g²); dz_o = dh·t·o(1-o)
//	dcOut = dc·f
func LSTMCellGrad(gates, cprev, t, dh, dcIn, dz, dcOut []float32) {
	u := len(t)
	checkLen(len(gates), 4*u)
	checkLen(len(dz), 4*u)
	checkLen(len(cprev), u)
	checkLen(len(dh), u)
	checkLen(len(dcIn), u)
	checkLen(len(dcOut), u)
	if useAsm && u%8 == 0 {
		lstmCellGradAsm(gates, cprev, t, dh, dcIn, dz, dcOut)
		return
	}
	lstmCellGradGeneric(gates, cprev, t, dh, dcIn, dz, dcOut)
}

func lstmCellGradGeneric(gates, cprev, t, dh, dcIn, dz, dcOut []float32) {
	u := len(t)
	ig, fg, gg, og := gates[:u], gates[u:2*u], gates[2*u:3*u], gates[3*u:4*u]
	di, df, dg, do := dz[:u], dz[u:2*u], dz[2*u:3*u], dz[3*u:4*u]
	cprev, dh, dcIn, dcOut = cprev[:u], dh[:u], dcIn[:u], dcOut[:u]
	for j, tj := range t {
		i, f, g, o, d := ig[j], fg[j], gg[j], og[j], dh[j]
		do[j] = (d * tj) * (o * (1 - o))
		dc := float32(float32(d*o)*(1-float32(tj*tj))) + dcIn[j]
		dcOut[j] = dc * f
		di[j] = (dc * g) * (i * (1 - i))
		df[j] = (dc * cprev[j]) * (f * (1 - f))
		dg[j] = (dc * i) * (1 - float32(g*g))
	}
}
