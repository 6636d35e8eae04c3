//go:build !amd64 || purego

package vmath

func lstmCellAsm(z, bias, cprev, c, t, h []float32) { lstmCellGeneric(z, bias, cprev, c, t, h) }

func lstmCellGradAsm(gates, cprev, t, dh, dcIn, dz, dcOut []float32) {
	lstmCellGradGeneric(gates, cprev, t, dh, dcIn, dz, dcOut)
}
