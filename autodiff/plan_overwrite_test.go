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

// addRevOp is out = a + b whose overwriting backward handles b before a, so
// a plan that gave it the same storage twice and marked the first gin as
// first-written would have it add b's part to stale values.
type addRevOp struct{}

func (addRevOp) Name() string { return "add_rev" }
func (addRevOp) Forward(out *tensor.Tensor, in []*tensor.Tensor) {
	for i := range out.Float32s() {
		out.Float32s()[i] = in[0].Float32s()[i] + in[1].Float32s()[i]
	}
}
func (op addRevOp) Backward(gout, out *tensor.Tensor, in []*tensor.Tensor, gin []*tensor.Tensor) {
	op.BackwardOverwrite(gout, out, in, gin, make([]bool, 2))
}
func (addRevOp) BackwardOverwrite(gout, out *tensor.Tensor, in []*tensor.Tensor, gin []*tensor.Tensor, first []bool) {
	for _, j := range []int{1, 0} {
		if gin[j] == nil {
			continue
		}
		for i, v := range gout.Float32s() {
			if first[j] {
				gin[j].Float32s()[i] = v
			} else {
				gin[j].Float32s()[i] += v
			}
		}
	}
}

// TestPlanSameStorageTwice: an op given one buffer as two inputs (x + x)
// must see it zeroed, not told to overwrite it, whatever order it writes in.
func TestPlanSameStorageTwice(t *testing.T) {
	x, _ := tensor.FromFloat32([]float32{1, 2, 3}, 3)
	tensor.Track(x, true)
	y, err := tensor.Apply(addRevOp{}, tensor.Float32, x.Shape(), x, x)
	if err != nil {
		t.Fatal(err)
	}
	loss, _ := ops.Sum(y, nil, false)
	p, err := autodiff.NewPlan(nil, loss, []*tensor.Tensor{x})
	if err != nil {
		t.Fatal(err)
	}
	p.FillGradients(7) // stale values
	p.Backward()
	for i, v := range p.Grads()[0].Float32s() {
		if v != 2 {
			t.Fatalf("grad[%d] = %v, want 2", i, v)
		}
	}
}
