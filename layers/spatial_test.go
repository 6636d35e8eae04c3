package layers

import (
	"math"
	"strings"
	"testing"

	"github.com/gokeras/keras/autodiff"
	"github.com/gokeras/keras/internal/gradcheck"
	"github.com/gokeras/keras/ops"
	"github.com/gokeras/keras/random"
	"github.com/gokeras/keras/tensor"
)

// callOp is a gradcheck function that applies a fresh op from mk.
func callOp(mk func() tensor.Op, shape tensor.Shape) func(in []*tensor.Tensor) (*tensor.Tensor, error) {
	return func(in []*tensor.Tensor) (*tensor.Tensor, error) {
		return tensor.Apply(mk(), tensor.Float32, shape, in...)
	}
}

func TestPoolOpGradcheck(t *testing.T) {
	cases := []struct {
		name   string
		shape  tensor.Shape
		pool   []int
		stride []int
		same   bool
		format string
		max    bool
	}{
		{"max2d same", tensor.Shape{2, 4, 5, 3}, []int{2, 3}, []int{2, 2}, true, "channels_last", true},
		{"avg2d same", tensor.Shape{2, 4, 5, 3}, []int{3, 2}, []int{2, 1}, true, "channels_last", false},
		{"avg1d cf", tensor.Shape{2, 3, 6}, []int{2}, []int{1}, false, "channels_first", false},
		{"max3d", tensor.Shape{1, 3, 3, 4, 2}, []int{2, 2, 2}, []int{1, 1, 2}, false, "channels_last", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g, out := newPoolGeom(c.shape, c.pool, c.stride, c.same, c.format)
			f := callOp(func() tensor.Op { return newPoolOp(g, c.max, out.Size()) }, out)
			in := []*tensor.Tensor{gradcheck.Random(7, -1, 1, c.shape...)}
			if err := gradcheck.Check(f, in, gradcheck.Options{Eps: 1e-3}); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestNormOpGradcheck(t *testing.T) {
	s := tensor.Shape{3, 2, 4}
	last := []bool{false, false, true}
	notLast := []bool{true, true, false}
	cases := []struct {
		name        string
		kind        normKind
		stat, param []bool
		nIn         int
	}{
		{"batch stats", normCenter, last, last, 3},
		{"layer", normCenter, notLast, last, 3},
		{"rms", normRMS, notLast, last, 2},
		{"var scale", normVarScale, notLast, last, 2},
		{"unit", normUnit, notLast, last, 1},
		{"fixed", normFixed, last, last, 5},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			gi, bi, mi, vi := -1, -1, -1, -1
			in := []*tensor.Tensor{gradcheck.Random(1, -1, 1, s...)}
			if c.nIn >= 2 {
				gi, in = 1, append(in, gradcheck.Random(2, 0.5, 1.5, 4))
			}
			if c.nIn >= 3 {
				bi, in = 2, append(in, gradcheck.Random(3, -1, 1, 4))
			}
			if c.nIn == 5 {
				mi, vi = 3, 4
				in = append(in, gradcheck.Random(4, -1, 1, 4), gradcheck.Random(5, 0.5, 1.5, 4))
			}
			eps := 1e-3
			if c.kind == normUnit {
				eps = 1e-12
			}
			v := newNormView(s, c.stat, c.param)
			f := callOp(func() tensor.Op { return newNormOp(c.kind, eps, v, gi, bi, mi, vi) }, s)
			if err := gradcheck.Check(f, in, gradcheck.Options{Eps: 1e-3}); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestGroupNormGradcheck(t *testing.T) {
	l := NewGroupNormalization(With("groups", 2))
	x := gradcheck.Random(1, -1, 1, 2, 3, 4)
	if err := EnsureBuilt(l, []tensor.Shape{{-1, 3, 4}}); err != nil {
		t.Fatal(err)
	}
	// The golden test covers gamma and beta; this checks x.
	g := func(in []*tensor.Tensor) (*tensor.Tensor, error) {
		out, err := l.Call(nil, in)
		if err != nil {
			return nil, err
		}
		return out[0], nil
	}
	if err := gradcheck.Check(g, []*tensor.Tensor{x}, gradcheck.Options{Eps: 1e-3}); err != nil {
		t.Fatal(err)
	}
}

func TestResizeOpGradcheck(t *testing.T) {
	for _, linear := range []bool{false, true} {
		s := tensor.Shape{1, 3, 2, 2}
		_, out := newResizeOp(s, []int{2, 3}, "channels_last", linear)
		f := callOp(func() tensor.Op { o, _ := newResizeOp(s, []int{2, 3}, "channels_last", linear); return o }, out)
		if err := gradcheck.Check(f, []*tensor.Tensor{gradcheck.Random(3, -1, 1, s...)}, gradcheck.Options{}); err != nil {
			t.Fatal(err)
		}
	}
}

func TestNoiseOpGradcheck(t *testing.T) {
	s := tensor.Shape{2, 3, 4}
	for _, kind := range []noiseKind{noiseAdd, noiseMul, noiseAlpha} {
		t.Run(map[noiseKind]string{noiseAdd: "add", noiseMul: "mul", noiseAlpha: "alpha"}[kind], func(t *testing.T) {
			mk := func() tensor.Op { // a fixed seed: every evaluation draws the same noise
				ns := s
				if kind == noiseAlpha {
					ns = tensor.Shape{2, 1, 4}
				}
				op := newNoiseOp(kind, random.NewSeedGenerator(5), s, ns)
				op.stddev, op.rate, op.a, op.b, op.alphaP = 0.5, 0.3, 1.2, 0.1, -1.7
				return op
			}
			if err := gradcheck.Check(callOp(mk, s), []*tensor.Tensor{gradcheck.Random(3, -1, 1, s...)}, gradcheck.Options{}); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestBatchNormPlanReplay checks that a compiled plan replays the moving
// statistics update on every Forward and that a replay allocates nothing.
func TestBatchNormPlanReplay(t *testing.T) {
	bn := NewBatchNormalization(With("momentum", 0.5))
	x := tensor.Track(gradcheck.Random(1, -1, 1, 8, 3), false)
	ctx := &Context{Training: true}
	out, err := CallLayer(ctx, bn, []*tensor.Tensor{x})
	if err != nil {
		t.Fatal(err)
	}
	loss, err := ops.Sum(out[0], nil, false)
	if err != nil {
		t.Fatal(err)
	}
	wrt := []*tensor.Tensor{bn.Gamma.Value(), bn.Beta.Value()}
	plan, err := autodiff.NewPlan(append(out, ctx.Updates...), loss, wrt)
	if err != nil {
		t.Fatal(err)
	}
	mean := make([]float64, 3)
	for c := range mean {
		for r := 0; r < 8; r++ {
			mean[c] += x.At(r*3+c) / 8
		}
	}
	want := func(steps int, c int) float64 { return mean[c] * (1 - math.Pow(0.5, float64(steps))) }
	closeTo(t, "moving_mean after trace", bn.MovingMean.Value().Float32s(), []float64{want(1, 0), want(1, 1), want(1, 2)}, 1e-5)
	plan.Forward()
	plan.Backward()
	closeTo(t, "moving_mean after replay", bn.MovingMean.Value().Float32s(), []float64{want(2, 0), want(2, 1), want(2, 2)}, 1e-5)
	if n := testing.AllocsPerRun(5, func() { plan.Forward(); plan.Backward() }); n != 0 {
		t.Errorf("replay allocates %v times per step", n)
	}
}

// TestPoolingReplayAllocs checks that replays of the fused ops allocate
// nothing.
func TestSpatialReplayAllocs(t *testing.T) {
	layers := []Layer{
		NewMaxPooling2D(), NewAveragePooling2D(With("padding", "same"), With("strides", 1)),
		NewGlobalAveragePooling2D(), NewLayerNormalization(), NewGroupNormalization(With("groups", 2)),
		NewUpSampling2D(With("interpolation", "bilinear")), NewGaussianNoise(0.1), NewAlphaDropout(0.2),
	}
	for _, l := range layers {
		t.Run(l.Base().ClassName(), func(t *testing.T) {
			x := tensor.Track(gradcheck.Random(1, -1, 1, 2, 4, 4, 4), true)
			out, err := CallLayer(&Context{Training: true}, l, []*tensor.Tensor{x})
			if err != nil {
				t.Fatal(err)
			}
			loss, _ := ops.Sum(out[0], nil, false)
			plan, err := autodiff.NewPlan(out, loss, []*tensor.Tensor{x})
			if err != nil {
				t.Fatal(err)
			}
			if n := testing.AllocsPerRun(5, func() { plan.Forward(); plan.Backward() }); n != 0 {
				t.Errorf("replay allocates %v times per step", n)
			}
		})
	}
}

func TestFrozenBatchNorm(t *testing.T) {
	bn := NewBatchNormalization(WithTrainable(false))
	x := gradcheck.Random(1, -1, 1, 4, 2)
	ctx := &Context{Training: true}
	out, err := CallLayer(ctx, bn, []*tensor.Tensor{x})
	if err != nil {
		t.Fatal(err)
	}
	if len(ctx.Updates) != 0 {
		t.Fatalf("frozen BatchNormalization added %d updates", len(ctx.Updates))
	}
	// Inference with moving mean 0 and variance 1: y = x / sqrt(1 + eps).
	want := make([]float64, 8)
	for i := range want {
		want[i] = x.At(i) / math.Sqrt(1+1e-3)
	}
	closeTo(t, "y", out[0].Float32s(), want, 1e-6)
	closeTo(t, "moving_mean", bn.MovingMean.Value().Float32s(), []float64{0, 0}, 0)
	if n := len(TrainableWeights(bn)); n != 0 {
		t.Fatalf("%d trainable weights, want 0", n)
	}
	// Weight order: gamma, beta, moving_mean, moving_variance.
	bn2 := NewBatchNormalization()
	if err := EnsureBuilt(bn2, []tensor.Shape{{-1, 3}}); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, v := range Weights(bn2) {
		names = append(names, v.Name())
	}
	if got := strings.Join(names, ","); got != "gamma,beta,moving_mean,moving_variance" {
		t.Fatalf("weights %s", got)
	}
	if n := len(NonTrainableWeights(bn2)); n != 2 {
		t.Fatalf("%d non-trainable weights, want 2", n)
	}
}

func stats(v []float32) (mean, std float64) {
	for _, x := range v {
		mean += float64(x)
	}
	mean /= float64(len(v))
	for _, x := range v {
		std += (float64(x) - mean) * (float64(x) - mean)
	}
	return mean, math.Sqrt(std / float64(len(v)))
}

func TestNoiseLayers(t *testing.T) {
	random.SetSeed(3)
	ones := func() *tensor.Tensor { x := tensor.Zeros(100, 100); x.Fill(1); return x }
	for _, c := range []struct {
		l                   Layer
		wantMean, wantStd   float64
		identityInInference bool
	}{
		{NewGaussianNoise(0.5), 1, 0.5, true},
		{NewGaussianDropout(0.2), 1, math.Sqrt(0.2 / 0.8), true},
	} {
		t.Run(c.l.Base().ClassName(), func(t *testing.T) {
			x := tensor.Track(ones(), false)
			out, err := CallLayer(&Context{Training: true}, c.l, []*tensor.Tensor{x})
			if err != nil {
				t.Fatal(err)
			}
			m, s := stats(out[0].Float32s())
			if math.Abs(m-c.wantMean) > 0.02 || math.Abs(s-c.wantStd) > 0.02 {
				t.Fatalf("mean %v std %v, want %v %v", m, s, c.wantMean, c.wantStd)
			}
			first := out[0].Clone()
			plan, err := autodiff.NewPlan(out, nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			plan.Forward()
			if out[0].Float32s()[0] == first.Float32s()[0] && out[0].Float32s()[1] == first.Float32s()[1] {
				t.Fatal("replay drew the same noise")
			}
			inf, err := CallLayer(&Context{}, c.l, []*tensor.Tensor{x})
			if err != nil || inf[0] != x {
				t.Fatalf("inference is not the identity (%v)", err)
			}
		})
	}
	t.Run("AlphaDropout", func(t *testing.T) {
		x := gradcheck.Random(1, -2, 2, 200, 100)
		for i, v := range x.Float32s() { // roughly standard normal inputs
			x.Float32s()[i] = v * 0.85
		}
		m0, s0 := stats(x.Float32s())
		out, err := CallLayer(&Context{Training: true}, NewAlphaDropout(0.2), []*tensor.Tensor{x})
		if err != nil {
			t.Fatal(err)
		}
		m, s := stats(out[0].Float32s())
		if math.Abs(m-m0) > 0.1 || math.Abs(s-s0) > 0.15 {
			t.Fatalf("mean %v std %v, input %v %v", m, s, m0, s0)
		}
		// Every output is a*x + b (kept) or a*alpha_p + b (dropped).
		alphaP := -seluAlpha * seluScale
		a := math.Pow(0.8*(1+0.2*alphaP*alphaP), -0.5)
		b := -a * alphaP * 0.2
		for i, y := range out[0].Float32s() {
			kept, dropped := a*x.At(i)+b, a*alphaP+b
			if math.Abs(float64(y)-kept) > 1e-5 && math.Abs(float64(y)-dropped) > 1e-5 {
				t.Fatalf("y[%d] = %v is neither %v nor %v", i, y, kept, dropped)
			}
		}
	})
	t.Run("SpatialDropout2D", func(t *testing.T) {
		x := tensor.Zeros(4, 3, 3, 8)
		x.Fill(1)
		out, err := CallLayer(&Context{Training: true}, NewSpatialDropout2D(0.5), []*tensor.Tensor{x})
		if err != nil {
			t.Fatal(err)
		}
		y := out[0].Float32s()
		zeros := 0
		for n := 0; n < 4; n++ {
			for c := 0; c < 8; c++ {
				first := y[n*72+c]
				for p := 0; p < 9; p++ {
					if y[n*72+p*8+c] != first {
						t.Fatalf("mask differs within feature map (%d, %d)", n, c)
					}
				}
				if first == 0 {
					zeros++
				} else if first != 2 {
					t.Fatalf("kept value %v, want 2", first)
				}
			}
		}
		if zeros == 0 || zeros == 32 {
			t.Fatalf("%d of 32 maps dropped", zeros)
		}
	})
}

func TestActivityRegularization(t *testing.T) {
	l := NewActivityRegularization(With("l1", 0.1), With("l2", 0.01))
	x, _ := tensor.FromFloat32([]float32{1, -2, 3, -4}, 2, 2)
	ctx := &Context{}
	out, err := CallLayer(ctx, l, []*tensor.Tensor{x})
	if err != nil {
		t.Fatal(err)
	}
	if out[0] != x || len(ctx.Losses) != 1 {
		t.Fatalf("output %v, %d losses", out[0], len(ctx.Losses))
	}
	want := (0.1*10 + 0.01*30) / 2
	if got := ctx.Losses[0].Item(); math.Abs(got-want) > 1e-6 {
		t.Fatalf("loss %v, want %v", got, want)
	}
}

// TestSpatialConfigRoundTrip rebuilds every layer from its config.
func TestSpatialConfigRoundTrip(t *testing.T) {
	for _, l := range []Layer{
		NewMaxPooling1D(With("pool_size", 3), With("padding", "same")), NewAveragePooling3D(With("strides", []int{1, 2, 1})),
		NewGlobalMaxPooling3D(With("keepdims", true)), NewBatchNormalization(With("axis", 1), With("gamma_regularizer", "l2")),
		NewLayerNormalization(With("axis", []int{1, 2})), NewGroupNormalization(With("groups", 4)),
		NewRMSNormalization(), NewUnitNormalization(With("axis", []int{1})),
		NewSpatialDropout1D(0.3, With("seed", 2)), NewSpatialDropout3D(0.3, With("data_format", "channels_first")),
		NewGaussianNoise(0.2), NewGaussianDropout(0.4, With("seed", 1)), NewAlphaDropout(0.1, With("noise_shape", []int{-1, 1, 5})),
		NewActivityRegularization(With("l1", 0.5)), NewPermute([]int{2, 1}), NewRepeatVector(4),
		NewCropping1D(), NewCropping2D(With("cropping", [][2]int{{1, 2}, {3, 4}})), NewCropping3D(With("cropping", 2)),
		NewZeroPadding1D(With("padding", 3)), NewZeroPadding2D(With("padding", []int{1, 2})), NewZeroPadding3D(),
		NewUpSampling1D(With("size", 3)), NewUpSampling2D(With("interpolation", "bilinear")), NewUpSampling3D(With("size", []int{1, 2, 3})),
		NewAdd(), NewSubtract(), NewMultiply(), NewAverage(), NewMaximum(), NewMinimum(),
		NewConcatenate(With("axis", 1)), NewDot([]int{1, 2}, With("normalize", true)), NewDot([]int{-1}),
	} {
		t.Run(l.Base().ClassName(), func(t *testing.T) {
			if err := l.Base().Err(); err != nil {
				t.Fatal(err)
			}
			cfg := l.GetConfig()
			l2, err := FromConfig(l.Base().ClassName(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := jsonOf(t, l2.GetConfig()), jsonOf(t, cfg); got != want {
				t.Fatalf("round trip:\n got %s\nwant %s", got, want)
			}
		})
	}
}

func TestSpatialErrors(t *testing.T) {
	cases := []struct {
		name   string
		layer  Layer
		shapes []tensor.Shape
		want   string
	}{
		{"merge mismatch", NewAdd(), []tensor.Shape{{-1, 4, 5}, {-1, 4, 6}}, "inputs have incompatible shapes. Received shapes (4, 5) and (4, 6)"},
		{"merge none", NewAdd(), nil, "a merge layer should be called on a list of at least 1 input"},
		{"merge batch", NewMultiply(), []tensor.Shape{{2, 3}, {4, 3}}, "cannot merge tensors with different batch sizes"},
		{"subtract 3", NewSubtract(), []tensor.Shape{{-1, 3}, {-1, 3}, {-1, 3}}, "exactly 2 inputs"},
		{"concat", NewConcatenate(), []tensor.Shape{{-1, 3, 4}, {-1, 2, 4}}, "requires inputs with matching shapes except for the concatenation axis"},
		{"dot", NewDot([]int{-1}), []tensor.Shape{{-1, 3}, {-1, 4}}, "incompatible input shapes: axis values 3 (at axis 1) != 4 (at axis 1)"},
		{"pool rank", NewMaxPooling2D(), []tensor.Shape{{-1, 4, 4}}, "expected ndim=4, found ndim=3"},
		{"pool size", NewMaxPooling2D(With("pool_size", 5)), []tensor.Shape{{-1, 4, 4, 1}}, "computed output size would be zero or negative"},
		{"pool padding", NewMaxPooling1D(With("padding", "full")), []tensor.Shape{{-1, 4, 1}}, "must be either 'valid' or 'same'"},
		{"pool tuple", NewMaxPooling2D(With("pool_size", []int{1, 2, 3})), []tensor.Shape{{-1, 4, 4, 1}}, "the `pool_size` argument must be a tuple of 2 integers"},
		{"data format", NewGlobalAveragePooling2D(With("data_format", "nhwc")), []tensor.Shape{{-1, 4, 4, 1}}, "data_format=nhwc"},
		{"groups", NewGroupNormalization(With("groups", 4)), []tensor.Shape{{-1, 6}}, "number of groups (4) must be a multiple of the number of channels (6)"},
		{"groups big", NewGroupNormalization(), []tensor.Shape{{-1, 6}}, "number of groups (32) cannot be more than the number of channels (6)"},
		{"bn axis", NewBatchNormalization(With("axis", 3)), []tensor.Shape{{-1, 6}}, "axis 3 is out of bounds"},
		{"ln dup", NewLayerNormalization(With("axis", []int{1, -1})), []tensor.Shape{{-1, 6}}, "duplicate axes are not allowed"},
		{"rate", NewGaussianDropout(1.5), []tensor.Shape{{-1, 6}}, "Expected a float value between 0 and 1. Received: rate=1.5"},
		{"spatial rank", NewSpatialDropout1D(0.5), []tensor.Shape{{-1, 6}}, "expected ndim=3, found ndim=2"},
		{"permute", NewPermute([]int{1, 3}), []tensor.Shape{{-1, 2, 3}}, "must be consecutive and start from 1"},
		{"repeat", NewRepeatVector(0), []tensor.Shape{{-1, 2}}, "should be a positive integer"},
		{"crop", NewCropping1D(With("cropping", []int{2, 2})), []tensor.Shape{{-1, 4, 1}}, "should be smaller than the corresponding spatial dimension"},
		{"upsampling", NewUpSampling2D(With("interpolation", "bicubic")), []tensor.Shape{{-1, 4, 4, 1}}, "interpolation=bicubic"},
		{"unknown", NewAveragePooling2D(With("pool", 2)), []tensor.Shape{{-1, 4, 4, 1}}, "unrecognized keyword arguments passed to AveragePooling2D: pool"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := EnsureBuilt(c.layer, c.shapes)
			if err == nil {
				_, err = c.layer.ComputeOutputShape(c.shapes)
			}
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want it to mention %q", err, c.want)
			}
		})
	}
}

// TestMergeApply applies merge layers to several symbolic tensors.
func TestMergeApply(t *testing.T) {
	a := NewKerasTensor(tensor.Shape{-1, 4, 5}, tensor.Float32)
	b := NewKerasTensor(tensor.Shape{-1, 1, 5}, tensor.Float32)
	if got := NewAdd().Apply(a, b); got.Err() != nil || !got.Shape().Equal(tensor.Shape{-1, 4, 5}) {
		t.Fatalf("Add: %v %v", got, got.Err())
	}
	c := NewKerasTensor(tensor.Shape{-1, 4, 6}, tensor.Float32)
	if got := NewConcatenate().Apply(a, c); got.Err() != nil || !got.Shape().Equal(tensor.Shape{-1, 4, 11}) {
		t.Fatalf("Concatenate: %v %v", got, got.Err())
	}
	if got := NewDot([]int{2, 2}).Apply(a, c); got.Err() == nil {
		t.Fatal("Dot of (None, 4, 5) and (None, 4, 6) on axis 2 should fail")
	}
	if got := NewAdd().Apply(a, c); got.Err() == nil || !strings.Contains(got.Err().Error(), "(4, 5) and (4, 6)") {
		t.Fatalf("Add error: %v", got.Err())
	}
}
