//go:build amd64 && !purego

package vmath

//go:noescape
func lstmCellAVX2(z, bias, cprev, c, t, h []float32)

//go:noescape
func lstmCellGradAVX2(gates, cprev, t, dh, dcIn, dz, dcOut []float32)

func lstmCellAsm(z, bias, cprev, c, t, h []float32) { lstmCellAVX2(z, bias, cprev, c, t, h) }

func lstmCellGradAsm(gates, cprev, t, dh, dcIn, dz, dcOut []float32) {
	lstmCellGradAVX2(gates, cprev, t, dh, dcIn, dz, dcOut)
}
