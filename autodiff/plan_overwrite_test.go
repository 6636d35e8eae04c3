package autodiff_test

import (
	"testing"

	"github.com/gokeras/keras/autodiff"
	"github.com/gokeras/keras/ops"
	"github.com/gokeras/keras/tensor"
)

// TestPlanFirstWriters replays graphs where a plan's buffer sharing and
// first-writer overwrites could go wrong: an input used twice by one op
// (x*x), a reshape whose input has another consumer (so the buffers are not
// shared) and one whose input has none (shared), and a wrt tensor the loss
// does not depend on. Each Backward must give the tape's gradients, also
// when the buffers hold the previous pass's values.
func TestPlanFirstWriters(t *testing.T) {
	x, _ := tensor.FromFloat32([]float32{1, -2, 3, 0.5, -1, 2}, 2, 3)
	w, _ := tensor.FromFloat32([]float32{0.5, -1, 2, 1.5, 0.25, -0.75}, 3, 2)
	unused := tensor.Zeros(4)
	for _, v := range []*tensor.Tensor{x, w, unused} {
		tensor.Track(v, true)
	}
	sq, _ := ops.Multiply(x, x)             // same input twice
	r1, _ := ops.Reshape(sq, 3, 2)          // sq has one consumer: shared buffers
	r2, _ := ops.Reshape(x, 6)              // x has other consumers
	mm, _ := ops.Matmul(sq, w)              // sq's buffer: matmul overwrites
	t1, _ := ops.Transpose(r1, []int{1, 0}) // transposed view of x*x
	s1, _ := ops.Sum(mm, nil, false)
	s2, _ := ops.Sum(t1, nil, false)
	s3, _ := ops.Sum(r2, nil, false)
	a, _ := ops.Add(s1, s2)
	loss, _ := ops.Add(a, s3)
	wrt := []*tensor.Tensor{x, w, unused}
	want, err := autodiff.Gradients(loss, wrt)
	if err != nil {
		t.Fatal(err)
	}
	p, err := autodiff.NewPlan(nil, loss, wrt)
	if err != nil {
		t.Fatal(err)
	}
	for pass := 0; pass < 3; pass++ {
		p.Backward()
		for i, g := range p.Grads() {
			for j, v := range g.Float32s() {
				if v != want[i].Float32s()[j] {
					t.Fatalf("pass %d, wrt %d, element %d: plan %v, tape %v", pass, i, j, v, want[i].Float32s()[j])
				}
			}
		}
	}
}
