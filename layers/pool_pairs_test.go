package layers

import (
	"math"
	"testing"

	"github.com/gokeras/keras/internal/gradcheck"
	"github.com/gokeras/keras/internal/vmath"
	"github.com/gokeras/keras/tensor"
)

// slowPoolOp is op's pooling through the general window loops.
func slowPoolOp(g poolGeom, outSize int) *poolOp {
	op := &poolOp{g: g, max: true, arg: make([]int32, outSize)}
	op.fwd, op.bwd = op.forwardRange, op.backwardRange
	return op
}

// TestPoolPairsMatchesGeneral checks the 2×2 fast path of max pooling
// against the general loops, bit for bit (ties and signed zeros included),
// with both vmath implementations.
func TestPoolPairsMatchesGeneral(t *testing.T) {
	cases := []struct {
		name  string
		shape tensor.Shape
		fast  bool
	}{
		{"even", tensor.Shape{3, 4, 6, 8}, true},
		{"odd sizes", tensor.Shape{2, 5, 7, 16}, true},
		{"w2 pool2", tensor.Shape{2, 11, 11, 64}, true},
		{"channels not multiple of 8", tensor.Shape{2, 4, 4, 6}, false},
	}
	for _, generic := range []bool{false, true} {
		prev := vmath.ForceGeneric(generic)
		for _, c := range cases {
			t.Run(vmath.Impl()+"/"+c.name, func(t *testing.T) {
				g, out := newPoolGeom(c.shape, []int{2, 2}, []int{2, 2}, false, "channels_last")
				fast := newPoolOp(g, true, out.Size())
				if got := fast.pair != nil; got != c.fast {
					t.Fatalf("fast path = %v, want %v", got, c.fast)
				}
				x := gradcheck.Random(5, -1, 1, c.shape...)
				xs := x.Float32s()
				for i := range xs { // coarse values: many ties
					xs[i] = float32(math.Round(float64(xs[i]) * 2))
				}
				gy := gradcheck.Random(6, -1, 1, out...)
				var ys, gxs [2][]float32
				for k, op := range []*poolOp{fast, slowPoolOp(g, out.Size())} {
					y := tensor.Zeros(out...)
					gx := gradcheck.Random(7, -1, 1, c.shape...)
					for range 2 { // replayed: the same result again
						op.Forward(y, []*tensor.Tensor{x})
					}
					op.Backward(gy, y, []*tensor.Tensor{x}, []*tensor.Tensor{gx})
					ys[k], gxs[k] = y.Float32s(), gx.Float32s()
				}
				for i := range ys[0] {
					if math.Float32bits(ys[0][i]) != math.Float32bits(ys[1][i]) {
						t.Fatalf("y[%d] = %v, general path %v", i, ys[0][i], ys[1][i])
					}
				}
				for i := range gxs[0] {
					if gxs[0][i] != gxs[1][i] {
						t.Fatalf("gx[%d] = %v, general path %v", i, gxs[0][i], gxs[1][i])
					}
				}
			})
		}
		vmath.ForceGeneric(prev)
	}
}

// TestPoolPairsGradcheck also covers the rows and columns no window reads
// (odd sizes), which a replayed plan's overwriting backward must zero.
func TestPoolPairsGradcheck(t *testing.T) {
	for _, shape := range []tensor.Shape{{2, 5, 4, 8}, {2, 4, 5, 8}} {
		g, out := newPoolGeom(shape, []int{2, 2}, []int{2, 2}, false, "channels_last")
		f := callOp(func() tensor.Op { return newPoolOp(g, true, out.Size()) }, out)
		in := []*tensor.Tensor{gradcheck.Random(7, -1, 1, shape...)}
		if err := gradcheck.Check(f, in, gradcheck.Options{Eps: 1e-3}); err != nil {
			t.Fatalf("%v: %v", shape, err)
		}
	}
}

// BenchmarkMaxPool2DTrainStep times forward + backward of the W2 model's
// two MaxPooling2D layers (batch 128: 26×26×32 and 11×11×64 inputs).
func BenchmarkMaxPool2DTrainStep(b *testing.B) {
	for _, s := range []tensor.Shape{{128, 26, 26, 32}, {128, 11, 11, 64}} {
		g, out := newPoolGeom(s, []int{2, 2}, []int{2, 2}, false, "channels_last")
		op := newPoolOp(g, true, out.Size())
		x, y := gradcheck.Random(1, -1, 1, s...), tensor.Zeros(out...)
		gx, gy := tensor.Zeros(s...), gradcheck.Random(2, -1, 1, out...)
		b.Run(s.String(), func(b *testing.B) {
			b.ReportAllocs()
			for range b.N {
				op.Forward(y, []*tensor.Tensor{x})
				op.Backward(gy, y, []*tensor.Tensor{x}, []*tensor.Tensor{gx})
			}
		})
	}
}
