//go:build !amd64 || purego

package vmath

func softmaxGradAsm(dst, g, y []float32, s float32, acc bool) { softmaxGradGeneric(dst, g, y, s, acc) }
