//go:build amd64 && !purego

package vmath

//go:noescape
func softmaxGradAVX2(dst, g, y []float32, s float32, acc bool)

// softmaxGradAsm runs the AVX2 kernel; len(dst) is a multiple of 8.
func softmaxGradAsm(dst, g, y []float32, s float32, acc bool) { softmaxGradAVX2(dst, g, y, s, acc) }
