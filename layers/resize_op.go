package layers

import (
	"math"

	"github.com/gokeras/keras/tensor"
)

// resizeOp is the fused nearest / linear upsampling of UpSampling1D/2D/3D.
// Along each spatial axis output index o reads input indices lo[o] and
// hi[o] with weights 1-frac[o] and frac[o] (nearest: lo = hi = o/size,
// frac = 0). Linear weights follow tf.image.resize with half-pixel centers:
// src = (o+0.5)/scale - 0.5, clamped to the input. It shares poolGeom's
// layout description, so channels_first and channels_last use one loop.
type resizeOp struct {
	g      poolGeom
	d      int
	linear bool
	lo, hi [3][]int32
	frac   [3][]float32
}

func newResizeOp(shape tensor.Shape, size []int, dataFormat string, linear bool) (*resizeOp, tensor.Shape) {
	d := len(size)
	r := len(shape)
	sp := spatialAxes(r, dataFormat)
	cax := channelAxis(r, dataFormat)
	out := shape.Clone()
	op := &resizeOp{d: d, linear: linear}
	g := &op.g
	g.batch, g.ch = shape[0], shape[cax]
	for i := 0; i < 3; i++ {
		g.in[i], g.out[i] = 1, 1
	}
	for i := 0; i < d; i++ {
		g.in[i], g.out[i] = shape[sp[i]], shape[sp[i]]*size[i]
		out[sp[i]] = g.out[i]
	}
	xst, yst := shape.Strides(), out.Strides()
	g.xsN, g.xsC, g.ysN, g.ysC = xst[0], xst[cax], yst[0], yst[cax]
	for i := 0; i < d; i++ {
		g.xs[i], g.ys[i] = xst[sp[i]], yst[sp[i]]
	}
	for i := 0; i < 3; i++ {
		n := g.out[i]
		op.lo[i], op.hi[i], op.frac[i] = make([]int32, n), make([]int32, n), make([]float32, n)
		for o := 0; o < n; o++ {
			if !linear || i >= d {
				s := o * g.in[i] / n
				op.lo[i][o], op.hi[i][o] = int32(s), int32(s)
				continue
			}
			src := (float64(o)+0.5)*float64(g.in[i])/float64(n) - 0.5
			f := math.Floor(src)
			lo := max(int(f), 0)
			hi := min(int(math.Ceil(src)), g.in[i]-1)
			op.lo[i][o], op.hi[i][o], op.frac[i][o] = int32(lo), int32(hi), float32(src-f)
		}
	}
	return op, out
}

func (op *resizeOp) Name() string {
	if op.linear {
		return "resize_bilinear"
	}
	return "upsampling"
}

// visit calls fn(xoff, yoff, w) for every output position and each input
// position it reads with weight w (1 for nearest; up to 2^d for linear).
func (op *resizeOp) visit(fn func(xoff, yoff int, w float32)) {
	g := &op.g
	for n := 0; n < g.batch; n++ {
		for o0 := 0; o0 < g.out[0]; o0++ {
			for o1 := 0; o1 < g.out[1]; o1++ {
				for o2 := 0; o2 < g.out[2]; o2++ {
					yoff := n*g.ysN + o0*g.ys[0] + o1*g.ys[1] + o2*g.ys[2]
					base := n * g.xsN
					if !op.linear {
						fn(base+int(op.lo[0][o0])*g.xs[0]+int(op.lo[1][o1])*g.xs[1]+int(op.lo[2][o2])*g.xs[2], yoff, 1)
						continue
					}
					o := [3]int{o0, o1, o2}
					for corner := 0; corner < 1<<op.d; corner++ {
						w, xoff := float32(1), base
						for i := 0; i < 3; i++ {
							idx, f := op.lo[i][o[i]], op.frac[i][o[i]]
							if corner>>i&1 == 1 {
								idx, w = op.hi[i][o[i]], w*f
							} else {
								w *= 1 - f
							}
							xoff += int(idx) * g.xs[i]
						}
						if w != 0 {
							fn(xoff, yoff, w)
						}
					}
				}
			}
		}
	}
}

func (op *resizeOp) Forward(out *tensor.Tensor, in []*tensor.Tensor) {
	x, y := in[0].Float32s(), out.Float32s()
	g := &op.g
	C := g.ch
	clear(y)
	op.visit(func(xoff, yoff int, w float32) {
		if g.xsC == 1 && g.ysC == 1 {
			xr, yr := x[xoff:xoff+C], y[yoff:yoff+C]
			for c, v := range xr {
				yr[c] += w * v
			}
			return
		}
		for c := 0; c < C; c++ {
			y[yoff+c*g.ysC] += w * x[xoff+c*g.xsC]
		}
	})
}

func (op *resizeOp) Backward(gout, out *tensor.Tensor, in []*tensor.Tensor, gin []*tensor.Tensor) {
	if gin[0] == nil {
		return
	}
	gx, gy := gin[0].Float32s(), gout.Float32s()
	g := &op.g
	C := g.ch
	op.visit(func(xoff, yoff int, w float32) {
		if g.xsC == 1 && g.ysC == 1 {
			gr, yr := gx[xoff:xoff+C], gy[yoff:yoff+C]
			for c, v := range yr {
				gr[c] += w * v
			}
			return
		}
		for c := 0; c < C; c++ {
			gx[xoff+c*g.xsC] += w * gy[yoff+c*g.ysC]
		}
	})
}
