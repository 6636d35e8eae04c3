package layers

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/gokeras/keras/tensor"
)

// einsumAnalysis is what Keras's _analyze_einsum_string derives from an
// EinsumDense equation.
type einsumAnalysis struct {
	kernel, bias, output  tensor.Shape
	inputAxes, outputAxes []int // kernel axes that are input / output units
}

var (
	einsumPlain = regexp.MustCompile(`^([a-zA-Z]+),([a-zA-Z]+)->([a-zA-Z]+)$`)
	einsumLeft  = regexp.MustCompile(`^0([a-zA-Z]+),([a-zA-Z]+)->0([a-zA-Z]+)$`)
	einsumRight = regexp.MustCompile(`^([a-zA-Z]{2,})0,([a-zA-Z]+)->([a-zA-Z]+)0$`)
)

// einsumShapes computes the kernel, bias and full output shapes of an
// EinsumDense layer for the given input shape (batch -1) and partial output
// shape, with Keras's rules and error messages.
func einsumShapes(equation, biasAxes string, hasBias bool, input tensor.Shape, partial []int) (*einsumAnalysis, error) {
	eq := strings.ReplaceAll(equation, "...", "0")
	var m []string
	left := false
	if m = einsumPlain.FindStringSubmatch(eq); m == nil {
		if m = einsumLeft.FindStringSubmatch(eq); m != nil {
			left = true
		} else if m = einsumRight.FindStringSubmatch(eq); m == nil {
			return nil, fmt.Errorf("invalid einsum equation '%s'. Equations must be in the form [X],[Y]->[Z], ...[X],[Y]->...[Z], or [X]...,[Y]->[Z]", equation)
		}
	}
	inSpec, wSpec, outSpec := m[1], m[2], m[3]
	if len(input) == 0 {
		return nil, fmt.Errorf("the input of shape %v has no axes for equation '%s'", input, equation)
	}
	elided := len(input) - len(inSpec)
	if elided < 0 || (elided > 0 && !strings.Contains(equation, "...")) {
		return nil, fmt.Errorf("equation '%s' names %d input axes but the input has shape %v", equation, len(inSpec), input)
	}
	out := append([]int{input[0]}, partial...)
	if elided > 0 && left {
		for i := 1; i < elided; i++ {
			out = append(out[:1], append([]int{input[i]}, out[1:]...)...)
		}
	} else if elided > 0 {
		out = append(out, input[len(input)-elided:]...)
	}
	inDim := map[byte]int{}
	outDim := map[byte]int{}
	for i := 0; i < len(inSpec); i++ {
		if left {
			inDim[inSpec[i]] = i + elided
		} else {
			inDim[inSpec[i]] = i
		}
	}
	for i := 0; i < len(outSpec); i++ {
		if left {
			outDim[outSpec[i]] = i + elided
		} else {
			outDim[outSpec[i]] = i
		}
	}
	for _, d := range outDim {
		if d >= len(out) {
			return nil, fmt.Errorf("output_shape %v has too few entries for the output spec '%s' of equation '%s' and input shape %v", tensor.Shape(partial), outSpec, equation, input)
		}
	}
	for i := 0; i < len(inSpec); i++ {
		c := inSpec[i]
		if od, ok := outDim[c]; ok {
			in, o := input[inDim[c]], out[od]
			if o >= 0 && in >= 0 && o != in {
				return nil, fmt.Errorf("input shape and output shape do not match at shared dimension '%c'. Input shape is %d, and output shape is %d (input shape %v, output_shape %v)", c, in, o, input, tensor.Shape(partial))
			}
			if o < 0 {
				out[od] = in
			}
		}
	}
	for i := 0; i < len(outSpec); i++ {
		c := outSpec[i]
		if !strings.ContainsRune(inSpec, rune(c)) && !strings.ContainsRune(wSpec, rune(c)) {
			return nil, fmt.Errorf("dimension '%c' was specified in the output '%s' but has no corresponding dim in the input spec '%s' or weight spec '%s'", c, outSpec, inSpec, wSpec)
		}
	}
	a := &einsumAnalysis{}
	for i := 0; i < len(wSpec); i++ {
		c := wSpec[i]
		if od, ok := outDim[c]; ok {
			a.kernel = append(a.kernel, out[od])
			a.outputAxes = append(a.outputAxes, i)
		} else if id, ok := inDim[c]; ok {
			a.kernel = append(a.kernel, input[id])
			a.inputAxes = append(a.inputAxes, i)
		} else {
			return nil, fmt.Errorf("weight dimension '%c' did not have a match in either the input spec '%s' or the output spec '%s'. For this layer, the weight must be fully specified", c, inSpec, outSpec)
		}
	}
	for _, d := range a.kernel {
		if d < 0 {
			return nil, fmt.Errorf("the kernel shape %v of equation '%s' is not fully defined by input shape %v and output_shape %v", a.kernel, equation, input, tensor.Shape(partial))
		}
	}
	if hasBias {
		first := len(outSpec)
		for i := 0; i < len(biasAxes); i++ {
			p := strings.IndexByte(outSpec, biasAxes[i])
			if p < 0 {
				return nil, fmt.Errorf("bias dimension '%c' was requested, but is not part of the output spec '%s'", biasAxes[i], outSpec)
			}
			first = min(first, p)
		}
		numLeft := 0
		if left {
			numLeft = elided
		}
		for i := first; i < len(outSpec); i++ {
			if strings.IndexByte(biasAxes, outSpec[i]) >= 0 {
				a.bias = append(a.bias, out[i+numLeft])
			} else {
				a.bias = append(a.bias, 1)
			}
		}
		if !left {
			for i := 0; i < elided; i++ {
				a.bias = append(a.bias, 1)
			}
		}
		if len(biasAxes) == 0 {
			a.bias = nil
		}
	}
	a.output = tensor.Shape(out)
	return a, nil
}
