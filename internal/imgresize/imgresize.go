// Package imgresize computes the resampling weights of Keras's image resize
// (keras.ops.image.resize and tf.image.resize) for one axis at a time, and
// resizes interleaved float32 images with them. layers.Resizing and the
// image loaders of package utils share it.
package imgresize

import "math"

// Methods are the supported interpolations (Keras's TensorFlow backend
// list).
var Methods = []string{"bilinear", "nearest", "bicubic", "area", "lanczos3", "lanczos5"}

// float32Eps is numpy's finfo(float32).eps.
const float32Eps = 1.1920928955078125e-07

// Taps is a resampling of one axis as a sparse matrix: output o reads input
// indices Idx[Off[o]:Off[o+1]] with weights W[...]. An index of -1 reads
// the fill value (padding).
type Taps struct {
	Off []int32
	Idx []int32
	W   []float32
}

// Window maps a virtual source axis (a crop of, or a padding around, the
// real axis) to real indices: virtual v is real Start+v-Pad, or the fill
// value outside [0, Real).
type Window struct {
	Size, Start, Pad, Real int
}

func (win Window) index(v int) int32 {
	r := win.Start + v - win.Pad
	if r < 0 || r >= win.Real {
		return -1
	}
	return int32(r)
}

func (t *Taps) add(idx int32, w float32) {
	t.Idx = append(t.Idx, idx)
	t.W = append(t.W, w)
}

func (t *Taps) next() { t.Off = append(t.Off, int32(len(t.Idx))) }

// kernel returns the filter of a scale-and-translate resize (Keras's
// numpy/JAX backend kernels) and its radius.
func kernel(method string) (func(float64) float64, float64) {
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

// MakeTaps builds the resampling of the window win (size in) to out
// samples.
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
func MakeTaps(method string, antialias bool, win Window, out int) Taps {
	in := win.Size
	t := Taps{Off: make([]int32, 1, out+1)}
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
	k, radius := kernel(method)
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
			w := k(math.Abs(s-float64(i)) / ks)
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

// Plain is a resize of a whole axis of size n.
func Plain(n int) Window { return Window{Size: n, Real: n} }

// CropWindows is Keras's crop_to_aspect_ratio box (smart_resize): the
// largest centred window with the target aspect ratio.
func CropWindows(ih, iw, th, tw int) (Window, Window) {
	ch := max(min(ih, int(float64(iw*th)/float64(tw))), 1)
	cw := max(min(iw, int(float64(ih*tw)/float64(th))), 1)
	return Window{Size: ch, Start: int(float64(ih-ch) / 2), Real: ih},
		Window{Size: cw, Start: int(float64(iw-cw) / 2), Real: iw}
}

// PadWindows is Keras's pad_to_aspect_ratio padding: the same amount on
// both sides of the short axis.
func PadWindows(ih, iw, th, tw int) (Window, Window) {
	ph := max(ih, int(float64(iw*th)/float64(tw)))
	pw := max(iw, int(float64(ih*tw)/float64(th)))
	hs, ws := int(float64(ph-ih)/2), int(float64(pw-iw)/2)
	wy, wx := Plain(ih), Plain(iw)
	if hs > 0 {
		wy = Window{Size: ih + 2*hs, Pad: hs, Real: ih}
	} else if ws > 0 {
		wx = Window{Size: iw + 2*ws, Pad: ws, Real: iw}
	}
	return wy, wx
}

// HWC resizes an interleaved (h, w, c) image to (len(ty.Off)-1,
// len(tx.Off)-1, c) with the taps of each axis; fill is read for -1 taps.
func HWC(src []float32, w, c int, ty, tx Taps, fill float32) []float32 {
	oh, ow := len(ty.Off)-1, len(tx.Off)-1
	dst := make([]float32, oh*ow*c)
	for oy := 0; oy < oh; oy++ {
		for ox := 0; ox < ow; ox++ {
			d := dst[(oy*ow+ox)*c : (oy*ow+ox+1)*c]
			for a := ty.Off[oy]; a < ty.Off[oy+1]; a++ {
				iy, wy := ty.Idx[a], ty.W[a]
				for e := tx.Off[ox]; e < tx.Off[ox+1]; e++ {
					ix, wgt := tx.Idx[e], wy*tx.W[e]
					if iy < 0 || ix < 0 {
						for ch := range d {
							d[ch] += wgt * fill
						}
						continue
					}
					s := src[(int(iy)*w+int(ix))*c:]
					for ch := range d {
						d[ch] += wgt * s[ch]
					}
				}
			}
		}
	}
	return dst
}
