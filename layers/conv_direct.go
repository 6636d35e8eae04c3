package layers

import "github.com/gokeras/keras/internal/vmath"

// convDirectMaxTaps is the largest im2col row (kernel positions × input
// channels) that convolutions run with the direct kernels: with so few
// taps the GEMM would run far below its peak and im2col would dominate.
const convDirectMaxTaps = 32

// convUseDirect enables the direct kernels (tests turn them off to compare
// with the im2col + GEMM path).
var convUseDirect = true

// convDirect runs a convolution with few taps per output (such as a first
// Conv2D layer on 1- or 3-channel images) without im2col: per output line,
// vmath.ConvTaps computes all filters of each pixel from its taps (bias and
// ReLU fused) and vmath.ConvTapsGrad accumulates the kernel and bias
// gradients. Images that need zero padding are first copied into a padded
// scratch image. The input gradient, when wanted, goes through the GEMM
// path (convOp.spread and col2im).
type convDirect struct {
	g      convGeom
	off    []int  // tap offsets in an image of size dims, Keras's kernel order
	dims   [3]int // spatial size of the images the offsets refer to
	padded bool   // images are copied into zero-padded scratch first
	xstep  int    // input elements between neighbouring outputs of a line
}

// newConvDirect returns the direct kernels for g, or nil when g is not a
// forward convolution with at most convDirectMaxTaps taps, one group and a
// multiple of 32 filters.
func newConvDirect(g *convGeom, transpose bool) *convDirect {
	if !convUseDirect || transpose || g.groups != 1 || g.width() > convDirectMaxTaps || g.cs%32 != 0 {
		return nil
	}
	d := &convDirect{g: *g, dims: g.big, xstep: g.s[2] * g.cb}
	var need [3]int // input extent the outputs read, from the padded start
	for i := range 3 {
		need[i] = (g.small[i]-1)*g.s[i] + (g.k[i]-1)*g.d[i] + 1
		if g.pad[i] != 0 || need[i] > g.big[i] {
			d.padded = true
		}
	}
	if d.padded {
		d.dims = need
	}
	for k0 := range g.k[0] {
		for k1 := range g.k[1] {
			for k2 := range g.k[2] {
				pos := ((k0*g.d[0]*d.dims[1])+k1*g.d[1])*d.dims[2] + k2*g.d[2]
				for c := range g.cb {
					d.off = append(d.off, pos*g.cb+c)
				}
			}
		}
	}
	return d
}

// image returns input image i of x, copied into the zero-padded scratch img
// when the geometry pads.
func (d *convDirect) image(img, x []float32, i int) []float32 {
	g := &d.g
	n := vol3(g.big) * g.cb
	src := x[i*n : (i+1)*n]
	if !d.padded {
		return src
	}
	line := d.dims[2] * g.cb
	for q0 := range d.dims[0] {
		for q1 := range d.dims[1] {
			dst := img[(q0*d.dims[1]+q1)*line : (q0*d.dims[1]+q1+1)*line]
			i0, i1 := q0-g.pad[0], q1-g.pad[1]
			if i0 < 0 || i0 >= g.big[0] || i1 < 0 || i1 >= g.big[1] {
				clear(dst)
				continue
			}
			lo := min(g.pad[2], d.dims[2])          // first position inside the image
			hi := min(d.dims[2], g.big[2]+g.pad[2]) // end of the positions inside
			row := src[(i0*g.big[1]+i1)*g.big[2]*g.cb:]
			clear(dst[:lo*g.cb])
			if hi > lo {
				copy(dst[lo*g.cb:hi*g.cb], row[(lo-g.pad[2])*g.cb:(hi-g.pad[2])*g.cb])
			}
			clear(dst[max(hi, lo)*g.cb:])
		}
	}
	return img
}

// forward computes the outputs y of the images in x (img: padding scratch).
// With mask (its bits for y) it applies the ReLU and records where it let
// values through (vmath.ReluBits), for kernelGrad.
func (d *convDirect) forward(img, x, y, w, bias []float32, mask []uint8) {
	g := &d.g
	outImg, lineLen := vol3(g.small)*g.cs, g.small[2]*g.cs
	for i := range len(y) / outImg {
		in, out := d.image(img, x, i), y[i*outImg:(i+1)*outImg]
		for o0 := range g.small[0] {
			for o1 := range g.small[1] {
				yoff := (o0*g.small[1] + o1) * lineLen
				xoff := ((o0*g.s[0])*d.dims[1] + o1*g.s[1]) * d.dims[2] * g.cb
				line := out[yoff : yoff+lineLen]
				vmath.ConvTaps(line, g.cs, in[xoff:], d.xstep, d.off, w, bias, mask != nil)
				if mask != nil {
					m := (i*outImg + yoff) / 8
					vmath.ReluBits(mask[m:m+lineLen/8], line)
				}
			}
		}
	}
}

// kernelGrad adds the kernel gradient (dw, when not nil) and the bias
// gradient (db, when not nil) of the images in x for the output gradient
// gy, masked by the ReLU bits of forward when mask is not nil (gz: scratch
// for one output line; img: padding scratch).
func (d *convDirect) kernelGrad(img, gz, x, gy []float32, mask []uint8, dw, db []float32) {
	g := &d.g
	outImg, lineLen := vol3(g.small)*g.cs, g.small[2]*g.cs
	off := d.off
	if dw == nil {
		off = nil
	}
	for i := range len(gy) / outImg {
		in := d.image(img, x, i)
		for o0 := range g.small[0] {
			for o1 := range g.small[1] {
				yoff := i*outImg + (o0*g.small[1]+o1)*lineLen
				xoff := ((o0*g.s[0])*d.dims[1] + o1*g.s[1]) * d.dims[2] * g.cb
				grad := gy[yoff : yoff+lineLen]
				if mask != nil {
					vmath.ReluGradBits(gz[:lineLen], grad, mask[yoff/8:(yoff+lineLen)/8])
					grad = gz[:lineLen]
				}
				vmath.ConvTapsGrad(dw, db, g.cs, in[xoff:], d.xstep, off, grad)
			}
		}
	}
}
