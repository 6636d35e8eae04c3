package layers

import (
	"fmt"
	"slices"
	"strings"
)

// einsumLetter maps an axis index to Keras's einsum variable ('a', 'b', ...).
func einsumLetter(i int) byte { return byte('a' + i) }

// mhaProjEquation is Keras's _build_proj_equation: free axes pass through,
// bound axes contract with the kernel, output axes come from the kernel
// (and carry the bias). It returns the equation, the bias axes and the
// output rank.
func mhaProjEquation(free, bound, output int) (eq, biasAxes string, outRank int) {
	var in, kernel, out, bias []byte
	for i := 0; i < free; i++ {
		in = append(in, einsumLetter(i))
		out = append(out, einsumLetter(i))
	}
	for i := 0; i < bound; i++ {
		c := einsumLetter(free + i)
		in = append(in, c)
		kernel = append(kernel, c)
	}
	for i := 0; i < output; i++ {
		c := einsumLetter(free + bound + i)
		kernel = append(kernel, c)
		out = append(out, c)
		bias = append(bias, c)
	}
	return fmt.Sprintf("%s,%s->%s", in, kernel, out), string(bias), len(out)
}

// mhaOutputShape is Keras's _get_output_shape: unknown (-1) leading axes,
// then the known trailing ones.
func mhaOutputShape(rank int, known []int) []int {
	out := make([]int, 0, rank)
	for i := 0; i < rank-len(known); i++ {
		out = append(out, -1)
	}
	return append(out, known...)
}

// mhaAttentionEquations is Keras's _build_attention_equation for projected
// tensors of the given rank (batch, <axes>, heads, channels): the key·query
// dot product, the combination of scores with value, and the scores' rank.
func mhaAttentionEquations(rank int, attnAxes []int) (dot, combine string, scoresRank int) {
	target := make([]byte, rank)
	for i := range target {
		target[i] = einsumLetter(i)
	}
	var batchDims []int
	for i := 0; i < rank; i++ {
		if !slices.Contains(attnAxes, i) && i != rank-1 {
			batchDims = append(batchDims, i)
		}
	}
	source := make([]byte, rank)
	offset := rank
	for i := 0; i < rank; i++ {
		if slices.Contains(batchDims, i) || i == rank-1 {
			source[i] = target[i]
		} else {
			source[i] = einsumLetter(offset)
			offset++
		}
	}
	var product strings.Builder
	for _, i := range batchDims {
		product.WriteByte(target[i])
	}
	for _, i := range attnAxes {
		product.WriteByte(target[i])
	}
	for _, i := range attnAxes {
		product.WriteByte(source[i])
	}
	p := product.String()
	return fmt.Sprintf("%s,%s->%s", source, target, p), fmt.Sprintf("%s,%s->%s", p, source, target), len(p)
}
