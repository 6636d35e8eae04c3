//go:build amd64 && !purego

package vmath

// maxPool2x2AVX2 and maxPool2x2GradAVX2 process n output pixels of ch
// channels (ch a multiple of 8, n ≥ 1); see MaxPool2x2.

//go:noescape
func maxPool2x2AVX2(y *float32, arg *uint16, a, b *float32, n, ch int)

//go:noescape
func maxPool2x2GradAVX2(ga, gb, gy *float32, arg *uint16, n, ch int)

//go:noescape
func maxPool2x2GradSetAVX2(ga, gb, gy *float32, arg *uint16, n, ch int)

func maxPool2x2Asm(y []float32, arg []uint16, a, b []float32, ch int) {
	maxPool2x2AVX2(&y[0], &arg[0], &a[0], &b[0], len(y)/ch, ch)
}

func maxPool2x2GradAsm(ga, gb, gy []float32, arg []uint16, ch int) {
	maxPool2x2GradAVX2(&ga[0], &gb[0], &gy[0], &arg[0], len(gy)/ch, ch)
}

func maxPool2x2GradSetAsm(ga, gb, gy []float32, arg []uint16, ch int) {
	maxPool2x2GradSetAVX2(&ga[0], &gb[0], &gy[0], &arg[0], len(gy)/ch, ch)
}
