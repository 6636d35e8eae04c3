package layers

import (
	"fmt"

	"github.com/gokeras/keras/tensor"
)

// encodedShape is the output shape of Keras's encode_categorical_inputs for
// an input of shape s: one_hot adds an axis of depth (replacing a last axis
// of size 1), the other modes replace the last (sample) axis by depth.
// Like Keras's TensorFlow path, multi_hot, count and tf_idf take inputs of
// rank 2 at most.
func encodedShape(mode string, s tensor.Shape, depth int) (tensor.Shape, error) {
	if len(s) == 0 {
		return tensor.Shape{depth}, nil
	}
	if mode == "one_hot" {
		out := s.Clone()
		if len(s) > 1 && s[len(s)-1] == 1 {
			out = out[:len(out)-1]
		}
		return append(out, depth), nil
	}
	if len(s) > 2 {
		return nil, fmt.Errorf("when output_mode is not `'int'`, maximum supported output rank is 2. Received output_mode %s and input shape %v, which would result in output rank %d", mode, s, len(s)+1)
	}
	out := s[:len(s)-1].Clone()
	return append(out, depth), nil
}

// encodeRows writes the encoding of idx (values in [0, depth) count, others
// such as dropIndex are ignored, as bincount with maxlength does) into dst,
// which it zeroes first. For one_hot every value is its own row; for the
// other modes each run of n values is one sample. weights (tf_idf) scales
// each column.
func encodeRows(dst []float32, idx []int64, n, depth int, mode string, weights []float32) {
	clear(dst)
	if mode == "one_hot" {
		for i, v := range idx {
			if v >= 0 && v < int64(depth) {
				dst[i*depth+int(v)] = 1
			}
		}
		return
	}
	if n == 0 {
		return
	}
	for r := 0; r*n < len(idx); r++ {
		row := dst[r*depth : (r+1)*depth]
		for _, v := range idx[r*n : (r+1)*n] {
			if v < 0 || v >= int64(depth) {
				continue
			}
			if mode == "multi_hot" {
				row[v] = 1
			} else {
				row[v]++
			}
		}
		if weights != nil {
			for j := range row {
				if j < len(weights) {
					row[j] *= weights[j]
				} else {
					row[j] = 0
				}
			}
		}
	}
}

// checkMode records an error unless mode is one of choices, in Keras's
// argument_validation words.
func checkMode(cfg *Config, layer, key, mode string, choices ...string) {
	for _, c := range choices {
		if mode == c {
			return
		}
	}
	cfg.Fail(fmt.Errorf("unknown value for `%s` argument of layer %s. Allowed values are: %q. Received: %s", key, layer, choices, mode))
}

// takeDType removes the "dtype" key (a string or a DTypePolicy config) from
// cfg so that BaseLayer.Init, which accepts only float32 policies, does not
// see it, and returns its name (def when absent). Preprocessing layers have
// integer or string dtypes.
func takeDType(cfg *Config, def string) string {
	v, ok := cfg.m["dtype"]
	if !ok || v == nil {
		delete(cfg.m, "dtype")
		return def
	}
	delete(cfg.m, "dtype")
	if s := dtypeName(v); s != "" {
		return s
	}
	cfg.Fail(fmt.Errorf("argument dtype must be a dtype name, got %T (%v)", v, v))
	return def
}

// policyConfig is Keras 3's serialized DTypePolicy for a dtype name.
func policyConfig(name string) map[string]any {
	return map[string]any{"module": "keras", "class_name": "DTypePolicy", "config": map[string]any{"name": name}, "registered_name": nil}
}
