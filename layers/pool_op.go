package layers

import (
	"math"

	"github.com/gokeras/keras/internal/gemm"
	"github.com/gokeras/keras/internal/vmath"
	"github.com/gokeras/keras/tensor"
)

// poolGeom is the geometry of a 1-, 2- or 3-d pooling: spatial sizes (unused
// trailing dimensions have size 1), window, strides, leading padding, and
// the element strides of the batch, channel and spatial axes of the input
// and the output, so that channels_first and channels_last share one loop.
type poolGeom struct {
	batch, ch    int
	in, out      [3]int
	pool, stride [3]int
	pad          [3]int
	xsN, xsC     int
	xs           [3]int
	ysN, ysC     int
	ys           [3]int
}

// newPoolGeom computes the geometry for an input shape (batch first) in the
// given data format. padding is "valid" or "same" (TensorFlow's padding:
// out = ceil(in/stride), the extra padding split with the larger half after).
func newPoolGeom(shape tensor.Shape, pool, stride []int, same bool, dataFormat string) (poolGeom, tensor.Shape) {
	var g poolGeom
	d := len(pool)
	r := len(shape)
	g.batch = shape[0]
	sp := spatialAxes(r, dataFormat)
	cax := channelAxis(r, dataFormat)
	g.ch = shape[cax]
	outShape := shape.Clone()
	for i := 0; i < 3; i++ {
		g.in[i], g.out[i], g.pool[i], g.stride[i] = 1, 1, 1, 1
	}
	for i := 0; i < d; i++ {
		n := shape[sp[i]]
		g.in[i], g.pool[i], g.stride[i] = n, pool[i], stride[i]
		if same {
			g.out[i] = (n + stride[i] - 1) / stride[i]
			total := max((g.out[i]-1)*stride[i]+pool[i]-n, 0)
			g.pad[i] = total / 2
		} else {
			g.out[i] = (n-pool[i])/stride[i] + 1
		}
		outShape[sp[i]] = g.out[i]
	}
	xst, yst := shape.Strides(), outShape.Strides()
	g.xsN, g.xsC, g.ysN, g.ysC = xst[0], xst[cax], yst[0], yst[cax]
	for i := 0; i < d; i++ {
		g.xs[i], g.ys[i] = xst[sp[i]], yst[sp[i]]
	}
	return g, outShape
}

// window returns the clipped input range [lo, hi) of output position o
// along spatial dimension i.
func (g *poolGeom) window(i, o int) (lo, hi int) {
	s := o*g.stride[i] - g.pad[i]
	return max(s, 0), min(s+g.pool[i], g.in[i])
}

// poolOp is the fused max or average pooling of MaxPooling1D/2D/3D and
// AveragePooling1D/2D/3D. Max pooling records, per output element, the flat
// input index of its maximum for Backward; average pooling divides by the
// number of window positions inside the input (TensorFlow's "same" average
// excludes the padding). The batch is split over the gemm worker pool.
//
// 2×2 max pooling with stride 2 and no padding on channels_last data with
// a multiple of 8 channels (MaxPooling2D's default) takes a fast path
// (vmath.MaxPool2x2): pairs of input rows in one pass, the winning window
// position kept in 2 bits per output (pair) instead of a flat index.
type poolOp struct {
	g      poolGeom
	max    bool
	arg    []int32
	pair   []uint16  // fast path: winning positions, 8 outputs per word
	x, y   []float32 // operands of the running pass
	gx, gy []float32
	fwd    func(lo, hi int)
	bwd    func(lo, hi int)
	bwdSet func(lo, hi int) // Backward writing gx instead of adding
}

func newPoolOp(g poolGeom, isMax bool, outSize int) *poolOp {
	op := &poolOp{g: g, max: isMax}
	switch {
	case isMax && g.pairs():
		op.pair = make([]uint16, outSize/8)
	case isMax:
		op.arg = make([]int32, outSize)
	}
	op.fwd, op.bwd, op.bwdSet = op.forwardRange, op.backwardRange, op.backwardRangeSet
	if op.pair != nil {
		op.fwd, op.bwd, op.bwdSet = op.forwardPairs, op.backwardPairs, op.backwardPairsSet
	}
	return op
}

func (op *poolOp) Name() string {
	if op.max {
		return "max_pool"
	}
	return "average_pool"
}

// pairs reports whether the geometry is 2×2 pooling with stride 2 and no
// padding over channels_last data with a multiple of 8 channels, the fast
// path of vmath.MaxPool2x2.
func (g *poolGeom) pairs() bool {
	two := [3]int{2, 2, 1}
	return g.pool == two && g.stride == two && g.pad == [3]int{} && g.in[2] == 1 &&
		g.xsC == 1 && g.ysC == 1 && g.ch%8 == 0 &&
		2*g.out[0] <= g.in[0] && 2*g.out[1] <= g.in[1]
}

// pairRows returns, for sample n and output row o, the offsets of the two
// input rows and of the output row.
func (g *poolGeom) pairRows(n, o int) (a, b, y int) {
	a = n*g.xsN + 2*o*g.xs[0]
	return a, a + g.xs[0], n*g.ysN + o*g.ys[0]
}

func (op *poolOp) forwardPairs(lo, hi int) {
	g := &op.g
	w, rowOut := 2*g.out[1]*g.ch, g.out[1]*g.ch
	for n := lo; n < hi; n++ {
		for o := range g.out[0] {
			a, b, y := g.pairRows(n, o)
			vmath.MaxPool2x2(op.y[y:y+rowOut], op.pair[y/8:(y+rowOut)/8], op.x[a:a+w], op.x[b:b+w], g.ch)
		}
	}
}

func (op *poolOp) backwardPairs(lo, hi int) {
	g := &op.g
	w, rowOut := 2*g.out[1]*g.ch, g.out[1]*g.ch
	for n := lo; n < hi; n++ {
		for o := range g.out[0] {
			a, b, y := g.pairRows(n, o)
			vmath.MaxPool2x2Grad(op.gx[a:a+w], op.gx[b:b+w], op.gy[y:y+rowOut], op.pair[y/8:(y+rowOut)/8], g.ch)
		}
	}
}

// backwardPairsSet is backwardPairs writing the gradient: the windows'
// inputs get gy or 0, the inputs no window covers (an odd last row or
// column) get 0.
func (op *poolOp) backwardPairsSet(lo, hi int) {
	g := &op.g
	w, rowOut, row := 2*g.out[1]*g.ch, g.out[1]*g.ch, g.xs[0]
	for n := lo; n < hi; n++ {
		for o := range g.out[0] {
			a, b, y := g.pairRows(n, o)
			vmath.MaxPool2x2GradSet(op.gx[a:a+w], op.gx[b:b+w], op.gy[y:y+rowOut], op.pair[y/8:(y+rowOut)/8], g.ch)
			clear(op.gx[a+w : a+row])
			clear(op.gx[b+w : b+row])
		}
		clear(op.gx[n*g.xsN+2*g.out[0]*row : (n+1)*g.xsN])
	}
}

// backwardRangeSet clears the samples' gradients, then adds to them.
func (op *poolOp) backwardRangeSet(lo, hi int) {
	clear(op.gx[lo*op.g.xsN : hi*op.g.xsN])
	op.backwardRange(lo, hi)
}

func (op *poolOp) Forward(out *tensor.Tensor, in []*tensor.Tensor) {
	op.x, op.y = in[0].Float32s(), out.Float32s()
	gemm.ParallelFor(op.g.batch, 1, op.fwd)
	op.x, op.y = nil, nil
}

func (op *poolOp) Backward(gout, out *tensor.Tensor, in []*tensor.Tensor, gin []*tensor.Tensor) {
	if gin[0] == nil {
		return
	}
	op.gx, op.gy = gin[0].Float32s(), gout.Float32s()
	gemm.ParallelFor(op.g.batch, 1, op.bwd)
	op.gx, op.gy = nil, nil
}

// BackwardOverwrite writes a first-written input gradient instead of adding.
func (op *poolOp) BackwardOverwrite(gout, out *tensor.Tensor, in []*tensor.Tensor, gin []*tensor.Tensor, first []bool) {
	if gin[0] == nil || !first[0] {
		op.Backward(gout, out, in, gin)
		return
	}
	op.gx, op.gy = gin[0].Float32s(), gout.Float32s()
	gemm.ParallelFor(op.g.batch, 1, op.bwdSet)
	op.gx, op.gy = nil, nil
}

// eachOut calls fn for every output position of samples [lo, hi) with the
// output offset (channel 0), the clipped window ranges and its size.
func (g *poolGeom) eachOut(lo, hi int, fn func(yoff int, w [3][2]int, count int)) {
	var w [3][2]int
	for n := lo; n < hi; n++ {
		for o0 := 0; o0 < g.out[0]; o0++ {
			w[0][0], w[0][1] = g.window(0, o0)
			for o1 := 0; o1 < g.out[1]; o1++ {
				w[1][0], w[1][1] = g.window(1, o1)
				for o2 := 0; o2 < g.out[2]; o2++ {
					w[2][0], w[2][1] = g.window(2, o2)
					count := (w[0][1] - w[0][0]) * (w[1][1] - w[1][0]) * (w[2][1] - w[2][0])
					fn(n*g.ysN+o0*g.ys[0]+o1*g.ys[1]+o2*g.ys[2], w, count)
				}
			}
		}
	}
}

func (op *poolOp) forwardRange(lo, hi int) {
	g := &op.g
	x, y, C := op.x, op.y, g.ch
	for n := lo; n < hi; n++ {
		xn := n * g.xsN
		g.eachOut(n, n+1, func(yoff int, w [3][2]int, count int) {
			if op.max && g.xsC == 1 && g.ysC == 1 && count > 0 {
				op.maxWindow(x, y, xn, yoff, w)
				return
			}
			if op.max {
				for c := 0; c < C; c++ {
					y[yoff+c*g.ysC] = float32(math.Inf(-1))
					op.arg[yoff+c*g.ysC] = -1
				}
			} else {
				for c := 0; c < C; c++ {
					y[yoff+c*g.ysC] = 0
				}
			}
			for i0 := w[0][0]; i0 < w[0][1]; i0++ {
				for i1 := w[1][0]; i1 < w[1][1]; i1++ {
					for i2 := w[2][0]; i2 < w[2][1]; i2++ {
						xoff := xn + i0*g.xs[0] + i1*g.xs[1] + i2*g.xs[2]
						if op.max {
							op.maxInto(x, y, xoff, yoff)
						} else if g.xsC == 1 && g.ysC == 1 {
							xr, yr := x[xoff:xoff+C], y[yoff:yoff+C]
							for c, v := range xr {
								yr[c] += v
							}
						} else {
							for c := 0; c < C; c++ {
								y[yoff+c*g.ysC] += x[xoff+c*g.xsC]
							}
						}
					}
				}
			}
			if !op.max {
				inv := 1 / float32(count)
				for c := 0; c < C; c++ {
					y[yoff+c*g.ysC] *= inv
				}
			}
		})
	}
}

// maxWindow is max pooling of one output position for channels_last data:
// the first window position initializes the maxima and their indices, the
// others fold in (the first maximum wins ties; NaN propagates as in maxInto).
func (op *poolOp) maxWindow(x, y []float32, xn, yoff int, w [3][2]int) {
	g := &op.g
	C := g.ch
	yr, ar := y[yoff:yoff+C], op.arg[yoff:yoff+C]
	first := true
	for i0 := w[0][0]; i0 < w[0][1]; i0++ {
		for i1 := w[1][0]; i1 < w[1][1]; i1++ {
			for i2 := w[2][0]; i2 < w[2][1]; i2++ {
				xoff := xn + i0*g.xs[0] + i1*g.xs[1] + i2*g.xs[2]
				xr := x[xoff : xoff+C]
				if first {
					copy(yr, xr)
					for c := range ar {
						ar[c] = int32(xoff + c)
					}
					first = false
					continue
				}
				for c, v := range xr {
					if v > yr[c] {
						yr[c], ar[c] = v, int32(xoff+c)
					}
				}
			}
		}
	}
}

// maxInto folds one window position into the running maxima (the first
// maximum wins ties, as in TensorFlow and PyTorch).
func (op *poolOp) maxInto(x, y []float32, xoff, yoff int) {
	g := &op.g
	if g.xsC == 1 && g.ysC == 1 {
		C := g.ch
		xr, yr, ar := x[xoff:xoff+C], y[yoff:yoff+C], op.arg[yoff:yoff+C]
		for c, v := range xr {
			if v > yr[c] || ar[c] < 0 {
				yr[c], ar[c] = v, int32(xoff+c)
			}
		}
		return
	}
	for c := 0; c < g.ch; c++ {
		j, v := yoff+c*g.ysC, x[xoff+c*g.xsC]
		if v > y[j] || op.arg[j] < 0 {
			y[j], op.arg[j] = v, int32(xoff+c*g.xsC)
		}
	}
}

func (op *poolOp) backwardRange(lo, hi int) {
	g := &op.g
	gx, gy, C := op.gx, op.gy, g.ch
	if op.max {
		// Each sample's outputs point into that sample's inputs only.
		for j := lo * g.ysN; j < hi*g.ysN; j++ {
			gx[op.arg[j]] += gy[j]
		}
		return
	}
	for n := lo; n < hi; n++ {
		xn := n * g.xsN
		g.eachOut(n, n+1, func(yoff int, w [3][2]int, count int) {
			inv := 1 / float32(count)
			for i0 := w[0][0]; i0 < w[0][1]; i0++ {
				for i1 := w[1][0]; i1 < w[1][1]; i1++ {
					for i2 := w[2][0]; i2 < w[2][1]; i2++ {
						xoff := xn + i0*g.xs[0] + i1*g.xs[1] + i2*g.xs[2]
						for c := 0; c < C; c++ {
							gx[xoff+c*g.xsC] += gy[yoff+c*g.ysC] * inv
						}
					}
				}
			}
		})
	}
}
