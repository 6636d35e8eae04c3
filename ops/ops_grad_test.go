package ops

import (
	"testing"

	"github.com/gokeras/keras/internal/gradcheck"
	"github.com/gokeras/keras/tensor"
)

func TestGradients(t *testing.T) {
	r := gradcheck.Random
	type fn = func(in []*tensor.Tensor) (*tensor.Tensor, error)
	bin := func(f func(a, b *tensor.Tensor) (*tensor.Tensor, error)) fn {
		return func(in []*tensor.Tensor) (*tensor.Tensor, error) { return f(in[0], in[1]) }
	}
	un := func(f func(a *tensor.Tensor) (*tensor.Tensor, error)) fn {
		return func(in []*tensor.Tensor) (*tensor.Tensor, error) { return f(in[0]) }
	}
	cases := []struct {
		name string
		f    fn
		in   []*tensor.Tensor
	}{
		{"add_bcast", bin(Add), []*tensor.Tensor{r(1, -1, 1, 3, 4), r(2, -1, 1, 4)}},
		{"sub_bcast_col", bin(Subtract), []*tensor.Tensor{r(1, -1, 1, 3, 4), r(2, -1, 1, 3, 1)}},
		{"mul_3d", bin(Multiply), []*tensor.Tensor{r(1, -1, 1, 2, 3, 4), r(2, -1, 1, 2, 1, 4)}},
		{"div", bin(Divide), []*tensor.Tensor{r(1, -1, 1, 3, 4), r(2, 1, 2, 3, 4)}},
		{"div_no_nan", bin(DivideNoNan), []*tensor.Tensor{r(1, -1, 1, 3, 4), r(2, 1, 2, 3, 4)}},
		{"max", bin(Maximum), []*tensor.Tensor{r(1, -1, 1, 3, 4), r(2, -1, 1, 3, 4)}},
		{"pow", bin(Power), []*tensor.Tensor{r(1, 0.5, 2, 3, 4), r(2, -1, 2, 3, 4)}},
		{"matmul", bin(Matmul), []*tensor.Tensor{r(1, -1, 1, 3, 5), r(2, -1, 1, 5, 4)}},
		{"matmul_batched", bin(Matmul), []*tensor.Tensor{r(1, -1, 1, 2, 3, 5), r(2, -1, 1, 2, 5, 4)}},
		{"matmul_shared", bin(Matmul), []*tensor.Tensor{r(1, -1, 1, 2, 3, 5), r(2, -1, 1, 5, 4)}},
		{"matmul_vec", bin(Matmul), []*tensor.Tensor{r(1, -1, 1, 5), r(2, -1, 1, 5, 4)}},
		{"exp", un(Exp), []*tensor.Tensor{r(1, -2, 2, 3, 4)}},
		{"log", un(Log), []*tensor.Tensor{r(1, 0.5, 2, 3, 4)}},
		{"tanh", un(Tanh), []*tensor.Tensor{r(1, -2, 2, 3, 4)}},
		{"sqrt", un(Sqrt), []*tensor.Tensor{r(1, 0.5, 2, 3, 4)}},
		{"rsqrt", un(Rsqrt), []*tensor.Tensor{r(1, 0.5, 2, 3, 4)}},
		{"square", un(Square), []*tensor.Tensor{r(1, -2, 2, 3, 4)}},
		{"sum_axis", func(in []*tensor.Tensor) (*tensor.Tensor, error) { return Sum(in[0], []int{1}, false) }, []*tensor.Tensor{r(1, -1, 1, 2, 3, 4)}},
		{"sum_all", func(in []*tensor.Tensor) (*tensor.Tensor, error) { return Sum(in[0], nil, false) }, []*tensor.Tensor{r(1, -1, 1, 2, 3, 4)}},
		{"mean_keep", func(in []*tensor.Tensor) (*tensor.Tensor, error) { return Mean(in[0], []int{0, -1}, true) }, []*tensor.Tensor{r(1, -1, 1, 2, 3, 4)}},
		{"max_axis", func(in []*tensor.Tensor) (*tensor.Tensor, error) { return Max(in[0], []int{-1}, false) }, []*tensor.Tensor{r(1, -1, 1, 2, 3, 4)}},
		{"reshape", func(in []*tensor.Tensor) (*tensor.Tensor, error) { return Reshape(in[0], 4, -1) }, []*tensor.Tensor{r(1, -1, 1, 2, 3, 4)}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if err := gradcheck.Check(c.f, c.in, gradcheck.Options{}); err != nil {
				t.Fatal(err)
			}
		})
	}
}
