package autodiff_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/gokeras/keras/autodiff"
	"github.com/gokeras/keras/ops"
	"github.com/gokeras/keras/tensor"
)

func TestGradientsSharedInput(t *testing.T) {
	// f(x) = sum(x*x + x) -> df/dx = 2x + 1; x used twice accumulates.
	x, _ := tensor.FromFloat32([]float32{1, -2, 3}, 3)
	tensor.Track(x, true)
	sq, _ := ops.Multiply(x, x)
	s, _ := ops.Add(sq, x)
	f, _ := ops.Sum(s, nil, false)
	g, err := autodiff.Gradients(f, []*tensor.Tensor{x})
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []float32{3, -3, 7} {
		if g[0].Float32s()[i] != want {
			t.Errorf("grad[%d] = %v, want %v", i, g[0].Float32s()[i], want)
		}
	}
}

func TestGradientsErrors(t *testing.T) {
	x := tensor.Zeros(2)
	y, _ := ops.Exp(x)
	if _, err := autodiff.Gradients(y, []*tensor.Tensor{x}); err == nil {
		t.Error("untracked target: expected an error")
	}
	i, _ := tensor.New(tensor.Int32, 2)
	if _, err := autodiff.Gradients(i, nil); err == nil {
		t.Error("int target: expected an error")
	}
}

func TestPlanReplaysNewData(t *testing.T) {
	// loss = mean((x·w - 1)^2) with x a placeholder refilled between steps.
	w := tensor.NewVariable("w", "w", tensor.Zeros(2, 1), true)
	x := tensor.Track(tensor.Zeros(3, 2), false)
	build := func() (*tensor.Tensor, *tensor.Tensor) {
		p, _ := ops.Matmul(x, w.Value())
		d, _ := ops.Subtract(p, ops.Const(1))
		sq, _ := ops.Square(d)
		l, _ := ops.Mean(sq, nil, false)
		return p, l
	}
	copy(w.Value().Float32s(), []float32{0.5, -1})
	copy(x.Float32s(), []float32{1, 2, 3, 4, 5, 6})
	p, loss := build()
	plan, err := autodiff.NewPlan([]*tensor.Tensor{p}, loss, []*tensor.Tensor{w.Value()})
	if err != nil {
		t.Fatal(err)
	}
	// New data in the placeholder: replay must match a fresh eager graph.
	copy(x.Float32s(), []float32{-1, 0.5, 2, 2, 0, 1})
	plan.Forward()
	plan.Backward()
	got := append([]float32(nil), plan.Grads()[0].Float32s()...)
	_, eager := build()
	want, _ := autodiff.Gradients(eager, []*tensor.Tensor{w.Value()})
	for i := range got {
		if math.Abs(float64(got[i]-want[0].Float32s()[i])) > 1e-6 {
			t.Fatalf("replayed grad %v, eager %v", got, want[0].Float32s())
		}
	}
	if loss.Float32s()[0] != eager.Float32s()[0] {
		t.Errorf("replayed loss %v, eager %v", loss.Float32s()[0], eager.Float32s()[0])
	}
	if a := testing.AllocsPerRun(10, func() { plan.Forward(); plan.Backward() }); a != 0 {
		t.Errorf("replay allocates %v times", a)
	}
}

// A custom training loop: fit y = 2x with one weight by gradient descent.
func ExampleGradientTape() {
	w := tensor.NewVariable("w", "w", tensor.Zeros(1), true)
	x, _ := tensor.FromFloat32([]float32{1, 2, 3}, 3)
	y, _ := tensor.FromFloat32([]float32{2, 4, 6}, 3)
	tape := autodiff.NewGradientTape()
	for step := 0; step < 50; step++ {
		loss, _ := tape.Run(func() (*tensor.Tensor, error) {
			p, err := ops.Multiply(x, w.Value())
			if err != nil {
				return nil, err
			}
			d, _ := ops.Subtract(p, y)
			sq, _ := ops.Square(d)
			return ops.Mean(sq, nil, false)
		})
		grads, _ := tape.Gradient(loss, []*tensor.Variable{w})
		w.Value().Float32s()[0] -= 0.05 * grads[0].Float32s()[0]
	}
	fmt.Printf("w = %.3f\n", w.Value().Float32s()[0])
	// Output: w = 2.000
}
