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

func newW2Conv(name string, n, h, w, cin, cout int, inputGrad bool) *w2Conv {
	g := convGeom{n: n, big: [3]int{1, h, w}, small: [3]int{1, h - 2, w - 2}, k: [3]int{1, 3, 3},
		s: [3]int{1, 1, 1}, d: [3]int{1, 1, 1}, cb: cin, cs: cout, groups: 1}
	c := &w2Conv{op: &convOp{g: g, relu: true}, inputGrad: inputGrad, name: name}
	c.in = []*tensor.Tensor{gradcheck.Random(1, 0, 1, n, h, w, cin), gradcheck.Random(2, -0.2, 0.2, 3, 3, cin, cout), gradcheck.Random(3, -0.1, 0.1, cout)}
	c.out = tensor.Zeros(n, h-2, w-2, cout)
	c.gout = gradcheck.Random(4, -1, 1, n, h-2, w-2, cout)
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
	convs := []*w2Conv{newW2Conv("conv1", 128, 28, 28, 1, 32, false), newW2Conv("conv2", 128, 13, 13, 32, 64, true)}
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
