package layers

import (
	"fmt"

	"github.com/gokeras/keras/tensor"
)

// Helpers shared by the pooling, normalization, regularization, reshaping
// and merging layers.

// spDataFormat reads data_format (Keras's standardize_data_format; the
// default image_data_format is channels_last).
func spDataFormat(cfg *Config) string {
	f := cfg.String("data_format", "channels_last")
	if f != "channels_last" && f != "channels_first" {
		cfg.Fail(fmt.Errorf("the `data_format` argument must be one of {'channels_first', 'channels_last'}. Received: data_format=%s", f))
		return "channels_last"
	}
	return f
}

// spTuple reads an integer or a list of n integers (Keras's
// standardize_tuple). Values must be > 0, or >= 0 with allowZero.
func spTuple(cfg *Config, key string, n int, def []int, allowZero bool) []int {
	raw := cfg.Any(key)
	if raw == nil {
		return def
	}
	msg := fmt.Sprintf("the `%s` argument must be a tuple of %d integers. Received %s=%v", key, n, key, raw)
	v, err := toInts(raw)
	if err != nil {
		cfg.Fail(fmt.Errorf("%s", msg))
		return def
	}
	if len(v) == 1 && n > 1 {
		if _, isList := raw.([]any); !isList {
			if _, isInts := raw.([]int); !isInts {
				v = repeatInt(v[0], n)
			}
		}
	}
	if len(v) != n {
		cfg.Fail(fmt.Errorf("%s", msg))
		return def
	}
	for _, d := range v {
		if d < 0 || (d == 0 && !allowZero) {
			req := "> 0"
			if allowZero {
				req = ">= 0"
			}
			cfg.Fail(fmt.Errorf("%s, including values %v that do not satisfy `value %s`", msg, d, req))
			return def
		}
	}
	return v
}

func repeatInt(v, n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = v
	}
	return out
}

// spPairs reads Keras's cropping / padding argument for n spatial
// dimensions: an int (same on every side), a list of n ints (symmetric per
// dimension) or a list of n pairs.
func spPairs(cfg *Config, key string, n int, def [][2]int) [][2]int {
	raw := cfg.Any(key)
	if raw == nil {
		return def
	}
	bad := func() [][2]int {
		cfg.Fail(fmt.Errorf("`%s` should be either an int, a tuple of %d ints or a tuple of %d tuples of 2 ints. Received: %s=%v", key, n, n, key, raw))
		return def
	}
	out := make([][2]int, n)
	if f, ok := toFloat(raw); ok {
		if f != float64(int(f)) || f < 0 {
			return bad()
		}
		for i := range out {
			out[i] = [2]int{int(f), int(f)}
		}
		return out
	}
	var list []any
	switch x := raw.(type) {
	case []any:
		list = x
	case []int:
		for _, d := range x {
			list = append(list, d)
		}
	case [][2]int:
		for _, p := range x {
			list = append(list, []any{p[0], p[1]})
		}
	default:
		return bad()
	}
	if n == 1 { // Cropping1D / ZeroPadding1D: one pair, or an int
		list = []any{list}
		if len(list[0].([]any)) != 2 {
			return bad()
		}
	}
	if len(list) != n {
		return bad()
	}
	for i, e := range list {
		if f, ok := toFloat(e); ok && f == float64(int(f)) && f >= 0 {
			out[i] = [2]int{int(f), int(f)}
			continue
		}
		p, err := toInts(e)
		if err != nil || len(p) != 2 || p[0] < 0 || p[1] < 0 {
			return bad()
		}
		out[i] = [2]int{p[0], p[1]}
	}
	return out
}

// pairsAny writes pairs the way Keras's config does: a list of 2-lists
// (or a single pair when there is one dimension).
func pairsAny(p [][2]int) any {
	if len(p) == 1 {
		return []any{p[0][0], p[0][1]}
	}
	out := make([]any, len(p))
	for i, q := range p {
		out[i] = []any{q[0], q[1]}
	}
	return out
}

func intsAny(v []int) []any {
	out := make([]any, len(v))
	for i, d := range v {
		out[i] = d
	}
	return out
}

// wantNDim checks one input's rank like Keras's InputSpec(ndim=n).
func wantNDim(shapes []tensor.Shape, n int) error {
	if err := wantInputs(shapes, 1); err != nil {
		return err
	}
	if len(shapes[0]) != n {
		return fmt.Errorf("input 0 is incompatible with the layer: expected ndim=%d, found ndim=%d. Full shape received: %v", n, len(shapes[0]), shapes[0])
	}
	return nil
}

// spatialAxes returns the positions of the spatial axes of a rank-r input.
func spatialAxes(r int, dataFormat string) []int {
	out := make([]int, 0, r-2)
	start := 1
	if dataFormat == "channels_first" {
		start = 2
	}
	for i := 0; i < r-2; i++ {
		out = append(out, start+i)
	}
	return out
}

// channelAxis returns the channel axis of a rank-r input.
func channelAxis(r int, dataFormat string) int {
	if dataFormat == "channels_first" {
		return 1
	}
	return r - 1
}
