package vmath

import "math"

// ReluBits records the ReLU mask of y, one bit per value: bit i%8 of
// bits[i/8] is set when y[i] > 0 (the criterion of ReluGrad: the sign bit
// clear and the value not +0). A convolution with a fused ReLU keeps these
// bits instead of reading its output again in the backward pass. Both
// paths are bit-identical.
func ReluBits(bits []uint8, y []float32) {
	if len(bits) < (len(y)+7)/8 {
		panic("vmath: ReluBits mask too short")
	}
	n := 0
	if useAsm {
		n = len(y) &^ 7
		if n > 0 {
			reluBitsAsm(bits, y[:n])
		}
	}
	reluBitsGeneric(bits[n/8:], y[n:])
}

// ReluGradBits sets dst[i] = gout[i] where bit i of the mask (ReluBits) is
// set, else +0, like ReluGrad. dst may alias gout. Both paths are
// bit-identical.
func ReluGradBits(dst, gout []float32, bits []uint8) {
	checkLen(len(dst), len(gout))
	if len(bits) < (len(dst)+7)/8 {
		panic("vmath: ReluGradBits mask too short")
	}
	n := 0
	if useAsm {
		n = len(dst) &^ 7
		if n > 0 {
			reluGradBitsAsm(dst[:n], gout[:n], bits)
		}
	}
	reluGradBitsGeneric(dst[n:], gout[n:], bits[n/8:])
}

func reluBitsGeneric(bits []uint8, y []float32) {
	for i := 0; i < len(y); i += 8 {
		var b uint8
		for l, v := range y[i:min(i+8, len(y))] {
			if int32(math.Float32bits(v)) > 0 {
				b |= 1 << l
			}
		}
		bits[i/8] = b
	}
}

func reluGradBitsGeneric(dst, gout []float32, bits []uint8) {
	gout = gout[:len(dst)]
	for i, v := range gout {
		if bits[i/8]>>(i%8)&1 != 0 {
			dst[i] = v
		} else {
			dst[i] = 0
		}
	}
}
