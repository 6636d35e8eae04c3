package vmath

import "math"

// Cephes-style expf constants. exp(x) = 2^n * e^r, n = round(x*log2e),
// r = x - n*ln2 (Cody-Waite split), e^r = 1 + r + r^2*P(r).
const (
	expHi    = 89.0   // above ln(MaxFloat32): result overflows to +Inf
	expLo    = -104.0 // below ln(2^-150): result underflows to 0
	log2e    = 1.44269504088896341
	ln2Hi    = 0.693359375
	ln2Lo    = -2.12194440e-4
	expP0    = 1.9875691500e-4
	expP1    = 1.3981999507e-3
	expP2    = 8.3334519073e-3
	expP3    = 4.1665795894e-2
	expP4    = 1.6666665459e-1
	expP5    = 5.0000001201e-1
	roundMag = 12582912.0 // 1.5*2^23: adding it rounds to an integer
)

// exp32 is the scalar reference kernel shared by all generic code.
// The scale 2^n is applied as two factors 2^(n>>1) * 2^(n-(n>>1)) so that
// n in [-150, 128] never overflows the exponent field: the final product
// overflows to +Inf or rounds (once) into the subnormal range naturally.
func exp32(x float32) float32 {
	if x > expHi {
		x = expHi
	}
	if x < expLo {
		x = expLo
	}
	k := float32(x*log2e) + roundMag
	n := int32(math.Float32bits(k)) - 0x4B400000
	nf := k - roundMag
	r := x - float32(nf*ln2Hi)
	r = r - float32(nf*ln2Lo)
	p := float32(expP0)
	p = float32(p*r) + expP1
	p = float32(p*r) + expP2
	p = float32(p*r) + expP3
	p = float32(p*r) + expP4
	p = float32(p*r) + expP5
	p = float32(p*float32(r*r)) + r + 1
	n1 := n >> 1
	n2 := n - n1
	p *= math.Float32frombits(uint32(n1+127) << 23)
	p *= math.Float32frombits(uint32(n2+127) << 23)
	return p
}

// expGeneric is exp32 written out in the loop (exp32 is too big to inline);
// keep the two in sync.
func expGeneric(dst, x []float32) {
	x = x[:len(dst)]
	for i, v := range x {
		v = min(max(v, expLo), expHi) // builtin min/max keep NaN
		k := float32(v*log2e) + roundMag
		n := int32(math.Float32bits(k)) - 0x4B400000
		nf := k - roundMag
		r := v - float32(nf*ln2Hi)
		r = r - float32(nf*ln2Lo)
		p := float32(expP0)
		p = float32(p*r) + expP1
		p = float32(p*r) + expP2
		p = float32(p*r) + expP3
		p = float32(p*r) + expP4
		p = float32(p*r) + expP5
		p = float32(p*float32(r*r)) + r + 1
		n1 := n >> 1
		p *= math.Float32frombits(uint32(n1+127) << 23)
		p *= math.Float32frombits(uint32(n-n1+127) << 23)
		dst[i] = p
	}
}

// Exp sets dst[i] = e^x[i]. dst may alias x.
func Exp(dst, x []float32) {
	checkLen(len(dst), len(x))
	if useAsm {
		expAsm(dst, x)
		return
	}
	expGeneric(dst, x)
}
