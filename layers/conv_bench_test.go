package layers

import (
	"testing"

	"github.com/gokeras/keras/internal/gradcheck"
	"github.com/gokeras/keras/tensor"
)

// w2Conv is one convolution of the W2 benchmark model (MNIST CNN, batch
// 128): its op with input, kernel, bias, output and gradient tensors, run
// the way a compiled training step replays it.
type w2Conv struct {
	op           *convOp
	in, gin      []*tensor.Tensor
	out, gout    *tensor.Tensor
	inputGrad    bool
	name         string
	flopsPerStep float64
}

// newW2Conv builds a 3×3 'valid' convolution with a fused ReLU and a dense
// output gradient.
func newW2Conv(name string, n, h, w, cin, cout int, inputGrad bool) *w2Conv {
	return newW2ConvGrad(name, n, h, w, cin, cout, inputGrad, false)
}

// newW2ConvGrad is newW2Conv; with sparse, the output gradient is zero but
// for one value per 2×2 window and channel, as behind a max pooling.
func newW2ConvGrad(name string, n, h, w, cin, cout int, inputGrad, sparse bool) *w2Conv {
	g := convGeom{n: n, big: [3]int{1, h, w}, small: [3]int{1, h - 2, w - 2}, k: [3]int{1, 3, 3},
		s: [3]int{1, 1, 1}, d: [3]int{1, 1, 1}, cb: cin, cs: cout, groups: 1}
	c := &w2Conv{op: &convOp{g: g, relu: true}, inputGrad: inputGrad, name: name}
	c.in = []*tensor.Tensor{gradcheck.Random(1, 0, 1, n, h, w, cin), gradcheck.Random(2, -0.2, 0.2, 3, 3, cin, cout), gradcheck.Random(3, -0.1, 0.1, cout)}
	c.out = tensor.Zeros(n, h-2, w-2, cout)
	c.gout = gradcheck.Random(4, -1, 1, n, h-2, w-2, cout)
	if sparse {
		// Behind a 2×2 max pooling, one value of each window and channel
		// gets a gradient.
		gs := c.gout.Float32s()
		for i := range gs {
			if pix := i / cout; (pix*7+i%cout*3)%4 != 0 {
				gs[i] = 0
			}
		}
	}
	c.gin = []*tensor.Tensor{nil, tensor.Zeros(3, 3, cin, cout), tensor.Zeros(cout)}
	if inputGrad {
		c.gin[0] = tensor.Zeros(n, h, w, cin)
	}
	macs := float64(n * (h - 2) * (w - 2) * 9 * cin * cout)
	c.flopsPerStep = 2 * macs * 2
	if inputGrad {
		c.flopsPerStep += 2 * macs
	}
	return c
}

func (c *w2Conv) step() {
	c.op.Forward(c.out, c.in)
	c.op.Backward(c.gout, c.out, c.in, c.gin)
}

// BenchmarkConv2DTrainStep times forward + backward of the two convolutions
// of the W2 model (Conv2D(32, 3x3, relu) on 28x28x1 and Conv2D(64, 3x3,
// relu) on 13x13x32, batch 128), with the gradients a training step needs
// (no input gradient for the first layer, whose input is the data).
func BenchmarkConv2DTrainStep(b *testing.B) {
	convs := []*w2Conv{newW2ConvGrad("conv1", 128, 28, 28, 1, 32, false, true), newW2ConvGrad("conv2", 128, 13, 13, 32, 64, true, true)}
	for _, c := range convs {
		b.Run(c.name, func(b *testing.B) {
			c.step()
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				c.step()
			}
			b.ReportMetric(c.flopsPerStep*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
	b.Run("both", func(b *testing.B) {
		for _, c := range convs {
			c.step()
		}
		b.ReportAllocs()
		b.ResetTimer()
		for range b.N {
			for _, c := range convs {
				c.step()
			}
		}
	})
}

// BenchmarkConvDirect compares the direct kernels with im2col + GEMM on
// first-layer convolutions (forward + kernel gradient, batch 32): MNIST
// (28×28×1) and CIFAR-like (32×32×3, 'same') inputs.
func BenchmarkConvDirect(b *testing.B) {
	cases := []directCase{
		{name: "mnist_3x3x1_32", n: 32, big: []int{28, 28}, k: []int{3, 3}, s: []int{1, 1}, d: []int{1, 1}, cin: 1, cout: 32, padding: "valid", relu: true, bias: true},
		{name: "cifar_3x3x3_64", n: 32, big: []int{32, 32}, k: []int{3, 3}, s: []int{1, 1}, d: []int{1, 1}, cin: 3, cout: 64, padding: "same", relu: true, bias: true},
	}
	for _, c := range cases {
		for _, direct := range []bool{true, false} {
			name := c.name + "/gemm"
			if direct {
				name = c.name + "/direct"
			}
			_, _, step := c.build(direct)
			b.Run(name, func(b *testing.B) {
				for range b.N {
					step()
				}
			})
		}
	}
}
