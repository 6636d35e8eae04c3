package layers

import (
	"fmt"
	"math"

	"github.com/gokeras/keras/tensor"
)

// float32Eps is numpy's finfo(float32).eps.
const float32Eps = 1.1920928955078125e-07

// resizeMethods are the interpolations Resizing accepts (Keras's TensorFlow
// backend list).
var resizeMethods = []string{"bilinear", "nearest", "bicubic", "area", "lanczos3", "lanczos5"}

// axisTaps is a resampling of one axis as a sparse matrix: output o reads
// input indices idx[off[o]:off[o+1]] with weights w[...]. An index of -1
// reads the fill value (pad_to_aspect_ratio's padding).
type axisTaps struct {
	off []int32
	idx []int32
	w   []float32
}

// window maps a virtual source axis (a crop of, or a padding around, the
// real axis) to real indices: virtual v is real start+v-pad, or the fill
// value outside [0, real).
type window struct {
	size, start, pad, real int
}

func (win window) index(v int) int32 {
	r := win.start + v - win.pad
	if r < 0 || r >= win.real {
		return -1
	}
	return int32(r)
}

func (t *axisTaps) add(idx int32, w float32) {
	t.idx = append(t.idx, idx)
	t.w = append(t.w, w)
}

func (t *axisTaps) next() { t.off = append(t.off, int32(len(t.idx))) }

// resizeKernel returns the filter of a scale-and-translate resize (Keras's
// numpy/JAX backend kernels) and its radius.
func resizeKernel(method string) (func(float64) float64, float64) {
	switch method {
	case "bicubic": // Keys cubic, a = -0.5
		return func(x float64) float64 {
			switch {
			case x >= 2:
				return 0
			case x >= 1:
				return ((-0.5*x+2.5)*x-4)*x + 2
			}
			return ((1.5*x-2.5)*x)*x + 1
		}, 2
	case "lanczos3", "lanczos5":
		r := 3.0
		if method == "lanczos5" {
			r = 5
		}
		return func(x float64) float64 {
			if x > r {
				return 0
			}
			if x <= 1e-3 {
				return 1
			}
			return r * math.Sin(math.Pi*x) * math.Sin(math.Pi*x/r) / (math.Pi * math.Pi * x * x)
		}, r
	}
	return func(x float64) float64 { return max(0, 1-math.Abs(x)) }, 1 // bilinear
}

// makeTaps builds the resampling of the window win (size in) to out samples.
//
//   - nearest: input floor((o+0.5)*in/out), computed in float32 as Keras's
//     numpy backend (tf.image.resize with half-pixel centers);
//   - area: TensorFlow's ResizeArea box average;
//   - bilinear, bicubic, lanczos3/5: Keras's scale_and_translate weights
//     (kernel at |(o+0.5)*in/out - 0.5 - i|, normalized); bilinear without
//     antialias equals tf.image.resize(antialias=False). With antialias the
//     kernel is stretched by in/out when downsampling.
//
// An axis whose size does not change is copied, as Keras skips it.
func makeTaps(method string, antialias bool, win window, out int) axisTaps {
	in := win.size
	t := axisTaps{off: make([]int32, 1, out+1)}
	if in == out {
		for o := 0; o < out; o++ {
			t.add(win.index(o), 1)
			t.next()
		}
		return t
	}
	switch method {
	case "nearest":
		for o := 0; o < out; o++ {
			v := int(float32(float32(float32(o)+0.5)*float32(in)) / float32(out))
			t.add(win.index(min(v, in-1)), 1)
			t.next()
		}
		return t
	case "area":
		scale := float64(in) / float64(out)
		for o := 0; o < out; o++ {
			y0, y1 := float64(o)*scale, float64(o+1)*scale
			for i := int(math.Floor(y0)); i < int(math.Ceil(y1)); i++ {
				w := (min(float64(i+1), y1) - max(float64(i), y0)) / scale
				t.add(win.index(min(max(i, 0), in-1)), float32(w))
			}
			t.next()
		}
		return t
	}
	kernel, radius := resizeKernel(method)
	inv := float64(in) / float64(out)
	ks := 1.0
	if antialias {
		ks = max(inv, 1)
	}
	ws := make([]float64, 0, 16)
	for o := 0; o < out; o++ {
		s := (float64(o)+0.5)*inv - 0.5
		lo := max(int(math.Floor(s-radius*ks)), 0)
		hi := min(int(math.Ceil(s+radius*ks)), in-1)
		ws = ws[:0]
		sum := 0.0
		for i := lo; i <= hi; i++ {
			w := kernel(math.Abs(s-float64(i)) / ks)
			ws = append(ws, w)
			sum += w
		}
		if math.Abs(sum) > 1000*float32Eps && s >= -0.5 && s <= float64(in)-0.5 {
			for j, w := range ws {
				if w != 0 {
					t.add(win.index(lo+j), float32(w/sum))
				}
			}
		}
		t.next()
	}
	return t
}

// resizeImgOp resamples the height and width of an image batch with
// separable taps; it serves Resizing, CenterCrop, RandomCrop's
// deterministic branch and the image dataset loader. It is linear in its
// input, so Backward scatters the same weights.
type resizeImgOp struct {
	ig, og imgGeom
	ty, tx axisTaps
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
				for a := op.ty.off[oy]; a < op.ty.off[oy+1]; a++ {
					iy, wy := op.ty.idx[a], op.ty.w[a]
					for e := op.tx.off[ox]; e < op.tx.off[ox+1]; e++ {
						ix, wx := op.tx.idx[e], op.tx.w[e]
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
	winY, winX window
	fill       float32
}

// plainWindows is a resize of the whole image.
func plainWindows(ih, iw int) (window, window) {
	return window{size: ih, real: ih}, window{size: iw, real: iw}
}

// cropWindows is Keras's crop_to_aspect_ratio box (smart_resize): the
// largest centred window with the target aspect ratio.
func cropWindows(ih, iw, th, tw int) (window, window) {
	ch := min(ih, int(float64(iw*th)/float64(tw)))
	ch = max(ch, 1)
	cw := min(iw, int(float64(ih*tw)/float64(th)))
	cw = max(cw, 1)
	return window{size: ch, start: int(float64(ih-ch) / 2), real: ih},
		window{size: cw, start: int(float64(iw-cw) / 2), real: iw}
}

// padWindows is Keras's pad_to_aspect_ratio padding: the same amount on
// both sides of the short axis.
func padWindows(ih, iw, th, tw int) (window, window) {
	ph := max(ih, int(float64(iw*th)/float64(tw)))
	pw := max(iw, int(float64(ih*tw)/float64(th)))
	hs, ws := int(float64(ph-ih)/2), int(float64(pw-iw)/2)
	wy, wx := plainWindows(ih, iw)
	if hs > 0 {
		wy = window{size: ih + 2*hs, pad: hs, real: ih}
	} else if ws > 0 {
		wx = window{size: iw + 2*ws, pad: ws, real: iw}
	}
	return wy, wx
}

// applyResize runs the op described by spec on x.
func applyResize(x *tensor.Tensor, dataFormat string, spec resizeSpec) (*tensor.Tensor, error) {
	if spec.h <= 0 || spec.w <= 0 {
		return nil, fmt.Errorf("the target size must be positive, got (%d, %d)", spec.h, spec.w)
	}
	if spec.winY.size <= 0 || spec.winX.size <= 0 {
		return nil, fmt.Errorf("cannot resize an empty image of shape %v", x.Shape())
	}
	outShape, err := imageOutShape(x.Shape(), dataFormat, spec.h, spec.w)
	if err != nil {
		return nil, err
	}
	op := &resizeImgOp{
		ig: newImgGeom(x.Shape(), dataFormat), og: newImgGeom(outShape, dataFormat),
		ty:   makeTaps(spec.method, spec.antialias, spec.winY, spec.h),
		tx:   makeTaps(spec.method, spec.antialias, spec.winX, spec.w),
		fill: spec.fill,
	}
	return tensor.Apply(op, tensor.Float32, outShape, x)
}
