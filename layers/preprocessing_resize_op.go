package layers

import (
	"fmt"

	"github.com/gokeras/keras/internal/imgresize"
	"github.com/gokeras/keras/tensor"
)

// resizeMethods are the interpolations Resizing accepts.
var resizeMethods = imgresize.Methods

// resizeImgOp resamples the height and width of an image batch with
// separable taps (internal/imgresize: Keras's weights for each method); it
// serves Resizing, CenterCrop and RandomCrop's deterministic branch. It is
// linear in its input, so Backward scatters the same weights.
type resizeImgOp struct {
	ig, og imgGeom
	ty, tx imgresize.Taps
	fill   float32
}

func (op *resizeImgOp) Name() string { return "resize_images" }

// each calls fn(xoff, yoff, w) for every output pixel's channel-0 offset and
// every input pixel it reads (xoff -1: the fill value) with weight w.
func (op *resizeImgOp) each(fn func(xoff, yoff int, w float32)) {
	ig, og := &op.ig, &op.og
	for b := 0; b < og.n; b++ {
		for oy := 0; oy < og.h; oy++ {
			for ox := 0; ox < og.w; ox++ {
				yoff := b*og.sN + oy*og.sH + ox*og.sW
				for a := op.ty.Off[oy]; a < op.ty.Off[oy+1]; a++ {
					iy, wy := op.ty.Idx[a], op.ty.W[a]
					for e := op.tx.Off[ox]; e < op.tx.Off[ox+1]; e++ {
						ix, wx := op.tx.Idx[e], op.tx.W[e]
						xoff := -1
						if iy >= 0 && ix >= 0 {
							xoff = b*ig.sN + int(iy)*ig.sH + int(ix)*ig.sW
						}
						fn(xoff, yoff, wy*wx)
					}
				}
			}
		}
	}
}

func (op *resizeImgOp) Forward(out *tensor.Tensor, in []*tensor.Tensor) {
	x, y := in[0].Float32s(), out.Float32s()
	clear(y)
	c, isC, osC, fill := op.og.c, op.ig.sC, op.og.sC, op.fill
	op.each(func(xoff, yoff int, w float32) {
		if xoff < 0 {
			for ch := 0; ch < c; ch++ {
				y[yoff+ch*osC] += w * fill
			}
			return
		}
		for ch := 0; ch < c; ch++ {
			y[yoff+ch*osC] += w * x[xoff+ch*isC]
		}
	})
}

func (op *resizeImgOp) Backward(gout, out *tensor.Tensor, in []*tensor.Tensor, gin []*tensor.Tensor) {
	if gin[0] == nil {
		return
	}
	g, gx := gout.Float32s(), gin[0].Float32s()
	c, isC, osC := op.og.c, op.ig.sC, op.og.sC
	op.each(func(xoff, yoff int, w float32) {
		if xoff < 0 {
			return
		}
		for ch := 0; ch < c; ch++ {
			gx[xoff+ch*isC] += w * g[yoff+ch*osC]
		}
	})
}

// resizeSpec is a crop or pad box followed by a resize to (h, w).
type resizeSpec struct {
	h, w       int
	method     string
	antialias  bool
	winY, winX imgresize.Window
	fill       float32
}

// applyResize runs the op described by spec on x.
func applyResize(x *tensor.Tensor, dataFormat string, spec resizeSpec) (*tensor.Tensor, error) {
	if spec.h <= 0 || spec.w <= 0 {
		return nil, fmt.Errorf("the target size must be positive, got (%d, %d)", spec.h, spec.w)
	}
	if spec.winY.Size <= 0 || spec.winX.Size <= 0 {
		return nil, fmt.Errorf("cannot resize an empty image of shape %v", x.Shape())
	}
	outShape, err := imageOutShape(x.Shape(), dataFormat, spec.h, spec.w)
	if err != nil {
		return nil, err
	}
	op := &resizeImgOp{
		ig: newImgGeom(x.Shape(), dataFormat), og: newImgGeom(outShape, dataFormat),
		ty:   imgresize.MakeTaps(spec.method, spec.antialias, spec.winY, spec.h),
		tx:   imgresize.MakeTaps(spec.method, spec.antialias, spec.winX, spec.w),
		fill: spec.fill,
	}
	return tensor.Apply(op, tensor.Float32, outShape, x)
}
