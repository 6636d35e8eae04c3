package optimizers

import (
	"testing"

	"github.com/gokeras/keras/internal/gemm"
	"github.com/gokeras/keras/tensor"
)

// Large variables are updated on several threads: same bits as one thread,
// and still no allocation per step.
func TestAdamLargeVariableParallel(t *testing.T) {
	defer gemm.SetThreads(0)
	run := func(threads int) (*tensor.Tensor, float64) {
		gemm.SetThreads(threads)
		n := 3*adamParallelMin + 17
		v := tensor.NewVariable("w", "w", tensor.Zeros(n), true)
		g := tensor.Zeros(n)
		for i := range g.Float32s() {
			g.Float32s()[i] = float32(i%13) - 6
		}
		o, err := NewAdam()
		if err != nil {
			t.Fatal(err)
		}
		vars, grads := []*tensor.Variable{v}, []*tensor.Tensor{g}
		for i := 0; i < 3; i++ {
			if err := o.Apply(grads, vars); err != nil {
				t.Fatal(err)
			}
		}
		allocs := testing.AllocsPerRun(5, func() { _ = o.Apply(grads, vars) })
		return v.Value(), allocs
	}
	one, _ := run(1)
	two, allocs := run(2)
	if allocs != 0 {
		t.Errorf("Apply allocates %v times per step with 2 threads", allocs)
	}
	for i, x := range one.Float32s() {
		if two.Float32s()[i] != x {
			t.Fatalf("element %d: 1 thread %v, 2 threads %v", i, x, two.Float32s()[i])
		}
	}
}
