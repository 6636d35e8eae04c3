//go:build !amd64 || purego

package vmath

func addAsm(dst, a, b []float32) { addGeneric(dst, a, b) }
func subAsm(dst, a, b []float32) { subGeneric(dst, a, b) }
func mulAsm(dst, a, b []float32) { mulGeneric(dst, a, b) }
