//go:build !amd64 || purego

package vmath

func maxPool2x2Asm(y []float32, arg []uint16, a, b []float32, ch int) {
	maxPool2x2Generic(y, arg, a, b, ch)
}

func maxPool2x2GradAsm(ga, gb, gy []float32, arg []uint16, ch int) {
	maxPool2x2GradGeneric(ga, gb, gy, arg, ch)
}

func maxPool2x2GradSetAsm(ga, gb, gy []float32, arg []uint16, ch int) {
	maxPool2x2GradSetGeneric(ga, gb, gy, arg, ch)
}
