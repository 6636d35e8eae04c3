package layers

import (
	"math"

	"github.com/gokeras/keras/tensor"
)

// affineFillModes are the fill modes of RandomRotation, RandomTranslation
// and RandomZoom.
var affineFillModes = []string{"reflect", "wrap", "constant", "nearest"}

// affineDraw fills t[b] with the transform of image b, for images of the
// given height and width. It draws from r; it is called once per Forward.
type affineDraw func(r *rngOp, h, w int, t [][6]float32)

// affineOp is Keras's ops.image.affine_transform with transforms drawn on
// every Forward. Transform [a0 a1 a2 b0 b1 b2] maps output pixel (x, y) to
// input point (a0*x + a1*y + a2, b0*x + b1*y + b2) (TensorFlow's
// ImageProjectiveTransform convention, as in Keras). The point is sampled
// like Keras's numpy backend (scipy's map_coordinates over a padded image):
// "nearest" interpolation reads pixel floor(p+0.5), "bilinear" blends the
// four neighbours; a neighbour outside the image reads fill_value
// ("constant"), the edge pixel ("nearest"), its mirror image about the edge
// ("reflect": dcba|abcd|dcba) or the opposite side ("wrap": abcd|abcd).
// It is linear in its input, so Backward scatters the same weights.
type affineOp struct {
	name    string
	g       imgGeom
	rngOp   rngOp
	draw    affineDraw
	tf      [][6]float32
	mode    string
	nearest bool
	fill    float32
}

func (op *affineOp) Name() string { return op.name }

// mapIndex maps a possibly out-of-range index along an axis of length n.
func mapIndex(i, n int, mode string) (int, bool) {
	if i >= 0 && i < n {
		return i, true
	}
	switch mode {
	case "nearest":
		return min(max(i, 0), n-1), true
	case "reflect":
		p := 2 * n
		i = ((i % p) + p) % p
		if i >= n {
			i = p - 1 - i
		}
		return i, true
	case "wrap":
		return ((i % n) + n) % n, true
	}
	return 0, false // constant
}

// each calls fn(xoff, yoff, w) for every output pixel (channel-0 offset
// yoff) and each input pixel it reads (xoff, or -1 for the fill value).
func (op *affineOp) each(fn func(xoff, yoff int, w float32)) {
	g := &op.g
	for b := 0; b < g.n; b++ {
		t := &op.tf[b]
		for y := 0; y < g.h; y++ {
			fy := float32(y)
			for x := 0; x < g.w; x++ {
				fx := float32(x)
				// explicit conversions keep the float32 rounding of each
				// product (no fused multiply-add), as numpy computes it
				px := float32(t[0]*fx) + float32(t[1]*fy) + t[2]
				py := float32(t[3]*fx) + float32(t[4]*fy) + t[5]
				yoff := b*g.sN + y*g.sH + x*g.sW
				if op.nearest {
					op.read(fn, b, int(math.Floor(float64(py)+0.5)), int(math.Floor(float64(px)+0.5)), yoff, 1)
					continue
				}
				y0, x0 := float32(math.Floor(float64(py))), float32(math.Floor(float64(px)))
				dy, dx := py-y0, px-x0
				iy, ix := int(y0), int(x0)
				op.read(fn, b, iy, ix, yoff, (1-dy)*(1-dx))
				op.read(fn, b, iy, ix+1, yoff, (1-dy)*dx)
				op.read(fn, b, iy+1, ix, yoff, dy*(1-dx))
				op.read(fn, b, iy+1, ix+1, yoff, dy*dx)
			}
		}
	}
}

func (op *affineOp) read(fn func(xoff, yoff int, w float32), b, iy, ix, yoff int, w float32) {
	if w == 0 {
		return
	}
	g := &op.g
	my, oky := mapIndex(iy, g.h, op.mode)
	mx, okx := mapIndex(ix, g.w, op.mode)
	if !oky || !okx {
		fn(-1, yoff, w)
		return
	}
	fn(b*g.sN+my*g.sH+mx*g.sW, yoff, w)
}

func (op *affineOp) Forward(out *tensor.Tensor, in []*tensor.Tensor) {
	if op.draw != nil {
		op.rngOp.reseed()
		op.draw(&op.rngOp, op.g.h, op.g.w, op.tf)
	}
	x, y := in[0].Float32s(), out.Float32s()
	clear(y)
	c, sC, fill := op.g.c, op.g.sC, op.fill
	op.each(func(xoff, yoff int, w float32) {
		if xoff < 0 {
			for ch := 0; ch < c; ch++ {
				y[yoff+ch*sC] += w * fill
			}
			return
		}
		for ch := 0; ch < c; ch++ {
			y[yoff+ch*sC] += w * x[xoff+ch*sC]
		}
	})
}

func (op *affineOp) Backward(gout, out *tensor.Tensor, in []*tensor.Tensor, gin []*tensor.Tensor) {
	if gin[0] == nil {
		return
	}
	g, gx := gout.Float32s(), gin[0].Float32s()
	c, sC := op.g.c, op.g.sC
	op.each(func(xoff, yoff int, w float32) {
		if xoff < 0 {
			return
		}
		for ch := 0; ch < c; ch++ {
			gx[xoff+ch*sC] += w * g[yoff+ch*sC]
		}
	})
}

// applyAffine runs an affineOp whose transforms come from draw.
func applyAffine(name string, x *tensor.Tensor, dataFormat string, r rngOp, draw affineDraw, mode, interp string, fill float64) (*tensor.Tensor, error) {
	g := newImgGeom(x.Shape(), dataFormat)
	op := &affineOp{name: name, g: g, rngOp: r, draw: draw, tf: make([][6]float32, g.n),
		mode: mode, nearest: interp == "nearest", fill: float32(fill)}
	return tensor.Apply(op, tensor.Float32, x.Shape().Clone(), x)
}

// rotationMatrix is Keras's _compute_affine_matrix for a rotation by angle
// degrees about the image centre, in float32 as Keras computes it.
func rotationMatrix(angle float32, h, w int) [6]float32 {
	theta := angle * float32(math.Pi/180)
	c, s := float32(math.Cos(float64(theta))), float32(math.Sin(float64(theta)))
	cx, cy := 0.5*float32(w-1), 0.5*float32(h-1)
	a0, a1 := c, -s
	b0, b1 := s, c
	return [6]float32{a0, a1, cx - cx*a0 - cy*a1, b0, b1, cy - cx*b0 - cy*b1}
}
