package layers

import "fmt"

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
}

func vol3(v [3]int) int { return v[0] * v[1] * v[2] }

// kvol is the number of kernel positions.
func (g *convGeom) kvol() int { return vol3(g.k) }

// width is the length of an im2col row.
func (g *convGeom) width() int { return g.kvol() * g.cb }

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

// im2col writes the im2col rows of images [lo, hi) of big into cols (whose
// first row is that of image lo); positions in the padding are zero.
func (g *convGeom) im2col(big, cols []float32, lo, hi int) { g.walk(big, cols, lo, hi, false) }

// col2im adds the im2col rows in cols back into images [lo, hi) of big
// (the adjoint of im2col).
func (g *convGeom) col2im(cols, big []float32, lo, hi int) { g.walk(big, cols, lo, hi, true) }

// walk visits every (small position, kernel position) pair of images
// [lo, hi), moving channel runs from big to cols (add = false) or adding
// them from cols into big (add = true). With one group and no dilation
// along the last axis, the kernel row of an interior position is a single
// contiguous run of k[2]*cb values on both sides.
func (g *convGeom) walk(big, cols []float32, lo, hi int, add bool) {
	cg := g.cb / g.groups
	kc := g.kvol() * cg
	width := g.width()
	bigImg := vol3(g.big) * g.cb
	runs := g.groups == 1 && g.d[2] == 1
	r := 0
	for b := lo; b < hi; b++ {
		img := big[b*bigImg : (b+1)*bigImg]
		for o0 := 0; o0 < g.small[0]; o0++ {
			for o1 := 0; o1 < g.small[1]; o1++ {
				for o2 := 0; o2 < g.small[2]; o2++ {
					row := cols[r*width : (r+1)*width]
					r++
					first2 := o2*g.s[2] - g.pad[2]
					kp := 0
					for k0 := 0; k0 < g.k[0]; k0++ {
						i0 := o0*g.s[0] + k0*g.d[0] - g.pad[0]
						for k1 := 0; k1 < g.k[1]; k1++ {
							i1 := o1*g.s[1] + k1*g.d[1] - g.pad[1]
							if i0 < 0 || i0 >= g.big[0] || i1 < 0 || i1 >= g.big[1] {
								if !add {
									for grp := range g.groups {
										clear(row[grp*kc+kp*cg : grp*kc+(kp+g.k[2])*cg])
									}
								}
								kp += g.k[2]
								continue
							}
							line := img[(i0*g.big[1]+i1)*g.big[2]*g.cb : (i0*g.big[1]+i1+1)*g.big[2]*g.cb]
							if runs && first2 >= 0 && first2+g.k[2] <= g.big[2] {
								n := g.k[2] * g.cb
								move(line[first2*g.cb:first2*g.cb+n], row[kp*g.cb:kp*g.cb+n], add)
								kp += g.k[2]
								continue
							}
							for k2 := 0; k2 < g.k[2]; k2++ {
								i2 := first2 + k2*g.d[2]
								in := i2 >= 0 && i2 < g.big[2]
								for grp := range g.groups {
									dst := row[grp*kc+kp*cg : grp*kc+(kp+1)*cg]
									switch {
									case in:
										move(line[i2*g.cb+grp*cg:i2*g.cb+(grp+1)*cg], dst, add)
									case !add:
										clear(dst)
									}
								}
								kp++
							}
						}
					}
				}
			}
		}
	}
}

// move copies src into col (add = false) or adds col into src (add = true).
func move(src, col []float32, add bool) {
	if !add {
		copy(col, src)
		return
	}
	col = col[:len(src)]
	for i, v := range col {
		src[i] += v
	}
}
