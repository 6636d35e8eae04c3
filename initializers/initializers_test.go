package initializers

import (
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/gokeras/keras/tensor"
)

func moments(t *tensor.Tensor) (mean, std, lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	d := t.Float32s()
	for _, v := range d {
		mean += float64(v)
		lo, hi = math.Min(lo, float64(v)), math.Max(hi, float64(v))
	}
	mean /= float64(len(d))
	for _, v := range d {
		std += (float64(v) - mean) * (float64(v) - mean)
	}
	return mean, math.Sqrt(std / float64(len(d))), lo, hi
}

func TestDistributions(t *testing.T) {
	shape := tensor.Shape{200, 300} // fan_in 200, fan_out 300, fan_avg 250
	cases := []struct {
		init      Initializer
		mean, std float64 // expected moments
		bound     float64 // all |x - mean| < bound
	}{
		{NewRandomNormal(0, 0.05, 1), 0, 0.05, 0.05 * 6},
		{NewRandomNormal(1, 2, 1), 1, 2, 2 * 6},
		{NewTruncatedNormal(0, 0.05, 2), 0, 0.05 * truncatedStdCorrection, 0.1},
		{NewRandomUniform(-0.05, 0.05, 3), 0, 0.1 / math.Sqrt(12), 0.05},
		{NewRandomUniform(1, 3, 3), 2, 2 / math.Sqrt(12), 1},
		{NewGlorotUniform(4), 0, math.Sqrt(1.0 / 250), math.Sqrt(6.0 / 500)},
		{NewGlorotNormal(5), 0, math.Sqrt(1.0 / 250), 2 * math.Sqrt(1.0/250) / truncatedStdCorrection},
		{NewHeUniform(6), 0, math.Sqrt(2.0 / 200), math.Sqrt(6.0 / 200)},
		{NewHeNormal(7), 0, math.Sqrt(2.0 / 200), 2 * math.Sqrt(2.0/200) / truncatedStdCorrection},
		{NewLecunUniform(8), 0, math.Sqrt(1.0 / 200), math.Sqrt(3.0 / 200)},
		{NewLecunNormal(9), 0, math.Sqrt(1.0 / 200), 2 * math.Sqrt(1.0/200) / truncatedStdCorrection},
		{must(NewVarianceScaling(3, "fan_out", "untruncated_normal", 10)), 0, math.Sqrt(3.0 / 300), 6 * math.Sqrt(3.0/300)},
		{must(NewVarianceScaling(0.5, "fan_avg", "normal", 11)), 0, math.Sqrt(0.5 / 250), 2 * math.Sqrt(0.5/250) / truncatedStdCorrection},
	}
	for _, c := range cases {
		t.Run(c.init.ClassName(), func(t *testing.T) {
			x, err := c.init.Call(shape)
			if err != nil {
				t.Fatal(err)
			}
			if !x.Shape().Equal(shape) || x.DType() != tensor.Float32 {
				t.Fatalf("got %v %v", x.Shape(), x.DType())
			}
			mean, std, lo, hi := moments(x)
			if math.Abs(mean-c.mean) > 0.02*c.std {
				t.Errorf("mean %g, want %g", mean, c.mean)
			}
			if math.Abs(std-c.std) > 0.02*c.std {
				t.Errorf("std %g, want %g", std, c.std)
			}
			if lo < c.mean-c.bound || hi > c.mean+c.bound {
				t.Errorf("range [%g, %g] outside %g ± %g", lo, hi, c.mean, c.bound)
			}
		})
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func TestConstantInitializers(t *testing.T) {
	for _, c := range []struct {
		init Initializer
		want float32
	}{{Zeros{}, 0}, {Ones{}, 1}, {Constant{Value: 2.5}, 2.5}} {
		x, err := c.init.Call(tensor.Shape{2, 3})
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range x.Float32s() {
			if v != c.want {
				t.Fatalf("%s: %v", c.init.ClassName(), x)
			}
		}
	}
	x, err := Identity{Gain: 2}.Call(tensor.Shape{2, 3})
	if err != nil {
		t.Fatal(err)
	}
	if want := []float32{2, 0, 0, 0, 2, 0}; !reflect.DeepEqual(x.Float32s(), want) {
		t.Errorf("identity = %v, want %v", x.Float32s(), want)
	}
	if _, err := NewIdentity().Call(tensor.Shape{2, 2, 2}); err == nil || !strings.Contains(err.Error(), "2D") {
		t.Errorf("identity 3D: %v", err)
	}
	if _, err := (Zeros{}).Call(tensor.Shape{-1, 2}); err == nil {
		t.Error("unknown dimension accepted")
	}
}

func TestOrthogonal(t *testing.T) {
	for _, shape := range []tensor.Shape{{6, 4}, {4, 6}, {5, 5}, {3, 3, 2, 8}, {3, 3, 8, 4}} {
		o := NewOrthogonal(1.5, 42)
		x, err := o.Call(shape)
		if err != nil {
			t.Fatal(err)
		}
		rows := x.Size() / shape[len(shape)-1]
		cols := shape[len(shape)-1]
		d := x.Float32s()
		// The smaller of QᵀQ and QQᵀ is gain² I.
		outer, inner := cols, rows // columns orthonormal when rows >= cols
		at := func(i, k int) float64 { return float64(d[k*cols+i]) }
		if rows < cols {
			outer, inner = rows, cols
			at = func(i, k int) float64 { return float64(d[i*cols+k]) }
		}
		for i := range outer {
			for j := range outer {
				s := 0.0
				for k := range inner {
					s += at(i, k) * at(j, k)
				}
				want := 0.0
				if i == j {
					want = 1.5 * 1.5
				}
				if math.Abs(s-want) > 1e-5 {
					t.Fatalf("shape %v: gram[%d][%d] = %g, want %g", shape, i, j, s, want)
				}
			}
		}
	}
	if _, err := NewOrthogonal(1).Call(tensor.Shape{5}); err == nil {
		t.Error("rank-1 accepted")
	}
}

func TestSeeds(t *testing.T) {
	shape := tensor.Shape{4, 5}
	mk := []func(seed ...int64) Initializer{
		func(s ...int64) Initializer { return NewRandomNormal(0, 1, s...) },
		func(s ...int64) Initializer { return NewRandomUniform(-1, 1, s...) },
		func(s ...int64) Initializer { return NewTruncatedNormal(0, 1, s...) },
		func(s ...int64) Initializer { return NewGlorotUniform(s...) },
		func(s ...int64) Initializer { return NewHeNormal(s...) },
		func(s ...int64) Initializer { return NewOrthogonal(1, s...) },
	}
	for _, f := range mk {
		a, _ := f(7).Call(shape)
		b, _ := f(7).Call(shape)
		c, _ := f(8).Call(shape)
		if !reflect.DeepEqual(a.Float32s(), b.Float32s()) {
			t.Errorf("%s: same seed, different values", f().ClassName())
		}
		if reflect.DeepEqual(a.Float32s(), c.Float32s()) {
			t.Errorf("%s: different seeds, same values", f().ClassName())
		}
		// Unseeded: a default seed drawn at construction, so one instance
		// repeats itself (as in Keras) and two instances differ.
		u := f()
		x, _ := u.Call(shape)
		y, _ := u.Call(shape)
		z, _ := f().Call(shape)
		if !reflect.DeepEqual(x.Float32s(), y.Float32s()) || reflect.DeepEqual(x.Float32s(), z.Float32s()) {
			t.Errorf("%s: unseeded behaviour differs from Keras", u.ClassName())
		}
		if u.GetConfig()["seed"] != nil || f(7).GetConfig()["seed"] != int64(7) {
			t.Errorf("%s: seed config %v / %v", u.ClassName(), u.GetConfig()["seed"], f(7).GetConfig()["seed"])
		}
	}
}

func TestComputeFans(t *testing.T) {
	cases := []struct {
		shape         tensor.Shape
		in, out       []int
		fanIn, fanOut int
	}{
		{tensor.Shape{}, nil, nil, 1, 1},
		{tensor.Shape{7}, nil, nil, 7, 7},
		{tensor.Shape{3, 5}, nil, nil, 3, 5},
		{tensor.Shape{3, 16, 32}, nil, nil, 48, 96},           // Conv1D (k, in, out)
		{tensor.Shape{3, 3, 16, 32}, nil, nil, 144, 288},      // Conv2D
		{tensor.Shape{2, 3, 3, 4, 8}, nil, nil, 72, 144},      // Conv3D
		{tensor.Shape{4, 5, 6}, []int{0, 1}, []int{2}, 20, 6}, // explicit axes
		{tensor.Shape{4, 5, 6}, []int{-1}, []int{0}, 6, 4},
	}
	for _, c := range cases {
		in, out := ComputeFans(c.shape, c.in, c.out)
		if in != c.fanIn || out != c.fanOut {
			t.Errorf("ComputeFans(%v, %v, %v) = %d, %d; want %d, %d", c.shape, c.in, c.out, in, out, c.fanIn, c.fanOut)
		}
	}
}

func TestGetNames(t *testing.T) {
	want := map[string]string{
		"glorot_uniform": "GlorotUniform", "GlorotUniform": "GlorotUniform", "glorot_normal": "GlorotNormal",
		"he_uniform": "HeUniform", "he_normal": "HeNormal", "lecun_uniform": "LecunUniform",
		"lecun_normal": "LecunNormal", "orthogonal": "Orthogonal", "truncated_normal": "TruncatedNormal",
		"variance_scaling": "VarianceScaling", "constant": "Constant", "zeros": "Zeros", "ones": "Ones",
		"identity": "Identity", "random_normal": "RandomNormal", "random_uniform": "RandomUniform",
		"normal": "RandomNormal", "uniform": "RandomUniform", "zero": "Zeros", "one": "Ones",
		"IdentityInitializer": "Identity", "OrthogonalInitializer": "Orthogonal", "stft": "STFT",
		"STFTInitializer": "STFT",
	}
	for id, cls := range want {
		init, err := Get(id)
		if err != nil {
			t.Errorf("Get(%q): %v", id, err)
			continue
		}
		if init.ClassName() != cls {
			t.Errorf("Get(%q) = %s, want %s", id, init.ClassName(), cls)
		}
	}
	if _, err := Get("glorot"); err == nil || !strings.Contains(err.Error(), "glorot_uniform") {
		t.Errorf("unknown name error: %v", err)
	}
	if init, err := Get(nil); init != nil || err != nil {
		t.Errorf("Get(nil) = %v, %v", init, err)
	}
	z := Zeros{}
	if init, _ := Get(z); init != z {
		t.Error("Get(Initializer) did not return it")
	}
	// Keras defaults through Get.
	rn := must(Get("random_normal")).(*RandomNormal)
	if rn.Mean != 0 || rn.Stddev != 0.05 {
		t.Errorf("RandomNormal defaults %v", rn.GetConfig())
	}
	ru := must(Get("random_uniform")).(*RandomUniform)
	if ru.Minval != -0.05 || ru.Maxval != 0.05 {
		t.Errorf("RandomUniform defaults %v", ru.GetConfig())
	}
	vs := must(Get("variance_scaling")).(*VarianceScaling)
	if vs.Scale != 1 || vs.Mode != "fan_in" || vs.Distribution != "truncated_normal" {
		t.Errorf("VarianceScaling defaults %v", vs.GetConfig())
	}
}

func TestConfigRoundTrip(t *testing.T) {
	vs := must(NewVarianceScaling(2, "fan_out", "uniform", 3))
	vs.InputAxes, vs.OutputAxes = []int{0}, []int{1}
	all := []Initializer{
		Constant{Value: 0.5}, Zeros{}, Ones{}, Identity{Gain: 3},
		NewRandomNormal(0.1, 0.2, 5), NewRandomUniform(-1, 2, 6), NewTruncatedNormal(0, 3),
		vs, NewGlorotUniform(1), NewGlorotNormal(), NewHeUniform(2), NewHeNormal(),
		NewLecunUniform(), NewLecunNormal(4), NewOrthogonal(2, 9),
		must(NewSTFT("imag", "hamming", "spectrum", true)), must(NewSTFT("real", "", "", false)),
	}
	for _, init := range all {
		b, err := json.Marshal(Serialize(init))
		if err != nil {
			t.Fatal(err)
		}
		var back map[string]any
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatal(err)
		}
		got, err := Get(back)
		if err != nil {
			t.Fatalf("Get(%s): %v", b, err)
		}
		b2, _ := json.Marshal(Serialize(got))
		if string(b) != string(b2) {
			t.Errorf("round trip\n %s\n %s", b, b2)
		}
		if init.ClassName() != "Orthogonal" && init.ClassName() != "Identity" && init.ClassName() != "STFT" {
			x, _ := init.Call(tensor.Shape{3, 4})
			y, _ := got.Call(tensor.Shape{3, 4})
			if init.GetConfig()["seed"] != nil && !reflect.DeepEqual(x.Float32s(), y.Float32s()) {
				t.Errorf("%s: seeded round trip changed values", init.ClassName())
			}
		}
	}
	// Keras 3 file form, and a Keras 2 one ("normal" distribution).
	k3 := `{"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": null}, "registered_name": null}`
	k2 := `{"class_name": "VarianceScaling", "config": {"scale": 1.0, "mode": "fan_avg", "distribution": "normal", "seed": null}}`
	for _, s := range []string{k3, k2} {
		var d map[string]any
		_ = json.Unmarshal([]byte(s), &d)
		if _, err := Get(d); err != nil {
			t.Errorf("Get(%s): %v", s, err)
		}
	}
	bad := map[string]any{"class_name": "RandomNormal", "config": map[string]any{"stdev": 1.0}}
	if _, err := Get(bad); err == nil {
		t.Error("misspelt config key accepted")
	}
}

func TestVarianceScalingErrors(t *testing.T) {
	if _, err := NewVarianceScaling(0, "fan_in", "uniform"); err == nil {
		t.Error("scale 0 accepted")
	}
	if _, err := NewVarianceScaling(1, "fan", "uniform"); err == nil {
		t.Error("bad mode accepted")
	}
	if _, err := NewVarianceScaling(1, "fan_in", "gauss"); err == nil {
		t.Error("bad distribution accepted")
	}
}

func TestSTFT(t *testing.T) {
	s := must(NewSTFT("real", "", "", false))
	x, err := s.Call(tensor.Shape{4, 1, 3}) // fft_length 4
	if err != nil {
		t.Fatal(err)
	}
	// kernel[t][f] = cos(-2π t f / 4)
	want := []float32{1, 1, 1, 1, 0, -1, 1, -1, 1, 1, 0, -1}
	for i, v := range x.Float32s() {
		if math.Abs(float64(v-want[i])) > 1e-6 {
			t.Fatalf("stft = %v, want %v", x.Float32s(), want)
		}
	}
	h := must(NewSTFT("imag", "hann", "density", true))
	y, _ := h.Call(tensor.Shape{4, 1, 3})
	// periodic hann(4) = [0, .5, 1, .5], density scaling sqrt(1.5).
	sc := math.Sqrt(1.5)
	wantImag := []float64{0, 0, 0, 0, -0.5 / sc, 0, 0, 0, 0, 0, 0.5 / sc, 0}
	for i, v := range y.Float32s() {
		if math.Abs(float64(v)-wantImag[i]) > 1e-6 {
			t.Fatalf("stft imag = %v, want %v", y.Float32s(), wantImag)
		}
	}
}
