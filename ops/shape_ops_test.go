package ops

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/gokeras/keras/autodiff"
	"github.com/gokeras/keras/tensor"
)

func f32t(t testing.TB, data []float32, shape ...int) *tensor.Tensor {
	t.Helper()
	x, err := tensor.FromFloat32(data, shape...)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

func seq(shape ...int) *tensor.Tensor {
	x := tensor.Zeros(shape...)
	for i := range x.Float32s() {
		x.Float32s()[i] = float32(i)
	}
	return x
}

func vals(x *tensor.Tensor) []float64 {
	out := make([]float64, x.Size())
	for i := range out {
		out[i] = x.At(i)
	}
	return out
}

func TestForwardValues(t *testing.T) {
	ok := func(x *tensor.Tensor, err error) *tensor.Tensor {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	a := seq(2, 3)
	i64, _ := tensor.FromInt64([]int64{5, -2, 7}, 3)
	cases := []struct {
		name  string
		got   *tensor.Tensor
		shape tensor.Shape
		want  []float64
	}{
		{"transpose", ok(Transpose(a, nil)), tensor.Shape{3, 2}, []float64{0, 3, 1, 4, 2, 5}},
		{"transpose_int", ok(Transpose(mustI32(t, []int32{1, 2, 3, 4, 5, 6}, 2, 3), []int{1, 0})), tensor.Shape{3, 2}, []float64{1, 4, 2, 5, 3, 6}},
		{"expand_dims", ok(ExpandDims(a, 1)), tensor.Shape{2, 1, 3}, []float64{0, 1, 2, 3, 4, 5}},
		{"squeeze_all", ok(Squeeze(seq(1, 3, 1))), tensor.Shape{3}, []float64{0, 1, 2}},
		{"concatenate_axis0", ok(Concatenate([]*tensor.Tensor{a, seq(1, 3)}, 0)), tensor.Shape{3, 3}, []float64{0, 1, 2, 3, 4, 5, 0, 1, 2}},
		{"concatenate_promote", ok(Concatenate([]*tensor.Tensor{mustI32(t, []int32{1}, 1), f32t(t, []float32{2.5}, 1)}, 0)), tensor.Shape{2}, []float64{1, 2.5}},
		{"stack_last", ok(Stack([]*tensor.Tensor{seq(2), seq(2)}, -1)), tensor.Shape{2, 2}, []float64{0, 0, 1, 1}},
		{"slice", ok(Slice(seq(3, 4), []int{1, 1}, []int{2, -1})), tensor.Shape{2, 3}, []float64{5, 6, 7, 9, 10, 11}},
		{"take", ok(Take(seq(3, 2), mustI32(t, []int32{2, -3}, 2), 0)), tensor.Shape{2, 2}, []float64{4, 5, 0, 1}},
		{"take_int64_idx", ok(Take(seq(8), i64, 0)), tensor.Shape{3}, []float64{5, 6, 7}},
		{"take_along", ok(TakeAlongAxis(a, mustI32(t, []int32{2, 0}, 2, 1), 1)), tensor.Shape{2, 1}, []float64{2, 3}},
		{"tile", ok(Tile(seq(2), []int{2, 2})), tensor.Shape{2, 4}, []float64{0, 1, 0, 1, 0, 1, 0, 1}},
		{"broadcast_to", ok(BroadcastTo(seq(3), []int{2, 3})), tensor.Shape{2, 3}, []float64{0, 1, 2, 0, 1, 2}},
		{"pad", ok(Pad(seq(2), [][2]int{{1, 2}}, -1)), tensor.Shape{5}, []float64{-1, 0, 1, -1, -1}},
		{"where", ok(Where(mustBool(t, []bool{true, false}, 2), seq(2, 2), f32t(t, []float32{9}, 1))), tensor.Shape{2, 2}, []float64{0, 9, 2, 9}},
		{"clip_int", ok(Clip(mustI32(t, []int32{-5, 0, 5}, 3), -1, 2)), tensor.Shape{3}, []float64{-1, 0, 2}},
		{"equal_mixed", ok(Equal(mustI32(t, []int32{1, 2}, 2), f32t(t, []float32{1}, 1))), tensor.Shape{2}, []float64{1, 0}},
		{"greater", ok(Greater(seq(3), tensor.Scalar(1))), tensor.Shape{3}, []float64{0, 0, 1}},
		{"less_equal", ok(LessEqual(seq(3), tensor.Scalar(1))), tensor.Shape{3}, []float64{1, 1, 0}},
		{"not_equal", ok(NotEqual(seq(2), seq(2))), tensor.Shape{2}, []float64{0, 0}},
		{"logical_and", ok(LogicalAnd(mustBool(t, []bool{true, true, false}, 3), seq(3))), tensor.Shape{3}, []float64{0, 1, 0}},
		{"logical_or", ok(LogicalOr(mustBool(t, []bool{true, false, false}, 3), seq(3))), tensor.Shape{3}, []float64{1, 1, 1}},
		{"logical_not", ok(LogicalNot(seq(2))), tensor.Shape{2}, []float64{1, 0}},
		{"one_hot", ok(OneHot(mustI32(t, []int32{1, -1, 3, 0}, 4), 3)), tensor.Shape{4, 3}, []float64{0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0}},
		{"argmax_ties", ok(Argmax(f32t(t, []float32{1, 3, 3, 0, 2, 2}, 2, 3), -1)), tensor.Shape{2}, []float64{1, 1}},
		{"argmin_axis0", ok(Argmin(f32t(t, []float32{1, 3, 3, 0, 2, 3}, 2, 3), 0)), tensor.Shape{3}, []float64{1, 1, 0}},
		{"argmax_nan", ok(Argmax(f32t(t, []float32{1, float32(math.NaN()), 5}, 3), 0)), tensor.Shape{}, []float64{1}},
		{"all", ok(All(mustBool(t, []bool{true, false, true, true}, 2, 2), []int{1}, false)), tensor.Shape{2}, []float64{0, 1}},
		{"any_axis0_keep", ok(Any(mustBool(t, []bool{false, false, true, false}, 2, 2), []int{0}, true)), tensor.Shape{1, 2}, []float64{1, 0}},
		{"prod", ok(Prod(f32t(t, []float32{1, 2, 3, 4}, 2, 2), []int{0}, false)), tensor.Shape{2}, []float64{3, 8}},
		{"cumsum_int", ok(Cumsum(mustI32(t, []int32{1, 2, 3}, 3), 0)), tensor.Shape{3}, []float64{1, 3, 6}},
		{"norm0", ok(Norm(f32t(t, []float32{0, 2, 0, -1}, 4), 0, nil, false)), tensor.Shape{}, []float64{2}},
		{"norm_neg_inf", ok(Norm(f32t(t, []float32{3, -2, 5}, 3), math.Inf(-1), nil, false)), tensor.Shape{}, []float64{2}},
		{"zeros_like_int", ok(ZerosLike(mustI32(t, []int32{4, 5}, 2))), tensor.Shape{2}, []float64{0, 0}},
		{"ones_like", ok(OnesLike(seq(2))), tensor.Shape{2}, []float64{1, 1}},
		{"full", ok(Full([]int{2}, 7)), tensor.Shape{2}, []float64{7, 7}},
		{"zeros", ok(Zeros(1, 2)), tensor.Shape{1, 2}, []float64{0, 0}},
		{"ones", ok(Ones(2)), tensor.Shape{2}, []float64{1, 1}},
		{"arange", ok(Arange(1, 2, 0.25)), tensor.Shape{4}, []float64{1, 1.25, 1.5, 1.75}},
		{"arange_down", ok(Arange(3, 0, -1)), tensor.Shape{3}, []float64{3, 2, 1}},
		{"eye", ok(Eye(2, 3)), tensor.Shape{2, 3}, []float64{1, 0, 0, 0, 1, 0}},
		{"stop_gradient", ok(StopGradient(seq(2))), tensor.Shape{2}, []float64{0, 1}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if !c.got.Shape().Equal(c.shape) {
				t.Fatalf("shape %v, want %v", c.got.Shape(), c.shape)
			}
			if got := vals(c.got); !slices.Equal(got, c.want) {
				t.Fatalf("values %v, want %v", got, c.want)
			}
		})
	}
}

func TestSplitAndTopKIndices(t *testing.T) {
	parts, err := Split(seq(2, 4), 2, 1)
	if err != nil {
		t.Fatal(err)
	}
	if got := vals(parts[1]); !slices.Equal(got, []float64{2, 3, 6, 7}) {
		t.Errorf("split part 1 = %v", got)
	}
	x := f32t(t, []float32{1, 5, 5, 2, 0, 9, 9, 9}, 2, 4)
	v, idx, err := TopK(x, 3)
	if err != nil {
		t.Fatal(err)
	}
	if got := vals(v); !slices.Equal(got, []float64{5, 5, 2, 9, 9, 9}) {
		t.Errorf("top_k values %v", got)
	}
	if got := vals(idx); !slices.Equal(got, []float64{1, 2, 3, 1, 2, 3}) {
		t.Errorf("top_k indices %v", got)
	}
	if idx.DType() != tensor.Int32 {
		t.Errorf("top_k indices dtype %v", idx.DType())
	}
}

func TestErrors(t *testing.T) {
	a, b := seq(2, 3), seq(2, 4)
	_, e1 := Concatenate([]*tensor.Tensor{a, b}, 0)
	_, e2 := Take(seq(5), mustI32(t, []int32{1, 7}, 2), 0)
	_, e3 := Squeeze(a, 0)
	_, e4 := Split(a, 2, 1)
	_, e5 := Transpose(a, []int{0, 0})
	_, e6 := Slice(a, []int{1, 0}, []int{2, 3})
	_, e7 := Take(a, a, 0)
	_, e8 := BroadcastTo(a, []int{3, 3})
	_, _, e9 := TopK(a, 4)
	_, e10 := Norm(a, 1, nil, false)
	_, e11 := Where(mustBool(t, []bool{true, false, true}, 3), a, b)
	_, e12 := Stack([]*tensor.Tensor{a, b}, 0)
	_, e13 := Arange(0, 1, 0)
	_, e14 := Softmax(a, 2)
	_, e15 := Concatenate(nil, 0)
	cases := []struct {
		err  error
		want string
	}{
		{e1, "ops.concatenate: shapes (2, 3) and (2, 4) differ on axis 1"},
		{e2, "ops.take: index 7 is out of bounds for axis 0 with size 5"},
		{e3, "ops.squeeze: cannot squeeze axis 0 of a tensor of shape (2, 3)"},
		{e4, "cannot be split into 2 equal sections"},
		{e5, "not a permutation"},
		{e6, "exceed the input shape (2, 3) on axis 0"},
		{e7, "indices must be an integer tensor"},
		{e8, "cannot broadcast a tensor of shape (2, 3) to shape (3, 3)"},
		{e9, "k=4 must be in [1, 3]"},
		{e10, "matrix norm"},
		{e11, "cannot be broadcast together"},
		{e12, "all input shapes must be equal"},
		{e13, "ops.arange"},
		{e14, "ops.softmax: axis 2 is out of range"},
		{e15, "need at least one tensor"},
	}
	for i, c := range cases {
		if c.err == nil || !strings.Contains(c.err.Error(), c.want) {
			t.Errorf("case %d: error %v, want it to contain %q", i, c.err, c.want)
		}
	}
}

// TestReplay checks that a compiled plan recomputes gathers from the
// current indices and that replays do not allocate.
func TestReplay(t *testing.T) {
	emb := tensor.NewVariable("embeddings", "emb/embeddings", seq(4, 2), true)
	ids := tensor.Track(mustI32(t, []int32{0, 3}, 2), false)
	x := tensor.Track(seq(2, 3, 4), false)
	chain := func() (*tensor.Tensor, error) {
		e, err := Take(emb.Value(), ids, 0)
		if err != nil {
			return nil, err
		}
		y, err := Transpose(x, []int{2, 0, 1})
		if err != nil {
			return nil, err
		}
		y, err = Softmax(y, 0)
		if err != nil {
			return nil, err
		}
		s, err := LogSumExp(y, []int{0, 2}, false)
		if err != nil {
			return nil, err
		}
		p, err := Pad(e, [][2]int{{0, 0}, {1, 0}}, 0)
		if err != nil {
			return nil, err
		}
		s2, err := Var(p, nil, false)
		if err != nil {
			return nil, err
		}
		s, err = Mean(s, nil, false)
		if err != nil {
			return nil, err
		}
		return Add(s, s2)
	}
	loss, err := chain()
	if err != nil {
		t.Fatal(err)
	}
	plan, err := autodiff.NewPlan(nil, loss, []*tensor.Tensor{emb.Value()})
	if err != nil {
		t.Fatal(err)
	}
	plan.Forward()
	plan.Backward()
	g0 := slices.Clone(plan.Grads()[0].Float32s())
	ids.Int32s()[1] = 1
	plan.Forward()
	plan.Backward()
	g1 := plan.Grads()[0].Float32s()
	if g0[7] == 0 || g1[7] != 0 || g1[3] == 0 {
		t.Errorf("replay did not follow new indices: before %v after %v", g0, g1)
	}
	allocs := testing.AllocsPerRun(10, func() {
		plan.Forward()
		plan.Backward()
	})
	if allocs != 0 {
		t.Errorf("replay allocates %v times", allocs)
	}
}

// TestNoAllocReplay replays Forward and Backward of each op's node and
// checks that neither allocates.
func TestNoAllocReplay(t *testing.T) {
	x := tensor.Track(seq(2, 3, 4), true)
	y := tensor.Track(seq(3, 1), true)
	idx := tensor.Track(mustI32(t, []int32{1, 0, 2}, 1, 3, 1), false)
	cond := tensor.Track(mustBool(t, []bool{true, false, true}, 3, 1), false)
	type mk = func() (*tensor.Tensor, error)
	cases := map[string]mk{
		"concatenate": func() (*tensor.Tensor, error) { return Concatenate([]*tensor.Tensor{x, x}, 1) },
		"tile":        func() (*tensor.Tensor, error) { return Tile(y, []int{2, 2}) },
		"broadcast":   func() (*tensor.Tensor, error) { return BroadcastTo(y, []int{2, 3, 4}) },
		"take_along":  func() (*tensor.Tensor, error) { return TakeAlongAxis(x, idx, 1) },
		"where":       func() (*tensor.Tensor, error) { return Where(cond, x, y) },
		"clip":        func() (*tensor.Tensor, error) { return Clip(x, 1, 5) },
		"cumsum":      func() (*tensor.Tensor, error) { return Cumsum(x, 1) },
		"argmax":      func() (*tensor.Tensor, error) { return Argmax(x, 1) },
		"top_k":       func() (*tensor.Tensor, error) { v, _, err := TopK(x, 2); return v, err },
		"top_k_sort":  func() (*tensor.Tensor, error) { v, _, err := TopK(tensor.Track(seq(2, 40), true), 33); return v, err },
		"greater":     func() (*tensor.Tensor, error) { return Greater(x, y) },
		"any":         func() (*tensor.Tensor, error) { return Any(x, []int{0, 2}, false) },
		"norm":        func() (*tensor.Tensor, error) { return Norm(x, 3, []int{1}, false) },
		"prod":        func() (*tensor.Tensor, error) { return Prod(x, []int{0}, false) },
		"softmax":     func() (*tensor.Tensor, error) { return Softmax(x, -1) },
		"one_hot":     func() (*tensor.Tensor, error) { return OneHot(idx, 4) },
	}
	for name, f := range cases {
		t.Run(name, func(t *testing.T) {
			out, err := f()
			if err != nil {
				t.Fatal(err)
			}
			n := out.Node()
			if n == nil {
				n = &tensor.Node{Op: nil}
			}
			if n.Op == nil {
				t.Skip("untracked")
			}
			gin := make([]*tensor.Tensor, len(n.Inputs))
			for i, in := range n.Inputs {
				if in.DType() == tensor.Float32 {
					gin[i] = tensor.Zeros(in.Shape()...)
				}
			}
			gout := tensor.Zeros(out.Shape()...)
			allocs := testing.AllocsPerRun(5, func() {
				n.Op.Forward(out, n.Inputs)
				if out.DType() == tensor.Float32 {
					n.Op.Backward(gout, out, n.Inputs, gin)
				}
			})
			if allocs != 0 {
				t.Errorf("%s replay allocates %v times", name, allocs)
			}
		})
	}
}

func TestStopGradient(t *testing.T) {
	x := tensor.Track(f32t(t, []float32{1, 2, 3}, 3), true)
	s, err := StopGradient(x)
	if err != nil {
		t.Fatal(err)
	}
	y, err := Multiply(s, x)
	if err != nil {
		t.Fatal(err)
	}
	g, err := autodiff.Gradients(y, []*tensor.Tensor{x})
	if err != nil {
		t.Fatal(err)
	}
	if got := g[0].Float32s(); !slices.Equal(got, []float32{1, 2, 3}) {
		t.Errorf("gradient %v, want x (the stopped branch contributes nothing)", got)
	}
}
