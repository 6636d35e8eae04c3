package ops

import (
	"fmt"
	"slices"
	"strings"

	"github.com/gokeras/keras/tensor"
)

// Einsum is keras.ops.einsum for float32 operands: the Einstein summation
// described by equation ("abc,cde->abde", "ij,jk", "...ij,jk->...ik").
//
// Letters shared by operands and the output are batch axes, letters shared by
// operands but absent from the output are contracted, and letters of a single
// operand absent from the output are summed. Without "->" the output holds
// the ellipsis axes and then the letters that occur once, in alphabetical
// order, as numpy does. Operands are contracted pairwise from the left, each
// pair as one batched matrix product (transposes and reshapes around
// Matmul), so the result is differentiable with respect to every operand.
//
// Not supported (an error): a letter repeated within one operand (diagonals)
// and size-1 broadcasting of a letter against a larger size.
func Einsum(equation string, operands ...*tensor.Tensor) (*tensor.Tensor, error) {
	if len(operands) == 0 {
		return nil, fmt.Errorf("ops.einsum: equation %q needs at least one operand", equation)
	}
	for i, x := range operands {
		if x == nil {
			return nil, fmt.Errorf("ops.einsum: operand %d is nil", i)
		}
		if x.DType() != tensor.Float32 {
			return nil, fmt.Errorf("ops.einsum: operand %d must be float32, got %v", i, x.DType())
		}
	}
	shapes := make([]tensor.Shape, len(operands))
	for i, x := range operands {
		shapes[i] = x.Shape()
	}
	terms, out, sizes, err := parseEinsum(equation, shapes)
	if err != nil {
		return nil, err
	}
	cur, curTerm := operands[0], terms[0]
	if len(operands) == 1 {
		return einsumUnary(cur, curTerm, out)
	}
	for i := 1; i < len(operands); i++ {
		target := out
		if i < len(operands)-1 {
			// Keep the letters a later operand or the output still needs, in
			// the order the matrix product leaves them.
			later := out + strings.Join(terms[i+1:], "")
			target = einsumPairOrder(curTerm, terms[i], later)
		}
		cur, err = einsumPair(cur, curTerm, operands[i], terms[i], target, sizes)
		if err != nil {
			return nil, fmt.Errorf("ops.einsum %q: %w", equation, err)
		}
		curTerm = target
	}
	return cur, nil
}

// parseEinsum expands ellipses into digit letters (right-aligned across
// operands), checks the terms against the shapes and returns each letter's
// size.
func parseEinsum(equation string, shapes []tensor.Shape) (terms []string, out string, sizes map[byte]int, err error) {
	eq := strings.ReplaceAll(equation, " ", "")
	fail := func(format string, a ...any) ([]string, string, map[byte]int, error) {
		return nil, "", nil, fmt.Errorf("ops.einsum: equation %q with operand shapes %v: %s", equation, shapes, fmt.Sprintf(format, a...))
	}
	lhs, rhs, explicit := strings.Cut(eq, "->")
	terms = strings.Split(lhs, ",")
	if len(terms) != len(shapes) {
		return fail("the equation names %d operands but %d were given", len(terms), len(shapes))
	}
	maxEll := 0
	ells := make([]int, len(terms))
	for i, t := range terms {
		n := strings.Count(t, "...")
		if n > 1 {
			return fail("operand %d has more than one ellipsis", i)
		}
		ells[i] = -1
		if n == 1 {
			ells[i] = len(shapes[i]) - (len(t) - 3)
			if ells[i] < 0 {
				return fail("operand %d has %d axes but its term %q names more", i, len(shapes[i]), t)
			}
			maxEll = max(maxEll, ells[i])
		}
	}
	if maxEll > 10 {
		return fail("an ellipsis may stand for at most 10 axes")
	}
	ellLetters := func(n int) string {
		var b strings.Builder
		for j := maxEll - n; j < maxEll; j++ {
			b.WriteByte(byte('0' + j))
		}
		return b.String()
	}
	for i, t := range terms {
		if ells[i] >= 0 {
			terms[i] = strings.Replace(t, "...", ellLetters(ells[i]), 1)
		}
	}
	sizes = map[byte]int{}
	counts := map[byte]int{}
	for i, t := range terms {
		if len(t) != len(shapes[i]) {
			return fail("operand %d has %d axes but its term %q names %d", i, len(shapes[i]), t, len(t))
		}
		for j := 0; j < len(t); j++ {
			c := t[j]
			if !isEinsumLetter(c) {
				return fail("invalid character %q in operand %d", string(c), i)
			}
			if strings.IndexByte(t[j+1:], c) >= 0 {
				return fail("letter %q repeats within operand %d (diagonals are not supported)", string(c), i)
			}
			d := shapes[i][j]
			if s, ok := sizes[c]; ok && s != d {
				return fail("letter %q has size %d in one operand and %d in operand %d", string(c), s, d, i)
			}
			sizes[c] = d
			counts[c]++
		}
	}
	if explicit {
		if strings.Count(rhs, "...") > 0 {
			rhs = strings.Replace(rhs, "...", ellLetters(maxEll), 1)
		}
		out = rhs
		for j := 0; j < len(out); j++ {
			c := out[j]
			if _, ok := sizes[c]; !ok {
				return fail("output letter %q does not occur in any operand", string(c))
			}
			if strings.IndexByte(out[j+1:], c) >= 0 {
				return fail("output letter %q repeats", string(c))
			}
		}
		return terms, out, sizes, nil
	}
	var once []byte
	for c, n := range counts {
		if n == 1 && !(c >= '0' && c <= '9') {
			once = append(once, c)
		}
	}
	slices.Sort(once)
	return terms, ellLetters(maxEll) + string(once), sizes, nil
}

func isEinsumLetter(c byte) bool {
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
}

// einsumPairOrder is the natural output order of contracting terms a and b
// keeping the letters in keep: batch letters, then a's free letters, then
// b's.
func einsumPairOrder(a, b, keep string) string {
	var batch, af, bf []byte
	for i := 0; i < len(a); i++ {
		c := a[i]
		if !strings.ContainsRune(keep, rune(c)) {
			continue
		}
		if strings.IndexByte(b, c) >= 0 {
			batch = append(batch, c)
		} else {
			af = append(af, c)
		}
	}
	for i := 0; i < len(b); i++ {
		c := b[i]
		if strings.ContainsRune(keep, rune(c)) && strings.IndexByte(a, c) < 0 {
			bf = append(bf, c)
		}
	}
	return string(batch) + string(af) + string(bf)
}

// einsumSumOut sums x over the letters of term absent from all of keep.
func einsumSumOut(x *tensor.Tensor, term string, keep ...string) (*tensor.Tensor, string, error) {
	var axes []int
	var rest []byte
	for i := 0; i < len(term); i++ {
		needed := false
		for _, k := range keep {
			if strings.IndexByte(k, term[i]) >= 0 {
				needed = true
			}
		}
		if needed {
			rest = append(rest, term[i])
		} else {
			axes = append(axes, i)
		}
	}
	if len(axes) == 0 {
		return x, term, nil
	}
	y, err := Sum(x, axes, false)
	return y, string(rest), err
}

// einsumPermute transposes x from term to the order of target (a
// permutation of term's letters), skipping the identity.
func einsumPermute(x *tensor.Tensor, term, target string) (*tensor.Tensor, error) {
	if term == target {
		return x, nil
	}
	perm := make([]int, len(target))
	for i := 0; i < len(target); i++ {
		perm[i] = strings.IndexByte(term, target[i])
	}
	return Transpose(x, perm)
}

// einsumLayout permutes x (letters term) to std or to its transpose tr and
// reports whether it chose tr: the one term already is, else the one ending
// in term's last letter, else std.
func einsumLayout(x *tensor.Tensor, term, std, tr string) (*tensor.Tensor, bool, error) {
	useTr := term != std && (term == tr || len(term) > 0 && tr[len(tr)-1] == term[len(term)-1] && std[len(std)-1] != term[len(term)-1])
	target := std
	if useTr {
		target = tr
	}
	y, err := einsumPermute(x, term, target)
	return y, useTr, err
}

func einsumUnary(x *tensor.Tensor, term, out string) (*tensor.Tensor, error) {
	y, rest, err := einsumSumOut(x, term, out)
	if err != nil {
		return nil, err
	}
	return einsumPermute(y, rest, out)
}

// einsumPair contracts a (letters ta) with b (letters tb) into the letters
// out as one batched matrix product.
func einsumPair(a *tensor.Tensor, ta string, b *tensor.Tensor, tb, out string, sizes map[byte]int) (*tensor.Tensor, error) {
	var err error
	if a, ta, err = einsumSumOut(a, ta, tb, out); err != nil {
		return nil, err
	}
	if b, tb, err = einsumSumOut(b, tb, ta, out); err != nil {
		return nil, err
	}
	var batch, contr, af, bf []byte
	for i := 0; i < len(out); i++ {
		c := out[i]
		inA, inB := strings.IndexByte(ta, c) >= 0, strings.IndexByte(tb, c) >= 0
		switch {
		case inA && inB:
			batch = append(batch, c)
		case inA:
			af = append(af, c)
		case inB:
			bf = append(bf, c)
		}
	}
	for i := 0; i < len(ta); i++ {
		if c := ta[i]; strings.IndexByte(tb, c) >= 0 && strings.IndexByte(out, c) < 0 {
			contr = append(contr, c)
		}
	}
	prod := func(ls []byte) int {
		n := 1
		for _, c := range ls {
			n *= sizes[c]
		}
		return n
	}
	nb, m, k, n := prod(batch), prod(af), prod(contr), prod(bf)
	sb, saf, sc, sbf := string(batch), string(af), string(contr), string(bf)
	if out == sb+sbf+saf && out != sb+saf+sbf {
		// The output wants b's free letters first: computing b x a gives
		// that order directly instead of transposing the product.
		return einsumPair(b, tb, a, ta, out, sizes)
	}
	// Each operand is permuted to the layout the product reads, or to its
	// transpose, read with GEMM's transpose flag: no permute at all when the
	// operand already has one of them, else the one that keeps its last axis
	// last (a permute of whole rows instead of a 2-D transpose).
	var transA, transB bool
	if a, transA, err = einsumLayout(a, ta, sb+saf+sc, sb+sc+saf); err != nil {
		return nil, err
	}
	if b, transB, err = einsumLayout(b, tb, sb+sc+sbf, sb+sbf+sc); err != nil {
		return nil, err
	}
	y, err := matmulFlat(a, b, nb, m, k, n, len(batch) > 0, transA, transB)
	if err != nil {
		return nil, err
	}
	natural := sb + saf + sbf
	shape := make([]int, len(natural))
	for i := 0; i < len(natural); i++ {
		shape[i] = sizes[natural[i]]
	}
	if y, err = Reshape(y, shape...); err != nil {
		return nil, err
	}
	return einsumPermute(y, natural, out)
}
