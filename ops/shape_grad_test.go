package ops

import (
	"math"
	"testing"

	"github.com/gokeras/keras/internal/gradcheck"
	"github.com/gokeras/keras/tensor"
)

func mustI32(t testing.TB, data []int32, shape ...int) *tensor.Tensor {
	t.Helper()
	x, err := tensor.FromInt32(data, shape...)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

func mustBool(t testing.TB, data []bool, shape ...int) *tensor.Tensor {
	t.Helper()
	x, err := tensor.FromBool(data, shape...)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// spaced returns a tensor whose values are a permutation of evenly spaced
// numbers, so sorting ops have no near-ties under finite differences.
func spaced(rows, n int) *tensor.Tensor {
	x := tensor.Zeros(rows, n)
	for i := range x.Float32s() {
		x.Float32s()[i] = float32((i*37)%(rows*n))/float32(rows*n) - 0.5
	}
	return x
}

// TestShapeOpGradients gradient-checks every differentiable op of this file
// set against finite differences.
func TestShapeOpGradients(t *testing.T) {
	r := gradcheck.Random
	type fn = func(in []*tensor.Tensor) (*tensor.Tensor, error)
	one := func(f func(x *tensor.Tensor) (*tensor.Tensor, error)) fn {
		return func(in []*tensor.Tensor) (*tensor.Tensor, error) { return f(in[0]) }
	}
	first := func(f func(in []*tensor.Tensor) ([]*tensor.Tensor, error), k int) fn {
		return func(in []*tensor.Tensor) (*tensor.Tensor, error) {
			outs, err := f(in)
			if err != nil {
				return nil, err
			}
			return outs[k], nil
		}
	}
	cond := mustBool(t, []bool{true, false, false, true}, 4)
	idx := mustI32(t, []int32{2, 0, -1, 2}, 2, 2)
	along := mustI32(t, []int32{1, 0, 2, 2, 0, 1}, 2, 3)
	cases := []struct {
		name string
		f    fn
		in   []*tensor.Tensor
		opt  gradcheck.Options
	}{
		{"transpose_rev", one(func(x *tensor.Tensor) (*tensor.Tensor, error) { return Transpose(x, nil) }), []*tensor.Tensor{r(1, -1, 1, 2, 3, 4)}, gradcheck.Options{}},
		{"transpose_perm", one(func(x *tensor.Tensor) (*tensor.Tensor, error) { return Transpose(x, []int{0, 2, 1}) }), []*tensor.Tensor{r(1, -1, 1, 2, 3, 4)}, gradcheck.Options{}},
		{"expand_dims", one(func(x *tensor.Tensor) (*tensor.Tensor, error) { return ExpandDims(x, -1) }), []*tensor.Tensor{r(1, -1, 1, 2, 3)}, gradcheck.Options{}},
		{"squeeze", one(func(x *tensor.Tensor) (*tensor.Tensor, error) { return Squeeze(x, 1) }), []*tensor.Tensor{r(1, -1, 1, 2, 1, 3)}, gradcheck.Options{}},
		{"concatenate", func(in []*tensor.Tensor) (*tensor.Tensor, error) { return Concatenate(in, 1) }, []*tensor.Tensor{r(1, -1, 1, 2, 3), r(2, -1, 1, 2, 2)}, gradcheck.Options{}},
		{"stack", func(in []*tensor.Tensor) (*tensor.Tensor, error) { return Stack(in, 1) }, []*tensor.Tensor{r(1, -1, 1, 2, 3), r(2, -1, 1, 2, 3)}, gradcheck.Options{}},
		{"split", first(func(in []*tensor.Tensor) ([]*tensor.Tensor, error) { return Split(in[0], 3, -1) }, 1), []*tensor.Tensor{r(1, -1, 1, 2, 6)}, gradcheck.Options{}},
		{"slice", one(func(x *tensor.Tensor) (*tensor.Tensor, error) { return Slice(x, []int{1, 0, 1}, []int{1, -1, 2}) }), []*tensor.Tensor{r(1, -1, 1, 2, 3, 4)}, gradcheck.Options{}},
		{"take_axis0", func(in []*tensor.Tensor) (*tensor.Tensor, error) { return Take(in[0], in[1], 0) }, []*tensor.Tensor{r(1, -1, 1, 3, 4), idx}, gradcheck.Options{}},
		{"take_axis1", func(in []*tensor.Tensor) (*tensor.Tensor, error) { return Take(in[0], in[1], 1) }, []*tensor.Tensor{r(1, -1, 1, 2, 3, 2), idx}, gradcheck.Options{}},
		{"take_along_axis", func(in []*tensor.Tensor) (*tensor.Tensor, error) { return TakeAlongAxis(in[0], in[1], 1) }, []*tensor.Tensor{r(1, -1, 1, 2, 3), along}, gradcheck.Options{}},
		{"tile", one(func(x *tensor.Tensor) (*tensor.Tensor, error) { return Tile(x, []int{2, 1, 3}) }), []*tensor.Tensor{r(1, -1, 1, 2, 3)}, gradcheck.Options{}},
		{"broadcast_to", one(func(x *tensor.Tensor) (*tensor.Tensor, error) { return BroadcastTo(x, []int{2, 3, 4}) }), []*tensor.Tensor{r(1, -1, 1, 3, 1)}, gradcheck.Options{}},
		{"pad", one(func(x *tensor.Tensor) (*tensor.Tensor, error) { return Pad(x, [][2]int{{1, 0}, {2, 1}}, 0.5) }), []*tensor.Tensor{r(1, -1, 1, 2, 3)}, gradcheck.Options{}},
		{"where", func(in []*tensor.Tensor) (*tensor.Tensor, error) { return Where(in[0], in[1], in[2]) }, []*tensor.Tensor{cond, r(1, -1, 1, 3, 4), r(2, -1, 1, 3, 1)}, gradcheck.Options{}},
		{"clip", one(func(x *tensor.Tensor) (*tensor.Tensor, error) { return Clip(x, -0.5, 0.5) }), []*tensor.Tensor{r(1, -1, 1, 3, 4)}, gradcheck.Options{Eps: 1e-3}},
		{"softmax_last", one(func(x *tensor.Tensor) (*tensor.Tensor, error) { return Softmax(x, -1) }), []*tensor.Tensor{r(1, -2, 2, 3, 4)}, gradcheck.Options{}},
		{"softmax_axis0", one(func(x *tensor.Tensor) (*tensor.Tensor, error) { return Softmax(x, 0) }), []*tensor.Tensor{r(1, -2, 2, 3, 4)}, gradcheck.Options{}},
		{"log_softmax_last", one(func(x *tensor.Tensor) (*tensor.Tensor, error) { return LogSoftmax(x, -1) }), []*tensor.Tensor{r(1, -2, 2, 3, 4)}, gradcheck.Options{}},
		{"log_softmax_mid", one(func(x *tensor.Tensor) (*tensor.Tensor, error) { return LogSoftmax(x, 1) }), []*tensor.Tensor{r(1, -2, 2, 2, 3, 4)}, gradcheck.Options{}},
		{"logsumexp", one(func(x *tensor.Tensor) (*tensor.Tensor, error) { return LogSumExp(x, []int{-1}, false) }), []*tensor.Tensor{r(1, -2, 2, 3, 4)}, gradcheck.Options{}},
		{"logsumexp_axis0_keep", one(func(x *tensor.Tensor) (*tensor.Tensor, error) { return LogSumExp(x, []int{0}, true) }), []*tensor.Tensor{r(1, -2, 2, 3, 4)}, gradcheck.Options{}},
		{"var", one(func(x *tensor.Tensor) (*tensor.Tensor, error) { return Var(x, []int{1}, false) }), []*tensor.Tensor{r(1, -2, 2, 3, 4)}, gradcheck.Options{}},
		{"var_all", one(func(x *tensor.Tensor) (*tensor.Tensor, error) { return Var(x, nil, false) }), []*tensor.Tensor{r(1, -2, 2, 3, 4)}, gradcheck.Options{}},
		{"std_axis0", one(func(x *tensor.Tensor) (*tensor.Tensor, error) { return Std(x, []int{0}, true) }), []*tensor.Tensor{r(1, -2, 2, 3, 4)}, gradcheck.Options{}},
		{"norm2", one(func(x *tensor.Tensor) (*tensor.Tensor, error) { return Norm(x, 2, []int{-1}, false) }), []*tensor.Tensor{r(1, -2, 2, 3, 4)}, gradcheck.Options{}},
		{"norm_fro", one(func(x *tensor.Tensor) (*tensor.Tensor, error) { return Norm(x, 2, nil, false) }), []*tensor.Tensor{r(1, -2, 2, 3, 4)}, gradcheck.Options{}},
		{"norm1", one(func(x *tensor.Tensor) (*tensor.Tensor, error) { return Norm(x, 1, []int{0}, false) }), []*tensor.Tensor{r(1, 0.2, 2, 3, 4)}, gradcheck.Options{}},
		{"norm3", one(func(x *tensor.Tensor) (*tensor.Tensor, error) { return Norm(x, 3, []int{1}, true) }), []*tensor.Tensor{r(1, 0.2, 2, 3, 4)}, gradcheck.Options{}},
		{"norm_inf", one(func(x *tensor.Tensor) (*tensor.Tensor, error) { return Norm(x, math.Inf(1), []int{1}, false) }), []*tensor.Tensor{r(1, -2, 2, 3, 4)}, gradcheck.Options{}},
		{"prod", one(func(x *tensor.Tensor) (*tensor.Tensor, error) { return Prod(x, []int{1}, false) }), []*tensor.Tensor{r(1, 0.5, 1.5, 3, 4)}, gradcheck.Options{}},
		{"prod_all", one(func(x *tensor.Tensor) (*tensor.Tensor, error) { return Prod(x, nil, false) }), []*tensor.Tensor{r(1, 0.5, 1.5, 2, 3)}, gradcheck.Options{}},
		{"cumsum_last", one(func(x *tensor.Tensor) (*tensor.Tensor, error) { return Cumsum(x, -1) }), []*tensor.Tensor{r(1, -1, 1, 3, 4)}, gradcheck.Options{}},
		{"cumsum_axis0", one(func(x *tensor.Tensor) (*tensor.Tensor, error) { return Cumsum(x, 0) }), []*tensor.Tensor{r(1, -1, 1, 3, 4)}, gradcheck.Options{}},
		{"top_k", one(func(x *tensor.Tensor) (*tensor.Tensor, error) { v, _, err := TopK(x, 2); return v, err }), []*tensor.Tensor{r(1, -1, 1, 3, 5)}, gradcheck.Options{Eps: 1e-3}},
		{"top_k_sorted", one(func(x *tensor.Tensor) (*tensor.Tensor, error) { v, _, err := TopK(x, 40); return v, err }), []*tensor.Tensor{spaced(2, 50)}, gradcheck.Options{Eps: 1e-3}},
		{"erf", one(Erf), []*tensor.Tensor{r(1, -2, 2, 3, 4)}, gradcheck.Options{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if err := gradcheck.Check(c.f, c.in, c.opt); err != nil {
				t.Fatal(err)
			}
		})
	}
}
