package layers

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/gokeras/keras/internal/gradcheck"
	"github.com/gokeras/keras/random"
	"github.com/gokeras/keras/tensor"
)

func ppImage(t *testing.T, seed uint64, shape ...int) *tensor.Tensor {
	t.Helper()
	x, err := random.Uniform(shape, 0, 1, seed)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

func ppCall(t *testing.T, l Layer, x *tensor.Tensor, training bool) *tensor.Tensor {
	t.Helper()
	out, err := CallLayer(&Context{Training: training}, l, []*tensor.Tensor{x})
	if err != nil {
		t.Fatal(err)
	}
	return out[0]
}

// ppLayers is one layer of every class, with non-default arguments.
func ppLayers() []Layer {
	return []Layer{
		NewRescaling(1.0/255, With("offset", -0.5)),
		NewResizing(4, 5, With("interpolation", "bicubic"), With("crop_to_aspect_ratio", true)),
		NewCenterCrop(3, 3, With("data_format", "channels_first")),
		NewRandomCrop(3, 4, With("seed", 5)),
		NewRandomFlip(With("mode", "horizontal"), With("seed", 1)),
		NewRandomRotation(0.2, With("fill_mode", "wrap"), With("fill_value", 1.5)),
		NewRandomTranslation(0.1, []float64{-0.2, 0.3}, With("interpolation", "nearest")),
		NewRandomZoom([]any{-0.2, 0.1}, With("width_factor", 0.3), With("fill_mode", "constant")),
		NewRandomContrast(0.4, With("value_range", []any{0, 1})),
		NewRandomBrightness(0.3, With("value_range", []any{255, 0}), With("seed", 9)),
	}
}

// Config keys of Keras 3.16's get_config for each class, beyond name,
// trainable and dtype.
var ppKerasKeys = map[string][]string{
	"Rescaling":         {"scale", "offset"},
	"Resizing":          {"height", "width", "interpolation", "crop_to_aspect_ratio", "pad_to_aspect_ratio", "fill_mode", "fill_value", "antialias", "data_format"},
	"CenterCrop":        {"height", "width", "data_format"},
	"RandomCrop":        {"height", "width", "seed", "data_format"},
	"RandomFlip":        {"seed", "mode", "data_format"},
	"RandomRotation":    {"factor", "data_format", "fill_mode", "fill_value", "interpolation", "seed"},
	"RandomTranslation": {"height_factor", "width_factor", "fill_mode", "interpolation", "seed", "fill_value", "data_format"},
	"RandomZoom":        {"height_factor", "width_factor", "fill_mode", "interpolation", "seed", "fill_value", "data_format"},
	"RandomContrast":    {"factor", "value_range", "seed", "data_format"},
	"RandomBrightness":  {"factor", "value_range", "seed", "data_format"},
}

func TestPreprocessingConfigRoundTrip(t *testing.T) {
	for _, l := range ppLayers() {
		b := l.Base()
		t.Run(b.ClassName(), func(t *testing.T) {
			if b.Err() != nil {
				t.Fatal(b.Err())
			}
			cfg := l.GetConfig()
			var keys []string
			for k := range cfg {
				if k != "name" && k != "trainable" && k != "dtype" {
					keys = append(keys, k)
				}
			}
			want := slices.Clone(ppKerasKeys[b.ClassName()])
			slices.Sort(keys)
			slices.Sort(want)
			if !slices.Equal(keys, want) {
				t.Fatalf("config keys %v, want %v", keys, want)
			}
			l2, err := FromConfig(b.ClassName(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(l2.GetConfig(), cfg) {
				t.Fatalf("round trip changed the config:\n%v\n%v", cfg, l2.GetConfig())
			}
		})
	}
}

func TestPreprocessingFactors(t *testing.T) {
	for _, c := range []struct {
		l      Layer
		lo, hi float64
	}{
		{NewRandomRotation(0.2), -0.2, 0.2},
		{NewRandomRotation([]float64{0.3, -0.1}), -0.1, 0.3},
		{NewRandomContrast(0.4), 0, 0.4}, // Keras 3: a number f gives [0, f]
		{NewRandomContrast([]float64{0.2, 0.5}), 0.2, 0.5},
		{NewRandomBrightness(-0.3), -0.3, 0.3},
	} {
		var lo, hi float64
		switch l := c.l.(type) {
		case *RandomRotation:
			lo, hi = l.Lower, l.Upper
		case *RandomContrast:
			lo, hi = l.Lower, l.Upper
		case *RandomBrightness:
			lo, hi = l.Lower, l.Upper
		}
		if lo != c.lo || hi != c.hi {
			t.Errorf("%s: factor (%v, %v), want (%v, %v)", c.l.Base().ClassName(), lo, hi, c.lo, c.hi)
		}
	}
	z := NewRandomZoom(0.25)
	if z.HeightLower != -0.25 || z.HeightUpper != 0.25 || z.HasWidth {
		t.Errorf("zoom factors %+v", z)
	}
}

func TestPreprocessingErrors(t *testing.T) {
	for _, c := range []struct {
		l    Layer
		want string
	}{
		{NewResizing(0, 3), "`height` and `width` must be positive"},
		{NewResizing(3, 3, With("interpolation", "gaussian")), `unknown ` + "`interpolation`"},
		{NewResizing(3, 3, With("crop_to_aspect_ratio", true), With("pad_to_aspect_ratio", true)), "only one of"},
		{NewResizing(3, 3, With("fill_mode", "reflect")), "Only `'constant'` is supported"},
		{NewResizing(3, 3, With("data_format", "NHWC")), "data_format"},
		{NewResizing(3, 3, With("bounding_box_format", "xyxy")), "bounding boxes"},
		{NewCenterCrop(2, -1), "must be positive"},
		{NewRandomRotation(1.5), "in the range [-1, 1]"},
		{NewRandomRotation("x"), "factor"},
		{NewRandomRotation(0.1, With("fill_mode", "mirror")), "fill_mode"},
		{NewRandomRotation(0.1, With("interpolation", "bicubic")), "interpolation"},
		{NewRandomTranslation(0.1, []float64{0.1, 1.2}), "[-1.0, 1.0]"},
		{NewRandomTranslation(0.1, nil), "width_factor"},
		{NewRandomZoom(-1.0), "(-1.0, 1.0]"},
		{NewRandomZoom([]float64{-0.5, 0.1, 0.2}), "height_factor"},
		{NewRandomFlip(With("mode", "diagonal")), "mode"},
		{NewRandomContrast(1.5), "[0, 1]"},
		{NewRandomBrightness(0.1, With("value_range", []any{1})), "value_range"},
		{NewRescaling("a"), "scale"},
		{NewRandomFlip(With("factor", 0.2)), "unrecognized keyword arguments passed to RandomFlip: factor"},
	} {
		err := c.l.Base().Err()
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want it to contain %q", c.l.Base().ClassName(), err, c.want)
		}
	}
	// Rank and shape errors name the layer and the shape.
	x := tensor.Zeros(4, 4)
	if _, err := CallLayer(&Context{}, NewResizing(2, 2), []*tensor.Tensor{x}); err == nil || !strings.Contains(err.Error(), "rank 3 (single image) or 4") || !strings.Contains(err.Error(), "resizing") {
		t.Errorf("rank-2 input: %v", err)
	}
	r := NewRescaling([]float64{1, 2})
	if _, err := CallLayer(&Context{}, r, []*tensor.Tensor{tensor.Zeros(2, 3)}); err == nil || !strings.Contains(err.Error(), "(None, 3)") {
		t.Errorf("scale of length 2 on 3 channels: %v", err)
	}
}

func TestPreprocessingShapes(t *testing.T) {
	for _, c := range []struct {
		l    Layer
		in   tensor.Shape
		want tensor.Shape
	}{
		{NewResizing(4, 6), tensor.Shape{-1, 10, 12, 3}, tensor.Shape{-1, 4, 6, 3}},
		{NewResizing(4, 6, With("data_format", "channels_first")), tensor.Shape{-1, 3, 10, 12}, tensor.Shape{-1, 3, 4, 6}},
		{NewResizing(4, 6), tensor.Shape{10, 12, 3}, tensor.Shape{4, 6, 3}},
		{NewCenterCrop(2, 3), tensor.Shape{-1, 5, 5, 1}, tensor.Shape{-1, 2, 3, 1}},
		{NewRandomCrop(2, 3), tensor.Shape{5, 5, 1}, tensor.Shape{2, 3, 1}},
		{NewRandomZoom(0.1), tensor.Shape{-1, 5, 5, 1}, tensor.Shape{-1, 5, 5, 1}},
	} {
		got, err := c.l.ComputeOutputShape([]tensor.Shape{c.in})
		if err != nil || !got[0].Equal(c.want) {
			t.Errorf("%s%v: %v %v, want %v", c.l.Base().ClassName(), c.in, got, err, c.want)
		}
	}
	// Unbatched images go through Call too.
	y := ppCall(t, NewResizing(2, 3), ppImage(t, 1, 4, 4, 2), false)
	if !y.Shape().Equal(tensor.Shape{2, 3, 2}) {
		t.Errorf("unbatched resize shape %v", y.Shape())
	}
	// uint8 images are cast to float32.
	u, _ := tensor.FromUint8([]uint8{0, 255, 128, 64}, 1, 2, 2, 1)
	y = ppCall(t, NewRescaling(1.0/255), u, false)
	if y.DType() != tensor.Float32 || y.Float32s()[1] != 1 {
		t.Errorf("rescaled uint8: %v %v", y.DType(), y.Float32s())
	}
}

// Random layers are the identity in inference, and training with a zero
// range changes nothing either.
func TestRandomLayersInference(t *testing.T) {
	x := ppImage(t, 2, 2, 5, 6, 3)
	for _, l := range ppLayers()[3:] {
		y := ppCall(t, l, x, false)
		if y != x {
			t.Errorf("%s is not the identity in inference", l.Base().ClassName())
		}
	}
	for _, l := range []Layer{NewRandomRotation(0.0), NewRandomTranslation(0.0, 0.0), NewRandomZoom(0.0),
		NewRandomBrightness(0.0, With("value_range", []any{0, 1})), NewRandomContrast(0.0, With("value_range", []any{0, 1}))} {
		y := ppCall(t, l, x, true)
		ppClose(t, l.Base().ClassName(), y.Float32s(), ppF64(x.Float32s()), 1e-5)
	}
}

func ppF64(v []float32) []float64 {
	out := make([]float64, len(v))
	for i, f := range v {
		out[i] = float64(f)
	}
	return out
}

// Every Forward draws afresh (a compiled step replays the same node), and
// the draws are reproducible from the seed.
func TestRandomLayersReplayAndSeed(t *testing.T) {
	x := tensor.Track(ppImage(t, 3, 4, 6, 7, 2), true)
	mk := []func() Layer{
		func() Layer { return NewRandomCrop(3, 4, With("seed", 7)) },
		func() Layer { return NewRandomFlip(With("seed", 7)) },
		func() Layer { return NewRandomRotation(0.3, With("seed", 7)) },
		func() Layer { return NewRandomTranslation(0.3, 0.3, With("seed", 7)) },
		func() Layer { return NewRandomZoom(0.3, With("seed", 7)) },
		func() Layer { return NewRandomContrast(0.5, With("seed", 7), With("value_range", []any{0, 1})) },
		func() Layer { return NewRandomBrightness(0.5, With("seed", 7), With("value_range", []any{0, 1})) },
	}
	for _, f := range mk {
		l := f()
		name := l.Base().ClassName()
		y := ppCall(t, l, x, true)
		first := slices.Clone(y.Float32s())
		node := y.Node()
		changed := false
		for i := 0; i < 8 && !changed; i++ {
			node.Op.Forward(y, node.Inputs)
			changed = !slices.Equal(first, y.Float32s())
		}
		if !changed {
			t.Errorf("%s: replayed Forward drew the same values", name)
		}
		y2 := ppCall(t, f(), x, true)
		if !slices.Equal(first, y2.Float32s()) {
			t.Errorf("%s: same seed, different output", name)
		}
		allocs := testing.AllocsPerRun(5, func() { node.Op.Forward(y, node.Inputs) })
		if allocs != 0 {
			t.Errorf("%s: Forward replay allocates %v times", name, allocs)
		}
	}
}

// RandomFlip flips about half of the images, each exactly.
func TestRandomFlipStatistics(t *testing.T) {
	n := 400
	x := ppImage(t, 4, n, 2, 3, 1)
	y := ppCall(t, NewRandomFlip(With("mode", "horizontal"), With("seed", 3)), x, true)
	xs, ys := x.Float32s(), y.Float32s()
	flipped := 0
	for b := 0; b < n; b++ {
		o := b * 6
		same := slices.Equal(xs[o:o+6], ys[o:o+6])
		mirror := true
		for r := 0; r < 2; r++ {
			for c := 0; c < 3; c++ {
				mirror = mirror && ys[o+r*3+c] == xs[o+r*3+2-c]
			}
		}
		if !same && !mirror {
			t.Fatalf("image %d is neither kept nor mirrored", b)
		}
		if !same {
			flipped++
		}
	}
	if flipped < n/2-60 || flipped > n/2+60 {
		t.Errorf("%d of %d flipped", flipped, n)
	}
}

// RandomCrop's random branch returns a window of the input, at varying
// positions.
func TestRandomCropWindow(t *testing.T) {
	x := ppImage(t, 5, 1, 6, 7, 1)
	l := NewRandomCrop(2, 3, With("seed", 11))
	seen := map[[2]int]bool{}
	for i := 0; i < 30; i++ {
		y := ppCall(t, l, x, true).Float32s()
		found := false
		for y0 := 0; y0 <= 4 && !found; y0++ {
			for x0 := 0; x0 <= 4 && !found; x0++ {
				ok := true
				for r := 0; r < 2; r++ {
					for c := 0; c < 3; c++ {
						ok = ok && y[r*3+c] == x.Float32s()[(y0+r)*7+x0+c]
					}
				}
				if ok {
					found, seen[[2]int{y0, x0}] = true, true
				}
			}
		}
		if !found {
			t.Fatal("crop is not a window of the input")
		}
	}
	if len(seen) < 5 {
		t.Errorf("only %d distinct crop positions in 30 draws", len(seen))
	}
}

// RandomRotation by a whole number of quarter turns is a permutation.
func TestRandomRotationQuarterTurn(t *testing.T) {
	x, _ := tensor.FromFloat32([]float32{1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 3, 3, 1)
	y := ppCall(t, NewRandomRotation([]float64{0.25, 0.25}, With("interpolation", "nearest")), x, true)
	// Counter-clockwise by 90 degrees.
	want := []float64{3, 6, 9, 2, 5, 8, 1, 4, 7}
	ppClose(t, "rotated", y.Float32s(), want, 1e-6)
}

func TestPreprocessingGradcheck(t *testing.T) {
	for _, l := range []Layer{
		NewResizing(3, 5, With("interpolation", "bicubic")),
		NewResizing(4, 2, With("pad_to_aspect_ratio", true), With("fill_value", 2)),
		NewCenterCrop(5, 3),
		NewRescaling([]float64{2, -1}, With("offset", 0.5)),
	} {
		x := gradcheck.Random(1, -1, 1, 2, 3, 4, 2)
		err := gradcheck.Check(func(in []*tensor.Tensor) (*tensor.Tensor, error) {
			out, err := CallLayer(&Context{}, l, in)
			if err != nil {
				return nil, err
			}
			return out[0], nil
		}, []*tensor.Tensor{x}, gradcheck.Options{})
		if err != nil {
			t.Errorf("%s: %v", l.Base().ClassName(), err)
		}
	}
}

// The random ops pass gradients back through the transform they drew.
func TestRandomOpsBackward(t *testing.T) {
	x := ppImage(t, 6, 3, 5, 6, 2)
	for _, c := range []struct {
		l    Layer
		size int
	}{{NewRandomFlip(With("seed", 2)), 3 * 5 * 6 * 2}, {NewRandomCrop(3, 4, With("seed", 2)), 3 * 3 * 4 * 2}} {
		l := c.l
		up := make([]float64, c.size)
		for i := range up {
			up[i] = 1
		}
		y, dx := ppRun(t, l, x.Clone(), up, true)
		var sum float64
		for _, v := range dx.Float32s() {
			if v != 0 && v != 1 {
				t.Fatalf("%s: gradient entry %v", l.Base().ClassName(), v)
			}
			sum += float64(v)
		}
		if int(sum) != y.Size() {
			t.Errorf("%s: gradient sums to %v, want %d", l.Base().ClassName(), sum, y.Size())
		}
	}
}
