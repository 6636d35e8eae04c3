package layers

import (
	"encoding/binary"
	"math/bits"
)

// FarmHash Fingerprint64 (farmhashna::Hash64 of Google's FarmHash 1.1), the
// hash TensorFlow's tf.strings.to_hash_bucket_fast and so Keras's Hashing and
// StringLookup OOV buckets use. Written from the published algorithm.

const (
	fhK0 uint64 = 0xc3a5c85c97cb3127
	fhK1 uint64 = 0xb492b66fbe98f273
	fhK2 uint64 = 0x9ae16a3b2f90404f
)

func fhFetch64(s []byte) uint64    { return binary.LittleEndian.Uint64(s) }
func fhFetch32(s []byte) uint64    { return uint64(binary.LittleEndian.Uint32(s)) }
func fhRot(v uint64, r int) uint64 { return bits.RotateLeft64(v, -r) }
func fhShiftMix(v uint64) uint64   { return v ^ (v >> 47) }

func fhLen16(u, v, mul uint64) uint64 {
	a := (u ^ v) * mul
	a ^= a >> 47
	b := (v ^ a) * mul
	b ^= b >> 47
	return b * mul
}

func fhLen0to16(s []byte) uint64 {
	n := uint64(len(s))
	switch {
	case n >= 8:
		mul := fhK2 + n*2
		a := fhFetch64(s) + fhK2
		b := fhFetch64(s[n-8:])
		c := fhRot(b, 37)*mul + a
		d := (fhRot(a, 25) + b) * mul
		return fhLen16(c, d, mul)
	case n >= 4:
		mul := fhK2 + n*2
		a := fhFetch32(s)
		return fhLen16(n+(a<<3), fhFetch32(s[n-4:]), mul)
	case n > 0:
		a, b, c := uint32(s[0]), uint32(s[n>>1]), uint32(s[n-1])
		y := a + b<<8
		z := uint32(n) + c<<2
		return fhShiftMix(uint64(y)*fhK2^uint64(z)*fhK0) * fhK2
	}
	return fhK2
}

func fhLen17to32(s []byte) uint64 {
	n := uint64(len(s))
	mul := fhK2 + n*2
	a := fhFetch64(s) * fhK1
	b := fhFetch64(s[8:])
	c := fhFetch64(s[n-8:]) * mul
	d := fhFetch64(s[n-16:]) * fhK2
	return fhLen16(fhRot(a+b, 43)+fhRot(c, 30)+d, a+fhRot(b+fhK2, 18)+c, mul)
}

func fhLen33to64(s []byte) uint64 {
	n := uint64(len(s))
	mul := fhK2 + n*2
	a := fhFetch64(s) * fhK2
	b := fhFetch64(s[8:])
	c := fhFetch64(s[n-8:]) * mul
	d := fhFetch64(s[n-16:]) * fhK2
	y := fhRot(a+b, 43) + fhRot(c, 30) + d
	z := fhLen16(y, a+fhRot(b+fhK2, 18)+c, mul)
	e := fhFetch64(s[16:]) * mul
	f := fhFetch64(s[24:])
	g := (y + fhFetch64(s[n-32:])) * mul
	h := (z + fhFetch64(s[n-24:])) * mul
	return fhLen16(fhRot(e+f, 43)+fhRot(g, 30)+h, e+fhRot(f+a, 18)+g, mul)
}

// fhWeak32 is WeakHashLen32WithSeeds on s[0:32].
func fhWeak32(s []byte, a, b uint64) (uint64, uint64) {
	w, x, y, z := fhFetch64(s), fhFetch64(s[8:]), fhFetch64(s[16:]), fhFetch64(s[24:])
	a += w
	b = fhRot(b+a+z, 21)
	c := a
	a += x
	a += y
	b += fhRot(a, 44)
	return a + z, b + c
}

// farmFingerprint64 is FarmHash's Fingerprint64 of s.
func farmFingerprint64(s []byte) uint64 {
	n := len(s)
	switch {
	case n <= 16:
		return fhLen0to16(s)
	case n <= 32:
		return fhLen17to32(s)
	case n <= 64:
		return fhLen33to64(s)
	}
	seed := uint64(81)
	x := seed
	y := seed*fhK1 + 113
	z := fhShiftMix(y*fhK2+113) * fhK2
	var v1, v2, w1, w2 uint64
	x = x*fhK2 + fhFetch64(s)
	end := ((n - 1) / 64) * 64
	last64 := n - 64
	p := 0
	for {
		b := s[p:]
		x = fhRot(x+y+v1+fhFetch64(b[8:]), 37) * fhK1
		y = fhRot(y+v2+fhFetch64(b[48:]), 42) * fhK1
		x ^= w2
		y += v1 + fhFetch64(b[40:])
		z = fhRot(z+w1, 33) * fhK1
		v1, v2 = fhWeak32(b, v2*fhK1, x+w1)
		w1, w2 = fhWeak32(b[32:], z+w2, y+fhFetch64(b[16:]))
		x, z = z, x
		p += 64
		if p == end {
			break
		}
	}
	mul := fhK1 + ((z & 0xff) << 1)
	b := s[last64:]
	w1 += uint64((n - 1) & 63)
	v1 += w1
	w1 += v1
	x = fhRot(x+y+v1+fhFetch64(b[8:]), 37) * mul
	y = fhRot(y+v2+fhFetch64(b[48:]), 42) * mul
	x ^= w2 * 9
	y += v1*9 + fhFetch64(b[40:])
	z = fhRot(z+w1, 33) * mul
	v1, v2 = fhWeak32(b, v2*mul, x+w1)
	w1, w2 = fhWeak32(b[32:], z+w2, y+fhFetch64(b[16:]))
	x, z = z, x
	return fhLen16(fhLen16(v1, w1, mul)+fhShiftMix(y)*fhK0+z, fhLen16(v2, w2, mul)+x, mul)
}
