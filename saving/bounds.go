package saving

import "fmt"

// maxConfigDim bounds every size argument of a config (units, filters,
// shapes, vocabulary sizes): building a layer allocates its weights, so an
// untrusted config must not be able to ask for terabytes.
const maxConfigDim = 1 << 22

var sizeKeys = map[string]bool{
	"units": true, "filters": true, "input_dim": true, "output_dim": true, "n": true,
	"depth_multiplier": true, "num_heads": true, "key_dim": true, "value_dim": true, "groups": true,
	"batch_shape": true, "batch_input_shape": true, "input_shape": true, "shape": true,
	"target_shape": true, "kernel_size": true, "build_input_shape": true, "size": true,
	"pool_size": true, "strides": true, "dilation_rate": true, "cropping": true, "padding": true,
}

// checkConfigBounds rejects size arguments beyond maxConfigDim.
func checkConfigBounds(v any, key string, depth int) error {
	if depth > 200 {
		return fmt.Errorf("config nested more than 200 levels deep")
	}
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if err := checkConfigBounds(e, k, depth+1); err != nil {
				return err
			}
		}
	case []any:
		for _, e := range x {
			if err := checkConfigBounds(e, key, depth+1); err != nil {
				return err
			}
		}
	case float64:
		if sizeKeys[key] && (x > maxConfigDim || x < -maxConfigDim) {
			return fmt.Errorf("config argument %s=%v is larger than the supported %d", key, x, maxConfigDim)
		}
	}
	return nil
}
