package optimizers

import (
	"testing"

	"github.com/gokeras/keras/internal/vmath"
	"github.com/gokeras/keras/tensor"
)

// benchAdam measures one Adam step over a W1-sized model (~100k weights).
func BenchmarkAdamApply(b *testing.B) {
	const n = 100_000
	data, g := make([]float32, n), make([]float32, n)
	for i := range g {
		g[i] = float32(i%13)*0.01 - 0.05
	}
	x, _ := tensor.FromFloat32(data, n)
	gt, _ := tensor.FromFloat32(g, n)
	v := []*tensor.Variable{tensor.NewVariable("w", "w", x, true)}
	gs := []*tensor.Tensor{gt}
	o, _ := NewAdam()
	_ = o.Apply(gs, v)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_ = o.Apply(gs, v)
	}
}

// BenchmarkVmathAdamUpdate is the internal/vmath kernel on the same size, for
// comparison (it is not used: see adamKernel).
func BenchmarkVmathAdamUpdate(b *testing.B) {
	const n = 100_000
	p, g, m, v := make([]float32, n), make([]float32, n), make([]float32, n), make([]float32, n)
	for i := range g {
		g[i] = float32(i%13)*0.01 - 0.05
	}
	for i := 0; i < b.N; i++ {
		vmath.AdamUpdate(p, g, m, v, 0.001, 0.9, 0.999, 1e-7)
	}
}
