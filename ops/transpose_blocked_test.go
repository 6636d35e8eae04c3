package ops

import (
	"math/rand/v2"
	"testing"

	"github.com/gokeras/keras/tensor"
)

// TestTransposeBlocked checks the blocked 2-D path against a direct
// element-by-element permutation, for permutations that use it and ones
// that do not, and that a replayed transpose does not allocate.
func TestTransposeBlocked(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	cases := []struct {
		shape []int
		perm  []int
	}{
		{[]int{9, 17}, []int{1, 0}},
		{[]int{2, 11, 3, 16}, []int{0, 2, 3, 1}},
		{[]int{2, 11, 3, 16}, []int{0, 3, 1, 2}},
		{[]int{3, 20, 2, 9}, []int{0, 2, 1, 3}},
		{[]int{4, 8, 8}, []int{2, 1, 0}},
		{[]int{2, 3, 12, 10, 1}, []int{4, 0, 3, 1, 2}},
	}
	for _, c := range cases {
		n := 1
		for _, d := range c.shape {
			n *= d
		}
		data := make([]float32, n)
		for i := range data {
			data[i] = r.Float32()
		}
		x, _ := tensor.FromFloat32(data, c.shape...)
		tensor.Track(x, false) // record the node, to replay it
		y, err := Transpose(x, c.perm)
		if err != nil {
			t.Fatal(err)
		}
		in := tensor.Shape(c.shape).Strides()
		out := y.Shape()
		ost := out.Strides()
		idx := make([]int, len(out))
		for o := range y.Size() {
			rem, s := o, 0
			for a := range out {
				idx[a] = rem / ost[a]
				rem %= ost[a]
				s += idx[a] * in[c.perm[a]]
			}
			if got := y.Float32s()[o]; got != data[s] {
				t.Fatalf("shape %v perm %v: out[%d] = %v, want %v", c.shape, c.perm, o, got, data[s])
			}
		}
		// Backward accumulates the permuted gradient into gin.
		gout := tensor.Zeros(out...)
		for i := range gout.Float32s() {
			gout.Float32s()[i] = r.Float32()
		}
		gin := tensor.Zeros(c.shape...)
		for i := range gin.Float32s() {
			gin.Float32s()[i] = float32(i % 3)
		}
		want := append([]float32(nil), gin.Float32s()...)
		for o := range y.Size() {
			rem, s := o, 0
			for a := range out {
				idx[a] = rem / ost[a]
				rem %= ost[a]
				s += idx[a] * in[c.perm[a]]
			}
			want[s] += gout.Float32s()[o]
		}
		y.Node().Op.Backward(gout, y, []*tensor.Tensor{x}, []*tensor.Tensor{gin})
		for i, w := range want {
			if got := gin.Float32s()[i]; got != w {
				t.Fatalf("shape %v perm %v: gradient[%d] = %v, want %v", c.shape, c.perm, i, got, w)
			}
		}
		op, ins := y.Node().Op, []*tensor.Tensor{x}
		if n := testing.AllocsPerRun(3, func() { op.Forward(y, ins) }); n != 0 {
			t.Errorf("shape %v perm %v: replay allocates %v times", c.shape, c.perm, n)
		}
		gouts, gins := gout, []*tensor.Tensor{gin}
		if n := testing.AllocsPerRun(3, func() { op.Backward(gouts, y, ins, gins) }); n != 0 {
			t.Errorf("shape %v perm %v: backward replay allocates %v times", c.shape, c.perm, n)
		}
	}
}
