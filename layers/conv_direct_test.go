package layers

import (
	"fmt"
	"math"
	"testing"

	"github.com/gokeras/keras/internal/gemm"
	"github.com/gokeras/keras/internal/gradcheck"
	"github.com/gokeras/keras/internal/vmath"
	"github.com/gokeras/keras/tensor"
)

// directCase is a convolution with few taps per output.
type directCase struct {
	name          string
	n             int
	big, k, s, d  []int
	cin, cout     int
	padding       string
	relu, bias    bool
	inputGrad     bool
	channelsFirst bool
}

// build makes the op (direct kernels on or off) and its operands, runs it
// once and returns it, the results of that run (output and gradients) and a
// step function that runs it again (the gradients accumulate).
func (c directCase) build(direct bool) (*convOp, [][]float32, func() [][]float32) {
	small := make([]int, len(c.big))
	for i := range small {
		small[i] = convOutLen(c.big[i], c.k[i], c.s[i], c.d[i], c.padding)
	}
	g := convGeom{n: c.n, big: spread3(c.big, 1), small: spread3(small, 1), k: spread3(c.k, 1),
		s: spread3(c.s, 1), d: spread3(c.d, 1), cb: c.cin, cs: c.cout, groups: 1}
	g.setPads(c.padding)
	op := &convOp{g: g, relu: c.relu, channelsFirst: c.channelsFirst}
	xs := append([]int{c.n}, c.big...)
	ys := append([]int{c.n}, small...)
	if c.channelsFirst {
		xs = append([]int{c.n, c.cin}, c.big...)
		ys = append([]int{c.n, c.cout}, small...)
	} else {
		xs, ys = append(xs, c.cin), append(ys, c.cout)
	}
	ks := append(append([]int(nil), c.k...), c.cin, c.cout)
	in := []*tensor.Tensor{gradcheck.Random(1, -1, 1, xs...), gradcheck.Random(2, -0.5, 0.5, ks...)}
	gin := []*tensor.Tensor{nil, tensor.Zeros(ks...)}
	if c.bias {
		in, gin = append(in, gradcheck.Random(3, -0.2, 0.2, c.cout)), append(gin, tensor.Zeros(c.cout))
	}
	if c.inputGrad {
		gin[0] = tensor.Zeros(xs...)
	}
	out, gout := tensor.Zeros(ys...), gradcheck.Random(4, -1, 1, ys...)
	step := func() [][]float32 {
		op.Forward(out, in)
		op.Backward(gout, out, in, gin)
		res := [][]float32{out.Float32s()}
		for _, g := range gin {
			if g != nil {
				res = append(res, g.Float32s())
			}
		}
		return res
	}
	prev := convUseDirect
	convUseDirect = direct
	defer func() { convUseDirect = prev }()
	first := step() // the op chooses its kernels on its first run
	return op, first, step
}

// run returns the op and its results after one forward and backward pass.
func (c directCase) run(direct bool) (*convOp, [][]float32) {
	op, res, _ := c.build(direct)
	return op, res
}

var directCases = []directCase{
	{name: "w2_conv1", n: 5, big: []int{28, 28}, k: []int{3, 3}, s: []int{1, 1}, d: []int{1, 1}, cin: 1, cout: 32, padding: "valid", relu: true, bias: true},
	{name: "same_rgb_64", n: 3, big: []int{9, 7}, k: []int{3, 3}, s: []int{1, 1}, d: []int{1, 1}, cin: 3, cout: 64, padding: "same", bias: true, inputGrad: true},
	{name: "strides_dilation", n: 2, big: []int{11, 10}, k: []int{2, 3}, s: []int{2, 3}, d: []int{2, 1}, cin: 2, cout: 32, padding: "valid", relu: true},
	{name: "same_strided_odd", n: 3, big: []int{7, 8}, k: []int{3, 2}, s: []int{2, 2}, d: []int{1, 1}, cin: 1, cout: 96, padding: "same", relu: true, bias: true},
	{name: "conv1d_causal", n: 4, big: []int{9}, k: []int{3}, s: []int{1}, d: []int{2}, cin: 4, cout: 32, padding: "causal", bias: true, inputGrad: true},
	{name: "conv3d_channels_first", n: 2, big: []int{4, 5, 3}, k: []int{2, 2, 2}, s: []int{1, 1, 1}, d: []int{1, 1, 1}, cin: 2, cout: 32, padding: "same", relu: true, bias: true, channelsFirst: true, inputGrad: true},
}

// TestConvDirectMatchesGEMM compares the direct kernels with the im2col +
// GEMM path, for both vmath implementations and one and two threads.
func TestConvDirectMatchesGEMM(t *testing.T) {
	defer gemm.SetThreads(0)
	for _, generic := range []bool{false, true} {
		prev := vmath.ForceGeneric(generic)
		for _, c := range directCases {
			t.Run(vmath.Impl()+"/"+c.name, func(t *testing.T) {
				gemm.SetThreads(1)
				op, want := c.run(false)
				if op.direct != nil {
					t.Fatal("direct kernels used although turned off")
				}
				var first [][]float32
				for _, threads := range []int{1, 2} {
					gemm.SetThreads(threads)
					op, got := c.run(true)
					if op.direct == nil {
						t.Fatal("direct kernels not used")
					}
					for i := range want {
						scale := 1.0 // rounding differences grow with the sums' magnitude
						for _, v := range want[i] {
							scale = max(scale, math.Abs(float64(v)))
						}
						for j := range want[i] {
							if d := math.Abs(float64(got[i][j] - want[i][j])); d > 2e-6*scale {
								t.Fatalf("%d threads: result %d[%d] = %v, GEMM path %v", threads, i, j, got[i][j], want[i][j])
							}
						}
					}
					if first == nil {
						first = got
						continue
					}
					sameBits(t, fmt.Sprintf("%d threads vs 1", threads), got, first)
				}
			})
		}
		vmath.ForceGeneric(prev)
	}
}

// TestConvDirectChoice checks which geometries take the direct kernels.
func TestConvDirectChoice(t *testing.T) {
	base := convGeom{n: 1, big: [3]int{1, 8, 8}, small: [3]int{1, 6, 6}, k: [3]int{1, 3, 3}, s: [3]int{1, 1, 1}, d: [3]int{1, 1, 1}, cb: 1, cs: 32, groups: 1}
	cases := []struct {
		name      string
		edit      func(g *convGeom)
		transpose bool
		want      bool
	}{
		{"conv1", func(*convGeom) {}, false, true},
		{"transpose", func(*convGeom) {}, true, false},
		{"filters not multiple of 32", func(g *convGeom) { g.cs = 16 }, false, false},
		{"too many taps", func(g *convGeom) { g.cb = 4 }, false, false},
		{"groups", func(g *convGeom) { g.cb, g.groups = 2, 2 }, false, false},
	}
	for _, c := range cases {
		g := base
		c.edit(&g)
		if got := newConvDirect(&g, c.transpose) != nil; got != c.want {
			t.Errorf("%s: direct = %v, want %v", c.name, got, c.want)
		}
	}
}
