//go:build !amd64 || purego

package vmath

// Without assembly (haveAsm is false) these are never selected; they exist
// so the dispatching code compiles on every platform.

func expAsm(dst, x []float32)                         { expGeneric(dst, x) }
func sigmoidAsm(dst, x []float32)                     { sigmoidGeneric(dst, x) }
func tanhAsm(dst, x []float32)                        { tanhGeneric(dst, x) }
func expSumAsm(dst, x []float32, sub float32) float32 { return expSumGeneric(dst, x, sub) }
func maxAsm(x []float32) float32                      { return maxGeneric(x) }
func reluAsm(dst, x []float32)                        { reluGeneric(dst, x) }
func reluGradAsm(dst, gout, y []float32)              { reluGradGeneric(dst, gout, y) }
func addBiasReluAsm(row, bias []float32)              { addBiasReluRow(row, bias) }
func axpyAsm(alpha float32, x, y []float32)           { axpyGeneric(alpha, x, y) }
func scaleAsm(alpha float32, x []float32)             { scaleGeneric(alpha, x) }
func dotLanesAsm(l *[8]float32, x, y []float32)       { dotLanesGeneric(l, x, y) }
func adamAsm(p, g, m, v []float32, alpha, c1, c2, eps float32) {
	adamGeneric(p, g, m, v, alpha, c1, c2, eps)
}
