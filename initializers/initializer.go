package initializers

import (
	"fmt"
	"strings"

	"github.com/gokeras/keras/internal/identifier"
	"github.com/gokeras/keras/tensor"
)

// Initializer is keras.initializers.Initializer: Call returns a new float32
// tensor of the given (fully known) shape; ClassName and GetConfig give the
// Keras serialization.
type Initializer interface {
	Call(shape tensor.Shape) (*tensor.Tensor, error)
	ClassName() string
	GetConfig() map[string]any
}

// checkShape rejects unknown or negative dimensions.
func checkShape(name string, shape tensor.Shape) error {
	for _, d := range shape {
		if d < 0 {
			return fmt.Errorf("initializer %s: shape %v has an unknown dimension; initializers need a fully known shape", name, shape)
		}
	}
	if n := shape.Size(); n > tensor.MaxElements {
		return fmt.Errorf("initializer %s: shape %v is too large", name, shape)
	}
	return nil
}

// ComputeFans is Keras's compute_fans: with both inputAxes and outputAxes,
// the products of those dimensions; otherwise (1, 1) for a scalar, (n, n)
// for a vector, (rows, cols) for a matrix, and for convolution kernels
// (..., input_depth, depth) the receptive field size times input_depth and
// times depth.
func ComputeFans(shape tensor.Shape, inputAxes, outputAxes []int) (fanIn, fanOut int) {
	if inputAxes != nil && outputAxes != nil {
		fanIn, fanOut = 1, 1
		for _, a := range inputAxes {
			fanIn *= shape[normAxis(a, len(shape))]
		}
		for _, a := range outputAxes {
			fanOut *= shape[normAxis(a, len(shape))]
		}
		return fanIn, fanOut
	}
	switch len(shape) {
	case 0:
		return 1, 1
	case 1:
		return shape[0], shape[0]
	case 2:
		return shape[0], shape[1]
	}
	receptive := 1
	for _, d := range shape[:len(shape)-2] {
		receptive *= d
	}
	return shape[len(shape)-2] * receptive, shape[len(shape)-1] * receptive
}

func normAxis(a, rank int) int {
	if a < 0 {
		return a + rank
	}
	return a
}

type factory func(cfg map[string]any) (Initializer, error)

// classes maps Keras class names to their factories; Get also accepts the
// snake_case names and Keras's aliases (see names).
var classes = map[string]factory{
	"Constant":        constantFromConfig,
	"Zeros":           noConfig(func() Initializer { return Zeros{} }),
	"Ones":            noConfig(func() Initializer { return Ones{} }),
	"Identity":        identityFromConfig,
	"STFT":            stftFromConfig,
	"RandomNormal":    randomNormalFromConfig,
	"RandomUniform":   randomUniformFromConfig,
	"TruncatedNormal": truncatedNormalFromConfig,
	"VarianceScaling": varianceScalingFromConfig,
	"GlorotUniform":   presetFromConfig("GlorotUniform"),
	"GlorotNormal":    presetFromConfig("GlorotNormal"),
	"HeUniform":       presetFromConfig("HeUniform"),
	"HeNormal":        presetFromConfig("HeNormal"),
	"LecunUniform":    presetFromConfig("LecunUniform"),
	"LecunNormal":     presetFromConfig("LecunNormal"),
	"Orthogonal":      orthogonalFromConfig,
}

// names is Keras's ALL_OBJECTS_DICT: class names, their snake_case forms and
// the aliases, each mapped to a class name.
var names = func() map[string]string {
	m := map[string]string{}
	for c := range classes {
		m[c] = c
		m[snake(c)] = c
	}
	for alias, c := range map[string]string{
		"IdentityInitializer":   "Identity",
		"normal":                "RandomNormal",
		"one":                   "Ones",
		"STFTInitializer":       "STFT",
		"OrthogonalInitializer": "Orthogonal",
		"uniform":               "RandomUniform",
		"zero":                  "Zeros",
	} {
		m[alias] = c
	}
	return m
}()

// snake is Keras's to_snake_case for these class names ("GlorotUniform" ->
// "glorot_uniform", "STFT" -> "stft").
func snake(s string) string {
	var b strings.Builder
	r := []rune(s)
	for i, c := range r {
		upper := c >= 'A' && c <= 'Z'
		if upper && i > 0 {
			prevLower := r[i-1] >= 'a' && r[i-1] <= 'z'
			nextLower := i+1 < len(r) && r[i+1] >= 'a' && r[i+1] <= 'z'
			if prevLower || nextLower {
				b.WriteByte('_')
			}
		}
		b.WriteString(strings.ToLower(string(c)))
	}
	return b.String()
}

// Names returns every string Get accepts, sorted.
func Names() []string { return resolver.AllNames() }

var resolver = identifier.Resolver[Initializer]{
	Func: "initializers.Get", Kind: "initializer", Names: names,
	New: func(class string, cfg map[string]any) (Initializer, error) { return classes[class](cfg) },
}

// Get is keras.initializers.get. identifier may be nil (returns nil, nil as
// Keras returns None), a class name, snake_case name or alias
// ("glorot_uniform", "GlorotUniform", "normal"), a config dict
// {"class_name": ..., "config": {...}} (Keras 3's module/registered_name keys
// are ignored), or an Initializer, returned as is.
func Get(identifier any) (Initializer, error) {
	switch id := identifier.(type) {
	case nil:
		return nil, nil
	case Initializer:
		return id, nil
	}
	return resolver.Resolve(identifier)
}

// Serialize is keras.initializers.serialize: Keras 3's
// {"module": "keras.initializers", "class_name": ..., "config": ...,
// "registered_name": nil}.
func Serialize(init Initializer) map[string]any {
	if init == nil {
		return nil
	}
	return map[string]any{
		"module":          "keras.initializers",
		"class_name":      init.ClassName(),
		"config":          init.GetConfig(),
		"registered_name": nil,
	}
}

func noConfig(mk func() Initializer) factory {
	return func(cfg map[string]any) (Initializer, error) {
		if err := onlyKeys(cfg); err != nil {
			return nil, err
		}
		return mk(), nil
	}
}
