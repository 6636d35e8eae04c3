package layers

import (
	"fmt"
	"testing"

	"github.com/gokeras/keras/internal/gemm"
	"github.com/gokeras/keras/internal/gradcheck"
	"github.com/gokeras/keras/tensor"
)

// TestConvThreadsBitIdentical runs convolutions of every kind with 1, 2
// and 3 threads and expects bit-identical outputs and gradients: the
// batch is split into a fixed number of parts whatever the thread count.
func TestConvThreadsBitIdentical(t *testing.T) {
	defer gemm.SetThreads(0)
	cases := []struct {
		name string
		op   func() *convOp
		x, w []int
		y    []int
		bias int // bias length (0: none)
	}{
		{"w2_conv2", func() *convOp { return &convOp{g: w2Geom(10, 13, 13, 32, 64), relu: true} }, []int{10, 13, 13, 32}, []int{3, 3, 32, 64}, []int{10, 11, 11, 64}, 64},
		{"w2_conv1_direct", func() *convOp { return &convOp{g: w2Geom(9, 12, 12, 1, 32), relu: true} }, []int{9, 12, 12, 1}, []int{3, 3, 1, 32}, []int{9, 10, 10, 32}, 32},
		{"groups_no_bias", func() *convOp {
			g := w2Geom(11, 6, 6, 4, 6)
			g.groups = 2
			return &convOp{g: g}
		}, []int{11, 6, 6, 4}, []int{3, 3, 2, 6}, []int{11, 4, 4, 6}, 0},
		{"transpose", func() *convOp { return &convOp{g: w2Geom(10, 7, 7, 3, 5), transpose: true} }, []int{10, 5, 5, 5}, []int{3, 3, 3, 5}, []int{10, 7, 7, 3}, 3},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var first [][]float32
			for _, threads := range []int{1, 2, 3} {
				gemm.SetThreads(threads)
				got := runConvOnce(c.op(), c.x, c.w, c.y, c.bias)
				if first == nil {
					first = got
					continue
				}
				sameBits(t, fmt.Sprintf("%d threads vs 1", threads), got, first)
			}
		})
	}
}

// w2Geom is a 3×3 'valid' convolution geometry.
func w2Geom(n, h, w, cin, cout int) convGeom {
	return convGeom{n: n, big: [3]int{1, h, w}, small: [3]int{1, h - 2, w - 2}, k: [3]int{1, 3, 3},
		s: [3]int{1, 1, 1}, d: [3]int{1, 1, 1}, cb: cin, cs: cout, groups: 1}
}

// runConvOnce runs op forward and backward (all gradients wanted) and
// returns the output and the gradients.
func runConvOnce(op *convOp, xs, ws, ys []int, bias int) [][]float32 {
	in := []*tensor.Tensor{gradcheck.Random(1, -1, 1, xs...), gradcheck.Random(2, -0.5, 0.5, ws...)}
	gin := []*tensor.Tensor{tensor.Zeros(xs...), tensor.Zeros(ws...)}
	if bias > 0 {
		in = append(in, gradcheck.Random(3, -0.2, 0.2, bias))
		gin = append(gin, tensor.Zeros(bias))
	}
	out, gout := tensor.Zeros(ys...), gradcheck.Random(4, -1, 1, ys...)
	op.Forward(out, in)
	op.Backward(gout, out, in, gin)
	res := [][]float32{out.Float32s()}
	for _, g := range gin {
		res = append(res, g.Float32s())
	}
	return res
}

// TestConvDirectReplay replays the direct kernels (with the ReLU mask) and
// the 2×2 pooling fast path, as a compiled training step does: same
// results, no allocations.
func TestConvDirectReplay(t *testing.T) {
	c := newW2ConvGrad("conv1", 3, 10, 9, 1, 32, false, true)
	c.step()
	if c.op.direct == nil || c.op.mask == nil {
		t.Fatal("direct kernels with ReLU mask not used")
	}
	y := append([]float32(nil), c.out.Float32s()...)
	dw := append([]float32(nil), c.gin[1].Float32s()...)
	if allocs := testing.AllocsPerRun(3, c.step); allocs != 0 {
		t.Errorf("replay allocates %v times", allocs)
	}
	for i, v := range c.out.Float32s() {
		if v != y[i] {
			t.Fatalf("output %d changed on replay: %v, then %v", i, y[i], v)
		}
	}
	for i, v := range c.gin[1].Float32s() {
		if d := v - 5*dw[i]; d > 1e-4 || d < -1e-4 {
			t.Fatalf("kernel gradient %d after 5 steps = %v, want 5 × %v", i, v, dw[i])
		}
	}
	s := tensor.Shape{2, 6, 8, 16}
	g, out := newPoolGeom(s, []int{2, 2}, []int{2, 2}, false, "channels_last")
	op := newPoolOp(g, true, out.Size())
	x, yp := gradcheck.Random(1, -1, 1, s...), tensor.Zeros(out...)
	gx, gy := tensor.Zeros(s...), gradcheck.Random(2, -1, 1, out...)
	step := func() {
		op.Forward(yp, []*tensor.Tensor{x})
		op.Backward(gy, yp, []*tensor.Tensor{x}, []*tensor.Tensor{gx})
	}
	if allocs := testing.AllocsPerRun(3, step); allocs != 0 {
		t.Errorf("pooling replay allocates %v times", allocs)
	}
}
