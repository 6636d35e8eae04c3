package losses

import (
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/gokeras/keras/autodiff"
	"github.com/gokeras/keras/tensor"
)

func TestConfigRoundTrip(t *testing.T) {
	cases := []struct {
		class string
		opts  []Option
		want  map[string]any
	}{
		{"MeanSquaredError", nil, map[string]any{"name": "mean_squared_error", "reduction": "sum_over_batch_size"}},
		{"Huber", []Option{Delta(0.5)}, map[string]any{"name": "huber_loss", "reduction": "sum_over_batch_size", "delta": 0.5}},
		{"SparseCategoricalCrossentropy", []Option{FromLogits(true), IgnoreClass(255), Reduction("sum")},
			map[string]any{"name": "sparse_categorical_crossentropy", "reduction": "sum", "from_logits": true, "ignore_class": 255, "axis": -1}},
		{"CategoricalCrossentropy", []Option{LabelSmoothing(0.1)},
			map[string]any{"name": "categorical_crossentropy", "reduction": "sum_over_batch_size", "from_logits": false, "label_smoothing": 0.1, "axis": -1}},
		{"BinaryFocalCrossentropy", []Option{ApplyClassBalancing(true), Name("bfc")},
			map[string]any{"name": "bfc", "reduction": "sum_over_batch_size", "from_logits": false, "label_smoothing": 0.0, "axis": -1,
				"apply_class_balancing": true, "alpha": 0.25, "gamma": 2.0}},
		{"Tversky", []Option{Axes(1, 2)}, map[string]any{"name": "tversky", "reduction": "sum_over_batch_size", "alpha": 0.5, "beta": 0.5, "axis": []int{1, 2}}},
		{"Dice", nil, map[string]any{"name": "dice", "reduction": "sum_over_batch_size", "axis": nil}},
		{"CosineSimilarity", []Option{Axis(1), Reduction("none")}, map[string]any{"name": "cosine_similarity", "reduction": "none", "axis": 1}},
	}
	for _, c := range cases {
		t.Run(c.class, func(t *testing.T) {
			l, err := constructors[c.class](c.opts...)
			if err != nil {
				t.Fatal(err)
			}
			if l.ClassName() != c.class {
				t.Errorf("ClassName %q", l.ClassName())
			}
			cfg := l.GetConfig()
			if !reflect.DeepEqual(cfg, c.want) {
				t.Errorf("GetConfig = %v, want %v", cfg, c.want)
			}
			back, err := FromConfig(c.class, cfg)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(back.GetConfig(), cfg) {
				t.Errorf("round trip %v != %v", back.GetConfig(), cfg)
			}
		})
	}
	// Every class round-trips through Get with a config map.
	for class := range specs {
		l, err := Get(class)
		if err != nil {
			t.Fatal(err)
		}
		back, err := Get(map[string]any{"class_name": class, "config": l.GetConfig()})
		if err != nil || !reflect.DeepEqual(back.GetConfig(), l.GetConfig()) {
			t.Errorf("%s: Get(config) = %v, %v", class, back, err)
		}
	}
}

func TestGet(t *testing.T) {
	cases := []struct{ id, class, name string }{
		{"sparse_categorical_crossentropy", "SparseCategoricalCrossentropy", "sparse_categorical_crossentropy"},
		{"SparseCategoricalCrossentropy", "SparseCategoricalCrossentropy", "sparse_categorical_crossentropy"},
		{"mse", "MeanSquaredError", "mean_squared_error"},
		{"MAE", "MeanAbsoluteError", "mean_absolute_error"},
		{"mape", "MeanAbsolutePercentageError", "mean_absolute_percentage_error"},
		{"msle", "MeanSquaredLogarithmicError", "mean_squared_logarithmic_error"},
		{"bce", "BinaryCrossentropy", "binary_crossentropy"},
		{"kld", "KLDivergence", "kl_divergence"},
		{"huber", "Huber", "huber"},
		{"Huber", "Huber", "huber_loss"},
		{"log_cosh", "LogCosh", "log_cosh"},
		{"hinge", "Hinge", "hinge"},
		{"categorical_focal_crossentropy", "CategoricalFocalCrossentropy", "categorical_focal_crossentropy"},
		{"tversky", "Tversky", "tversky"},
	}
	for _, c := range cases {
		l, err := Get(c.id)
		if err != nil {
			t.Fatalf("Get(%q): %v", c.id, err)
		}
		if l.ClassName() != c.class || l.Name() != c.name {
			t.Errorf("Get(%q) = %s %q, want %s %q", c.id, l.ClassName(), l.Name(), c.class, c.name)
		}
	}
	mse, _ := NewMeanSquaredError()
	if l, err := Get(mse); err != nil || l != Loss(mse) {
		t.Errorf("Get(Loss) = %v, %v", l, err)
	}
	if l, err := Get(nil); l != nil || err != nil {
		t.Errorf("Get(nil) = %v, %v", l, err)
	}
	l, err := Get(map[string]any{"class_name": "CategoricalCrossentropy", "config": map[string]any{"from_logits": true}})
	if err != nil || l.GetConfig()["from_logits"] != true {
		t.Errorf("Get(config) = %v, %v", l, err)
	}
}

func TestErrors(t *testing.T) {
	f := func(data []float32, shape ...int) *tensor.Tensor { return mustF(t, data, shape...) }
	logits := f(make([]float32, 6), 2, 3)
	cce, _ := NewCategoricalCrossentropy()
	scce, _ := NewSparseCategoricalCrossentropy(FromLogits(true))
	scceIgn, _ := NewSparseCategoricalCrossentropy(IgnoreClass(-1))
	mse, _ := NewMeanSquaredError()
	bad3, _ := tensor.FromInt32([]int32{0, 3}, 2)
	neg, _ := tensor.FromInt64([]int64{-1, 1}, 2)
	cases := []struct {
		name string
		err  func() error
		want []string
	}{
		{"cce rank", func() error { _, err := cce.Call(f([]float32{0, 1}, 2), logits, nil); return err },
			[]string{`"categorical_crossentropy"`, "CategoricalCrossentropy", "same rank", "target.shape=(2,)", "output.shape=(2, 3)"}},
		{"cce shape", func() error { _, err := cce.Call(f(make([]float32, 4), 2, 2), logits, nil); return err },
			[]string{"must have the same shape", "target.shape=(2, 2)", "output.shape=(2, 3)"}},
		{"scce label", func() error { _, err := scce.Call(bad3, logits, nil); return err },
			[]string{"SparseCategoricalCrossentropy", "label value of 3", "[0, 3)", "3 classes"}},
		{"scce negative", func() error { _, err := scce.Call(neg, logits, nil); return err },
			[]string{"label value of -1"}},
		{"scce shape", func() error { _, err := scce.Call(f([]float32{0, 1, 2}, 3), logits, nil); return err },
			[]string{"up until the last dimension", "target.shape=(3,)", "output.shape=(2, 3)"}},
		{"mse broadcast", func() error { _, err := mse.Call(f(make([]float32, 8), 2, 4), logits, nil); return err },
			[]string{`"mean_squared_error"`, "(2, 4)", "(2, 3)"}},
		{"sample weight", func() error { _, err := mse.Call(logits, logits, f(make([]float32, 3), 3)); return err },
			[]string{"sample_weight", "(3,)", "(2,)"}},
		{"bad reduction", func() error { _, err := NewHinge(Reduction("avg")); return err },
			[]string{"Hinge", "reduction", "avg"}},
		{"bad option", func() error { _, err := NewMeanSquaredError(FromLogits(true)); return err },
			[]string{"MeanSquaredError", "from_logits"}},
		{"unknown", func() error { _, err := Get("not_a_loss"); return err },
			[]string{"Could not interpret loss identifier", "not_a_loss"}},
		{"unknown class", func() error { _, err := FromConfig("Nope", nil); return err }, []string{"Nope"}},
		{"bad config", func() error { _, err := FromConfig("Huber", map[string]any{"delta": "x"}); return err }, []string{"delta"}},
		{"nil", func() error { _, err := mse.Call(nil, logits, nil); return err }, []string{"nil"}},
	}
	for _, c := range cases {
		err := c.err()
		if err == nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q does not contain %q", c.name, err, w)
			}
		}
	}
	// The ignored class is not range-checked.
	if _, err := scceIgn.Call(neg, f([]float32{.2, .3, .5, .1, .1, .8}, 2, 3), nil); err != nil {
		t.Errorf("ignore_class -1: %v", err)
	}
}

// fakeSoftmax is a last-axis softmax op implementing LogitsProvider, as the
// ops/activations softmax is expected to.
type fakeSoftmax struct{}

func (fakeSoftmax) Name() string                              { return "softmax" }
func (fakeSoftmax) Logits(in []*tensor.Tensor) *tensor.Tensor { return in[0] }
func (fakeSoftmax) Forward(out *tensor.Tensor, in []*tensor.Tensor) {
	k := in[0].Dim(-1)
	x, o := in[0].Float32s(), out.Float32s()
	for r := 0; r < len(x); r += k {
		lse := logSumExp(x[r : r+k])
		for j := r; j < r+k; j++ {
			o[j] = float32(math.Exp(float64(x[j]) - lse))
		}
	}
}
func (fakeSoftmax) Backward(gout, out *tensor.Tensor, in []*tensor.Tensor, gin []*tensor.Tensor) {
	k := out.Dim(-1)
	g, y, gx := gout.Float32s(), out.Float32s(), gin[0].Float32s()
	for r := 0; r < len(y); r += k {
		dot := float32(0)
		for j := r; j < r+k; j++ {
			dot += g[j] * y[j]
		}
		for j := r; j < r+k; j++ {
			gx[j] += y[j] * (g[j] - dot)
		}
	}
}

func TestSoftmaxFusion(t *testing.T) {
	z := tensor.Track(mustF(t, []float32{30, -30, 0, 1, 2, 3}, 2, 3), true)
	probs, err := tensor.Apply(fakeSoftmax{}, tensor.Float32, z.Shape(), z)
	if err != nil {
		t.Fatal(err)
	}
	if Logits(probs) != z {
		t.Fatal("Logits did not find the softmax input")
	}
	labels, _ := tensor.FromInt32([]int32{1, 2}, 2)
	onehot := mustF(t, []float32{0, 1, 0, 0, 0, 1}, 2, 3)
	// Exact values from logits: sample 0 has log-probability -60 for class 1,
	// which clipped probabilities would turn into -log(1e-7) = 16.1.
	want := (60 + (math.Log(math.Exp(-2) + math.Exp(-1) + 1))) / 2
	for _, mk := range []func() (Loss, error){
		func() (Loss, error) { return NewSparseCategoricalCrossentropy() },
		func() (Loss, error) { return NewCategoricalCrossentropy() },
	} {
		l, _ := mk()
		yTrue := labels
		if l.ClassName() == "CategoricalCrossentropy" {
			yTrue = onehot
		}
		got, err := l.Call(yTrue, probs, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !approx(got.Item(), want) {
			t.Errorf("%s fused = %v, want %v", l.ClassName(), got.Item(), want)
		}
		g, err := autodiff.Gradients(got, []*tensor.Tensor{z})
		if err != nil {
			t.Fatal(err)
		}
		if d := g[0].Float32s()[1]; !approx(float64(d), -0.5) {
			t.Errorf("%s d/dz[0,1] = %v, want -0.5", l.ClassName(), d)
		}
	}
	// Untracked probabilities are used as probabilities (clipped).
	l, _ := NewSparseCategoricalCrossentropy()
	got, _ := l.Call(labels, probs.Detach(), nil)
	if approx(got.Item(), want) {
		t.Error("detached softmax output should not be fused")
	}
}

// TestPlanReplay checks that a compiled plan recomputes the loss from new
// placeholder data, matching an eager call, without allocating.
func TestPlanReplay(t *testing.T) {
	for _, name := range []string{"sparse_categorical_crossentropy", "categorical_crossentropy", "mse", "binary_crossentropy"} {
		t.Run(name, func(t *testing.T) {
			const b, k = 8, 10
			sparse := name == "sparse_categorical_crossentropy"
			mkTrue := func(seed int) *tensor.Tensor {
				if sparse {
					d := make([]int32, b)
					for i := range d {
						d[i] = int32((i*7 + seed) % k)
					}
					x, _ := tensor.FromInt32(d, b)
					return x
				}
				d := make([]float32, b*k)
				for i := 0; i < b; i++ {
					d[i*k+(i*3+seed)%k] = 1
				}
				return mustF(t, d, b, k)
			}
			pred := func(seed int) []float32 {
				d := make([]float32, b*k)
				for i := range d {
					d[i] = 0.05 + 0.9*float32((i*13+seed*5)%17)/17
				}
				return d
			}
			l, err := Get(name)
			if err != nil {
				t.Fatal(err)
			}
			yTrue := tensor.Track(mkTrue(0), false)
			yPred := tensor.Track(mustF(t, pred(0), b, k), true)
			sw := tensor.Track(mustF(t, make([]float32, b), b), false)
			sw.Fill(1)
			loss, err := l.Call(yTrue, yPred, sw)
			if err != nil {
				t.Fatal(err)
			}
			plan, err := autodiff.NewPlan(nil, loss, []*tensor.Tensor{yPred})
			if err != nil {
				t.Fatal(err)
			}
			// New batch written into the placeholders.
			if err := yTrue.CopyFrom(mkTrue(3)); err != nil {
				t.Fatal(err)
			}
			copy(yPred.Float32s(), pred(2))
			for i := range sw.Float32s() {
				sw.Float32s()[i] = float32(i + 1)
			}
			plan.Forward()
			plan.Backward()
			eager, err := l.Call(mkTrue(3), mustF(t, pred(2), b, k), sw.Detach())
			if err != nil {
				t.Fatal(err)
			}
			if !approx(loss.Item(), eager.Item()) {
				t.Errorf("replayed loss %v, eager %v", loss.Item(), eager.Item())
			}
			if allocs := testing.AllocsPerRun(10, func() { plan.Forward(); plan.Backward() }); allocs != 0 {
				t.Errorf("replay allocates %v times", allocs)
			}
		})
	}
}

func TestFunctional(t *testing.T) {
	logits := mustF(t, []float32{1, 2, 3, 1, 0, -1}, 2, 3)
	labels, _ := tensor.FromInt64([]int64{2, 0}, 2)
	ig := 0
	got, err := SparseCategoricalCrossentropyFn(labels, logits, true, &ig, -1)
	if err != nil {
		t.Fatal(err)
	}
	want0 := math.Log(math.Exp(1)+math.Exp(2)+math.Exp(3)) - 3
	if !got.Shape().Equal(tensor.Shape{2}) || !approx(got.At(0), want0) || got.At(1) != 0 {
		t.Errorf("SparseCategoricalCrossentropyFn = %v", got)
	}
	d, err := DiceFn(logits, logits)
	if err != nil || d.Rank() != 0 {
		t.Errorf("DiceFn = %v, %v", d, err)
	}
	m, err := MeanSquaredErrorFn(mustF(t, []float32{0, 0, 0, 0, 0, 0}, 2, 3), logits)
	if err != nil || !approx(m.At(0), 14.0/3) || !approx(m.At(1), 2.0/3) {
		t.Errorf("MeanSquaredErrorFn = %v, %v", m, err)
	}
}

// TestSparseReplayBadLabel: an out-of-range label written into a replayed
// placeholder gives NaN and an error from the op's Err.
func TestSparseReplayBadLabel(t *testing.T) {
	labels, _ := tensor.FromInt32([]int32{0, 1}, 2)
	tensor.Track(labels, false)
	yPred := tensor.Track(mustF(t, []float32{1, 2, 3, 4}, 2, 2), true)
	l, _ := NewSparseCategoricalCrossentropy(FromLogits(true), Reduction("none"))
	out, err := l.Call(labels, yPred, nil)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := autodiff.NewPlan(nil, out, []*tensor.Tensor{yPred})
	if err != nil {
		t.Fatal(err)
	}
	labels.Int32s()[1] = 7
	plan.Forward()
	if !math.IsNaN(out.At(1)) {
		t.Errorf("loss of bad label = %v, want NaN", out.At(1))
	}
	perSample := out.Node().Inputs[0].Node().Op.(interface{ Err() error })
	if err := perSample.Err(); err == nil || !strings.Contains(err.Error(), "label value of 7") {
		t.Errorf("Err() = %v", err)
	}
}
