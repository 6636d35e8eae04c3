package layers

import (
	"fmt"

	"github.com/gokeras/keras/internal/vmath"
)

// convGeom is the geometry of one N-d convolution (N = 1, 2 or 3) in
// channels_last layout, seen as the forward convolution from a "big" tensor
// (batch, big..., cb) to a "small" one (batch, small..., cs):
//
//	small[o] = Σ_k big[o*s + k*d - pad] · W[k]
//
// Conv layers run it forwards; transposed convolutions run it backwards (big
// is their output). Spatial dimensions are stored as three, with leading
// dimensions of size 1 for N < 3, so one set of loops serves every rank.
//
// The im2col matrix has one row per small position and, per row, the
// channels grouped as [group][kernel position][channel in group], so that
// each group's columns form one contiguous block for a strided GEMM (with
// groups = 1 this is the plain [kernel position][channel] order that matches
// Keras's kernel layout (k..., cin, cout)).
type convGeom struct {
	n          int    // batch
	big, small [3]int // spatial sizes
	k, s, d    [3]int // kernel size, stride, dilation
	pad        [3]int // zero padding before the first big position
	cb, cs     int    // channels of the big and small tensors
	groups     int
	// ones appends a constant 1 to every im2col row (after the taps), so
	// that the kernel gradient GEMM also yields the bias gradient.
	ones bool
}

func vol3(v [3]int) int { return v[0] * v[1] * v[2] }

// kvol is the number of kernel positions.
func (g *convGeom) kvol() int { return vol3(g.k) }

// width is the length of an im2col row.
func (g *convGeom) width() int { return g.kvol() * g.cb }

// ld is the stride between im2col rows.
func (g *convGeom) ld() int {
	if g.ones {
		return g.width() + 1
	}
	return g.width()
}

// spread3 left-pads a rank-N list to three dimensions with fill.
func spread3(v []int, fill int) [3]int {
	out := [3]int{fill, fill, fill}
	copy(out[3-len(v):], v)
	return out
}

// convOutLen is Keras's output length of a convolution along one axis
// (compute_conv_output_shape); -1 (unknown) stays -1.
func convOutLen(in, k, s, d int, padding string) int {
	if in < 0 {
		return -1
	}
	if padding == "valid" {
		x := in - d*(k-1) - 1
		if x < 0 {
			return 0 // invalid: reported by the caller
		}
		return x/s + 1
	}
	return (in-1)/s + 1 // "same" and "causal"
}

// convTransposeOutLen is Keras's output length of a transposed convolution
// along one axis (backend_utils._get_output_shape_given_tf_padding);
// outPad < 0 means output_padding=None.
func convTransposeOutLen(in, k, s, d int, padding string, outPad int) int {
	if in < 0 {
		return -1
	}
	keff := (k-1)*d + 1
	if padding == "valid" {
		if outPad < 0 {
			outPad = max(keff, s) - keff
		}
		return (in-1)*s + keff + outPad
	}
	if outPad < 0 {
		return in * s
	}
	return (in-1)*s + keff%2 + outPad
}

// convPadBefore is the padding before the first big position, as
// TensorFlow's conv and conv_transpose place it: "same" splits the total
// padding with the odd element after (right/bottom), "causal" pads only
// before.
func convPadBefore(big, small, k, s, d int, padding string) int {
	keff := (k-1)*d + 1
	switch padding {
	case "same":
		return max((small-1)*s+keff-big, 0) / 2
	case "causal":
		return keff - 1
	}
	return 0
}

// setPads fills g.pad from the sizes, kernel and padding mode.
func (g *convGeom) setPads(padding string) {
	for i := range 3 {
		g.pad[i] = convPadBefore(g.big[i], g.small[i], g.k[i], g.s[i], g.d[i], padding)
	}
}

// String describes the geometry for error messages and tests.
func (g *convGeom) String() string {
	return fmt.Sprintf("conv(n=%d big=%v×%d small=%v×%d k=%v s=%v d=%v pad=%v groups=%d)",
		g.n, g.big, g.cb, g.small, g.cs, g.k, g.s, g.d, g.pad, g.groups)
}

// im2col writes the im2col rows of the first n images of big into cols;
// positions in the padding are zero.
func (g *convGeom) im2col(big, cols []float32, n int) { g.walk(big, cols, n, false) }

// col2im adds the im2col rows in cols back into the first n images of big
// (the adjoint of im2col).
func (g *convGeom) col2im(cols, big []float32, n int) { g.walk(big, cols, n, true) }

// walk visits every (small position, kernel position) pair of n images,
// moving channel runs from big to cols (add = false) or adding them from
// cols into big (add = true). The innermost loop runs along the last
// spatial axis. With one group and no dilation along that axis, the kernel
// taps of an interior position form a single contiguous run of k[2]*cb
// values on both sides.
func (g *convGeom) walk(big, cols []float32, n int, add bool) {
	ld := g.ld()
	bigImg := vol3(g.big) * g.cb
	lineLen := g.big[2] * g.cb
	r := 0 // first im2col row of the current output line
	for b := range n {
		img := big[b*bigImg : (b+1)*bigImg]
		for o0 := 0; o0 < g.small[0]; o0++ {
			for o1 := 0; o1 < g.small[1]; o1++ {
				rows := cols[r*ld : (r+g.small[2])*ld]
				r += g.small[2]
				kp := 0
				for k0 := 0; k0 < g.k[0]; k0++ {
					i0 := o0*g.s[0] + k0*g.d[0] - g.pad[0]
					for k1 := 0; k1 < g.k[1]; k1++ {
						i1 := o1*g.s[1] + k1*g.d[1] - g.pad[1]
						if i0 < 0 || i0 >= g.big[0] || i1 < 0 || i1 >= g.big[1] {
							if !add {
								g.zeroTaps(rows, kp, g.k[2])
							}
						} else {
							off := (i0*g.big[1] + i1) * lineLen
							g.line(img[off:off+lineLen], rows, kp, add)
						}
						kp += g.k[2]
					}
				}
			}
		}
	}
}

// line moves the taps kp..kp+k[2]-1 of one output line (small[2] im2col
// rows) from or to one line of the big image. Positions whose taps all lie
// inside the line, with one group and no dilation, move as runs of
// k[2]*cb values, all of them in one strided copy (vmath.ConvCopyRows, or
// vmath.ConvAddRows for col2im, which keeps the order of the additions);
// the others go tap by tap.
func (g *convGeom) line(line, rows []float32, kp int, add bool) {
	ld, width, cb, s2, p2 := g.ld(), g.width(), g.cb, g.s[2], g.pad[2]
	lo, hi := g.small[2], g.small[2] // interior positions [lo, hi)
	if g.groups == 1 && g.d[2] == 1 {
		lo = min((p2+s2-1)/s2, g.small[2])
		if last := g.big[2] - g.k[2] + p2; last >= 0 {
			hi = max(lo, min(g.small[2], last/s2+1))
		} else {
			hi = lo
		}
	}
	for o2 := 0; o2 < g.small[2]; o2++ {
		if o2 == lo {
			o2 = hi
			if o2 == g.small[2] {
				break
			}
		}
		g.taps(line, rows[o2*ld:o2*ld+width], kp, o2*s2-p2, add)
	}
	if hi > lo {
		n := g.k[2] * cb
		d, s := lo*ld+kp*cb, (lo*s2-p2)*cb
		rows, src := rows[d:], line[s:]
		if add {
			vmath.ConvAddRows(src, s2*cb, rows, ld, n, hi-lo)
		} else {
			vmath.ConvCopyRows(rows, ld, src, s2*cb, n, hi-lo)
		}
	}
}

// taps moves the taps kp..kp+k[2]-1 of one im2col row one by one, per
// group, skipping (or, when copying, zeroing) those in the padding.
func (g *convGeom) taps(line, row []float32, kp, first int, add bool) {
	cg := g.cb / g.groups
	kc := g.kvol() * cg
	for k2 := 0; k2 < g.k[2]; k2++ {
		i2 := first + k2*g.d[2]
		in := i2 >= 0 && i2 < g.big[2]
		for grp := range g.groups {
			dst := row[grp*kc+(kp+k2)*cg : grp*kc+(kp+k2+1)*cg]
			switch {
			case in && add:
				src := line[i2*g.cb+grp*cg : i2*g.cb+(grp+1)*cg]
				for i, v := range dst {
					src[i] += v
				}
			case in:
				copy(dst, line[i2*g.cb+grp*cg:i2*g.cb+(grp+1)*cg])
			default:
				if !add {
					clear(dst)
				}
			}
		}
	}
}

// zeroTaps clears taps kp..kp+k[2]-1 of every row of one output line.
func (g *convGeom) zeroTaps(rows []float32, kp, count int) {
	ld := g.ld()
	cg := g.cb / g.groups
	kc := g.kvol() * cg
	for o2 := 0; o2 < g.small[2]; o2++ {
		row := rows[o2*ld : o2*ld+kc*g.groups]
		for grp := range g.groups {
			clear(row[grp*kc+kp*cg : grp*kc+(kp+count)*cg])
		}
	}
}
