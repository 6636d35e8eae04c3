package random

import (
	"math"
	"slices"
	"testing"

	"github.com/gokeras/keras/autodiff"
	"github.com/gokeras/keras/internal/gradcheck"
	"github.com/gokeras/keras/ops"
	"github.com/gokeras/keras/tensor"
)

func moments(d []float32) (mean, std float64) {
	for _, v := range d {
		mean += float64(v)
	}
	mean /= float64(len(d))
	for _, v := range d {
		std += (float64(v) - mean) * (float64(v) - mean)
	}
	return mean, math.Sqrt(std / float64(len(d)))
}

func TestSeeds(t *testing.T) {
	SetSeed(42)
	a := []uint64{NextSeed(), NextSeed()}
	SetSeed(42)
	b := []uint64{NextSeed(), NextSeed()}
	if !slices.Equal(a, b) || a[0] == a[1] {
		t.Errorf("global seeds not reproducible: %v vs %v", a, b)
	}
	g1, g2, g3 := NewSeedGenerator(7), NewSeedGenerator(7), NewSeedGenerator(8)
	x, y, z := g1.Next(), g2.Next(), g3.Next()
	if x != y || x == z {
		t.Errorf("generators: %d %d %d", x, y, z)
	}
	s, c := g1.State()
	n1 := g1.Next()
	g3.SetState(s, c)
	if g3.Next() != n1 {
		t.Error("SetState does not restore the sequence")
	}
}

func TestDistributions(t *testing.T) {
	const n = 200000
	cases := []struct {
		name           string
		draw           func(seed uint64) (*tensor.Tensor, error)
		mean, std, tol float64
		lo, hi         float64
	}{
		{"normal", func(s uint64) (*tensor.Tensor, error) { return Normal([]int{n}, 1, 2, s) }, 1, 2, 0.02, math.Inf(-1), math.Inf(1)},
		{"uniform", func(s uint64) (*tensor.Tensor, error) { return Uniform([]int{n}, -1, 3, s) }, 1, 4 / math.Sqrt(12), 0.02, -1, 3},
		{"truncated_normal", func(s uint64) (*tensor.Tensor, error) { return TruncatedNormal([]int{n}, 0.5, 1, s) }, 0.5, 0.8796, 0.02, -1.5, 2.5},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			x, err := c.draw(3)
			if err != nil {
				t.Fatal(err)
			}
			again, _ := c.draw(3)
			other, _ := c.draw(4)
			if !slices.Equal(x.Float32s(), again.Float32s()) || slices.Equal(x.Float32s(), other.Float32s()) {
				t.Fatal("draws are not determined by the seed")
			}
			m, s := moments(x.Float32s())
			if math.Abs(m-c.mean) > c.tol || math.Abs(s-c.std) > c.tol {
				t.Errorf("mean %.4f std %.4f, want %.4f %.4f", m, s, c.mean, c.std)
			}
			for _, v := range x.Float32s() {
				if float64(v) < c.lo || float64(v) > c.hi || (c.name == "uniform" && float64(v) == c.hi) {
					t.Fatalf("value %g outside [%g, %g]", v, c.lo, c.hi)
				}
			}
		})
	}
	if _, err := Uniform([]int{2}, 1, 0, 0); err == nil {
		t.Error("Uniform accepted minval > maxval")
	}
	if _, err := Normal([]int{-2}, 0, 1, 0); err == nil {
		t.Error("Normal accepted a negative shape")
	}
}

func TestPermutationShuffle(t *testing.T) {
	p := Permutation(10, 5)
	s := slices.Sorted(slices.Values(p))
	for i, v := range s {
		if v != i {
			t.Fatalf("not a permutation: %v", p)
		}
	}
	if !slices.Equal(p, Permutation(10, 5)) {
		t.Error("permutation not determined by the seed")
	}
	x, _ := tensor.FromFloat32([]float32{0, 0, 1, 1, 2, 2}, 3, 2)
	y, err := Shuffle(x, 5)
	if err != nil {
		t.Fatal(err)
	}
	q := Permutation(3, 5)
	for i, k := range q {
		if y.Float32s()[2*i] != float32(k) {
			t.Fatalf("shuffle %v does not follow permutation %v", y.Float32s(), q)
		}
	}
}

func TestDropoutForward(t *testing.T) {
	x := tensor.Zeros(400, 250)
	x.Fill(2)
	y, err := Dropout(x, 0.3, NewSeedGenerator(1), nil)
	if err != nil {
		t.Fatal(err)
	}
	zeros := 0
	for _, v := range y.Float32s() {
		switch v {
		case 0:
			zeros++
		case 2 / float32(0.7):
		default:
			t.Fatalf("kept value %g, want %g", v, 2/float32(0.7))
		}
	}
	if frac := float64(zeros) / float64(x.Size()); math.Abs(frac-0.3) > 0.01 {
		t.Errorf("dropped fraction %.4f, want 0.3", frac)
	}
	y2, _ := Dropout(x, 0.3, NewSeedGenerator(1), nil)
	if !slices.Equal(y.Float32s(), y2.Float32s()) {
		t.Error("same generator seed gave different masks")
	}
	// A noise shape of (-1, 1) drops whole rows.
	z, err := Dropout(x, 0.5, NewSeedGenerator(2), []int{-1, 1})
	if err != nil {
		t.Fatal(err)
	}
	for r := 0; r < 400; r++ {
		row := z.Float32s()[r*250 : (r+1)*250]
		for _, v := range row {
			if v != row[0] {
				t.Fatalf("row %d not dropped as a whole", r)
			}
		}
	}
	for _, c := range []struct {
		rate  float32
		noise []int
	}{{1, nil}, {-0.1, nil}, {0.5, []int{400}}, {0.5, []int{2, 1}}} {
		if _, err := Dropout(x, c.rate, nil, c.noise); err == nil {
			t.Errorf("rate %g noise %v: no error", c.rate, c.noise)
		}
	}
}

func TestDropoutGradient(t *testing.T) {
	for _, noise := range [][]int{nil, {1, -1}} {
		f := func(in []*tensor.Tensor) (*tensor.Tensor, error) {
			return Dropout(in[0], 0.4, NewSeedGenerator(9), noise)
		}
		if err := gradcheck.Check(f, []*tensor.Tensor{gradcheck.Random(1, -1, 1, 3, 4)}, gradcheck.Options{}); err != nil {
			t.Errorf("noise %v: %v", noise, err)
		}
	}
}

// TestDropoutReplay checks that a compiled plan draws a new mask per
// Forward, reproducibly after SetSeed, without allocating.
func TestDropoutReplay(t *testing.T) {
	run := func() [][]float32 {
		SetSeed(123)
		w := tensor.NewVariable("w", "w", tensor.Zeros(8, 16), true)
		w.Value().Fill(1)
		y, err := Dropout(w.Value(), 0.5, NewSeedGenerator(NextSeed()), nil)
		if err != nil {
			t.Fatal(err)
		}
		loss, err := ops.Sum(y, nil, false)
		if err != nil {
			t.Fatal(err)
		}
		plan, err := autodiff.NewPlan(nil, loss, []*tensor.Tensor{w.Value()})
		if err != nil {
			t.Fatal(err)
		}
		var masks [][]float32
		for range 3 {
			plan.Forward()
			plan.Backward()
			if !slices.Equal(plan.Grads()[0].Float32s(), y.Float32s()) {
				t.Fatal("gradient does not follow the current mask")
			}
			masks = append(masks, slices.Clone(y.Float32s()))
		}
		if a := testing.AllocsPerRun(10, func() { plan.Forward(); plan.Backward() }); a != 0 {
			t.Errorf("replay allocates %v times", a)
		}
		return masks
	}
	a, b := run(), run()
	if slices.Equal(a[0], a[1]) || slices.Equal(a[1], a[2]) {
		t.Error("replays reuse the same mask")
	}
	for i := range a {
		if !slices.Equal(a[i], b[i]) {
			t.Errorf("step %d not reproducible after SetSeed", i)
		}
	}
}
