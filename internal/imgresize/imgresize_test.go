package imgresize

import (
	"math"
	"testing"
)

func TestHWC(t *testing.T) {
	for _, c := range []struct {
		name   string
		method string
		aa     bool
		src    []float32
		h, w   int
		th, tw int
		want   []float32
	}{
		// tf.image.resize([[0, 4], [8, 12]], (1, 4)): rows averaged, then
		// half-pixel bilinear along the row.
		{"bilinear_up", "bilinear", false, []float32{0, 4, 8, 12}, 2, 2, 1, 4, []float32{4, 5, 7, 8}},
		{"nearest_down", "nearest", false, []float32{1, 2, 3, 4, 5, 6}, 1, 6, 1, 3, []float32{2, 4, 6}},
		{"area_down", "area", false, []float32{1, 2, 3, 4, 5, 6}, 1, 6, 1, 4, []float32{4.0 / 3, 8.0 / 3, 13.0 / 3, 17.0 / 3}},
		// Antialiased: the triangle spans two input pixels on each side.
		{"bilinear_aa_halves", "bilinear", true, []float32{0, 4, 8, 12}, 1, 4, 1, 2, []float32{20.0 / 7, 64.0 / 7}},
		{"same_size_copies", "lanczos5", false, []float32{3, 1, 4}, 1, 3, 1, 3, []float32{3, 1, 4}},
	} {
		got := HWC(c.src, c.w, 1, MakeTaps(c.method, c.aa, Plain(c.h), c.th), MakeTaps(c.method, c.aa, Plain(c.w), c.tw), 0)
		for i := range c.want {
			if math.Abs(float64(got[i]-c.want[i])) > 1e-5 {
				t.Errorf("%s: %v, want %v", c.name, got, c.want)
				break
			}
		}
	}
}

// Every method's weights of an output sum to 1 (constant images stay
// constant), and padding reads the fill value.
func TestWeightsNormalizedAndPadding(t *testing.T) {
	for _, m := range Methods {
		for _, aa := range []bool{false, true} {
			for _, sz := range [][2]int{{7, 3}, {3, 11}, {5, 5}} {
				tp := MakeTaps(m, aa, Plain(sz[0]), sz[1])
				for o := 0; o < sz[1]; o++ {
					var s float32
					for a := tp.Off[o]; a < tp.Off[o+1]; a++ {
						s += tp.W[a]
						if tp.Idx[a] < 0 || int(tp.Idx[a]) >= sz[0] {
							t.Fatalf("%s: index %d out of range", m, tp.Idx[a])
						}
					}
					if math.Abs(float64(s-1)) > 1e-5 {
						t.Errorf("%s aa=%v %v: output %d weights sum to %v", m, aa, sz, o, s)
					}
				}
			}
		}
	}
	wy, wx := PadWindows(2, 4, 4, 4) // pad one row above and below
	if wy.Size != 4 || wy.Pad != 1 || wx.Size != 4 {
		t.Fatalf("windows %+v %+v", wy, wx)
	}
	src := []float32{1, 1, 1, 1, 1, 1, 1, 1}
	got := HWC(src, 4, 1, MakeTaps("nearest", false, wy, 4), MakeTaps("nearest", false, wx, 4), 9)
	if got[0] != 9 || got[4] != 1 || got[15] != 9 {
		t.Errorf("padded %v", got)
	}
	cy, cx := CropWindows(6, 10, 4, 4) // the centred 6x6 square
	if cy.Size != 6 || cx.Size != 6 || cx.Start != 2 {
		t.Errorf("crop %+v %+v", cy, cx)
	}
}
