package ops

import (
	"math"
	"strings"
	"testing"

	"github.com/gokeras/keras/internal/gradcheck"
	"github.com/gokeras/keras/tensor"
)

// naiveEinsum evaluates an explicit equation without ellipses by looping over
// every assignment of its letters.
func naiveEinsum(eq string, xs []*tensor.Tensor) ([]float64, tensor.Shape) {
	lhs, out, _ := strings.Cut(eq, "->")
	terms := strings.Split(lhs, ",")
	sizes := map[byte]int{}
	var letters []byte
	for i, t := range terms {
		for j := 0; j < len(t); j++ {
			if _, ok := sizes[t[j]]; !ok {
				letters = append(letters, t[j])
			}
			sizes[t[j]] = xs[i].Shape()[j]
		}
	}
	outShape := make(tensor.Shape, len(out))
	for j := range outShape {
		outShape[j] = sizes[out[j]]
	}
	res := make([]float64, outShape.Size())
	val := map[byte]int{}
	var rec func(d int)
	rec = func(d int) {
		if d == len(letters) {
			p := 1.0
			for i, t := range terms {
				off := 0
				for j := 0; j < len(t); j++ {
					off = off*sizes[t[j]] + val[t[j]]
				}
				p *= float64(xs[i].Float32s()[off])
			}
			off := 0
			for j := 0; j < len(out); j++ {
				off = off*sizes[out[j]] + val[out[j]]
			}
			res[off] += p
			return
		}
		for v := 0; v < sizes[letters[d]]; v++ {
			val[letters[d]] = v
			rec(d + 1)
		}
	}
	rec(0)
	return res, outShape
}

var einsumCases = []struct {
	eq     string
	shapes [][]int
}{
	{"abc,cde->abde", [][]int{{2, 3, 4}, {4, 2, 3}}},
	{"abcd,cde->abe", [][]int{{2, 3, 2, 3}, {2, 3, 4}}},
	{"aecd,abcd->acbe", [][]int{{2, 4, 2, 3}, {2, 3, 2, 3}}},
	{"acbe,aecd->abcd", [][]int{{2, 2, 3, 4}, {2, 4, 2, 3}}},
	{"ij,jk->ik", [][]int{{3, 4}, {4, 2}}},
	{"ij->ji", [][]int{{3, 4}}},
	{"ijk->j", [][]int{{2, 3, 4}}},
	{"ij,ij->i", [][]int{{3, 4}, {3, 4}}},
	{"i,j->ij", [][]int{{3}, {4}}},
	{"ijk,kl,lm->im", [][]int{{2, 3, 4}, {4, 2}, {2, 3}}},
	{"abc,bd->ad", [][]int{{2, 3, 4}, {3, 2}}},
	{"bij,bjk->bki", [][]int{{2, 3, 4}, {2, 4, 2}}},
	// Operands laid out transposed: GEMM transpose flags, no permutes.
	{"bqd,bkd->bqk", [][]int{{2, 3, 4}, {2, 5, 4}}},
	{"bkm,bkn->bmn", [][]int{{2, 3, 4}, {2, 3, 5}}},
	{"bkm,bnk->bmn", [][]int{{2, 3, 4}, {2, 5, 3}}},
	{"km,kn->mn", [][]int{{3, 4}, {3, 5}}},
	{"km,nk->mn", [][]int{{3, 4}, {5, 3}}},
	{"mk,nk->mn", [][]int{{4, 3}, {5, 3}}},
	{"bmk,nk->bmn", [][]int{{2, 4, 3}, {5, 3}}},
	{"bkm,kn->bmn", [][]int{{2, 3, 4}, {3, 5}}},
	// The output wants the second operand's free letters first.
	{"bqd,bkd->bkq", [][]int{{2, 3, 4}, {2, 5, 4}}},
	{"ik,jk->ji", [][]int{{3, 4}, {5, 4}}},
}

func TestEinsumMatchesNaive(t *testing.T) {
	for ci, c := range einsumCases {
		t.Run(c.eq, func(t *testing.T) {
			xs := make([]*tensor.Tensor, len(c.shapes))
			for i, s := range c.shapes {
				xs[i] = gradcheck.Random(uint64(ci*10+i+1), -1, 1, s...)
			}
			got, err := Einsum(c.eq, xs...)
			if err != nil {
				t.Fatal(err)
			}
			want, shape := naiveEinsum(c.eq, xs)
			if !slicesEqual(got.Shape(), shape) {
				t.Fatalf("shape %v, want %v", got.Shape(), shape)
			}
			for i, w := range want {
				if g := float64(got.Float32s()[i]); math.Abs(g-w) > 1e-5*math.Max(1, math.Abs(w)) {
					t.Fatalf("[%d] = %v, want %v", i, g, w)
				}
			}
			if err := gradcheck.Check(func(in []*tensor.Tensor) (*tensor.Tensor, error) {
				return Einsum(c.eq, in...)
			}, xs, gradcheck.Options{}); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func slicesEqual(a, b tensor.Shape) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestEinsumEllipsisAndImplicit(t *testing.T) {
	x := gradcheck.Random(1, -1, 1, 2, 3, 4)
	w := gradcheck.Random(2, -1, 1, 4, 5)
	got, err := Einsum("...x,xy->...y", x, w)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := naiveEinsum("abx,xy->aby", []*tensor.Tensor{x, w})
	for i := range want {
		if math.Abs(float64(got.Float32s()[i])-want[i]) > 1e-5 {
			t.Fatalf("ellipsis [%d] = %v, want %v", i, got.Float32s()[i], want[i])
		}
	}
	if s := got.Shape(); len(s) != 3 || s[2] != 5 {
		t.Fatalf("shape %v", s)
	}
	// Implicit output: letters occurring once, sorted ("ij,jk" -> "ik").
	a := gradcheck.Random(3, -1, 1, 3, 4)
	b := gradcheck.Random(4, -1, 1, 4, 2)
	imp, err := Einsum("ij,jk", a, b)
	if err != nil {
		t.Fatal(err)
	}
	exp, err := Einsum("ij,jk->ik", a, b)
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range exp.Float32s() {
		if imp.Float32s()[i] != v {
			t.Fatalf("implicit [%d] = %v, want %v", i, imp.Float32s()[i], v)
		}
	}
}

func TestEinsumErrors(t *testing.T) {
	a := tensor.Zeros(2, 3)
	b := tensor.Zeros(4, 5)
	for _, c := range []struct {
		eq   string
		xs   []*tensor.Tensor
		want string
	}{
		{"ij,jk->ik", []*tensor.Tensor{a, b}, `letter "j" has size 3 in one operand and 4 in operand 1`},
		{"ij,jk->ik", []*tensor.Tensor{a}, "names 2 operands but 1 were given"},
		{"ijk->i", []*tensor.Tensor{a}, "operand 0 has 2 axes"},
		{"ii->i", []*tensor.Tensor{tensor.Zeros(3, 3)}, "diagonals are not supported"},
		{"ij->iz", []*tensor.Tensor{a}, `output letter "z" does not occur`},
	} {
		_, err := Einsum(c.eq, c.xs...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Einsum(%q): error %v, want it to contain %q", c.eq, err, c.want)
		}
	}
}
