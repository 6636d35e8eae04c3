package saving

// Keras 1 class and argument names, translated to Keras 2/3 ones as Keras 2's
// legacy support (keras/legacy/interfaces.py) did.
var legacyClassNames = map[string]string{
	"Convolution1D":          "Conv1D",
	"Convolution2D":          "Conv2D",
	"Convolution3D":          "Conv3D",
	"Deconvolution2D":        "Conv2DTranspose",
	"SeparableConvolution2D": "SeparableConv2D",
	"AtrousConvolution1D":    "Conv1D",
	"AtrousConvolution2D":    "Conv2D",
}

var legacyArgNames = map[string]string{
	"init":             "kernel_initializer",
	"inner_init":       "recurrent_initializer",
	"inner_activation": "recurrent_activation",
	"W_regularizer":    "kernel_regularizer",
	"U_regularizer":    "recurrent_regularizer",
	"b_regularizer":    "bias_regularizer",
	"W_constraint":     "kernel_constraint",
	"U_constraint":     "recurrent_constraint",
	"b_constraint":     "bias_constraint",
	"bias":             "use_bias",
	"nb_filter":        "filters",
	"filter_length":    "kernel_size",
	"border_mode":      "padding",
	"subsample":        "strides",
	"subsample_length": "strides",
	"pool_length":      "pool_size",
	"stride":           "strides",
	"atrous_rate":      "dilation_rate",
	"dropout_W":        "dropout",
	"dropout_U":        "recurrent_dropout",
}

// keras1Units are the classes whose Keras 1 output_dim is Keras 2's units.
var keras1Units = map[string]bool{"Dense": true, "LSTM": true, "GRU": true, "SimpleRNN": true}

// translateLegacy rewrites a Keras 1/2 layer config into the names Keras 3
// layers take: Keras 1 class and argument names, dim_ordering, a
// one-element list axis, input_dim, the input_dtype that Keras 1 wrote, and
// reset_after=False for GRU configs without it (old Keras 2, TensorFlow.js).
// Keras 3 configs pass through unchanged.
func translateLegacy(cn string, cfg map[string]any) (string, map[string]any) {
	if n, ok := legacyClassNames[cn]; ok {
		cn = n
	}
	out := make(map[string]any, len(cfg))
	if d, ok := cfg["output_dim"]; ok && keras1Units[cn] {
		if _, taken := cfg["units"]; !taken {
			out["units"] = d
			cfg = cloneMap(cfg)
			delete(cfg, "output_dim")
		}
	}
	for k, v := range cfg {
		if n, ok := legacyArgNames[k]; ok {
			if _, taken := cfg[n]; !taken {
				k = n
			}
		}
		out[k] = v
	}
	if r, ok := out["nb_row"]; ok {
		out["kernel_size"] = []any{r, out["nb_col"]}
		delete(out, "nb_row")
		delete(out, "nb_col")
	}
	if d, ok := out["dim_ordering"].(string); ok {
		delete(out, "dim_ordering")
		switch d {
		case "th":
			out["data_format"] = "channels_first"
		case "tf":
			out["data_format"] = "channels_last"
		}
	}
	if _, ok := out["reset_after"]; !ok && (cn == "GRU" || cn == "GRUCell") {
		// Keras before 2.1.? and TensorFlow.js had no reset_after: the
		// reset gate applied before the matrix product.
		out["reset_after"] = false
	}
	if cn == "Dropout" {
		if p, ok := out["p"]; ok {
			out["rate"] = p
			delete(out, "p")
		}
	}
	if d, ok := out["input_dim"]; ok && cn != "Embedding" {
		if _, has := out["batch_input_shape"]; !has {
			out["input_shape"] = []any{d}
		}
		delete(out, "input_dim")
	}
	delete(out, "input_dtype")
	if a, ok := out["axis"].([]any); ok && len(a) == 1 {
		out["axis"] = a[0]
	}
	return cn, out
}

// legacyActivations gives "hard_sigmoid" its Keras 1/2 meaning,
// clip(0.2x + 0.5, 0, 1), in every activation argument of a config written
// by Keras 1/2 or TensorFlow.js (Keras 3 changed it to relu6(x+3)/6).
func legacyActivations(v any) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if s, ok := e.(string); ok && s == "hard_sigmoid" && isActivationKey(k) {
				x[k] = "hard_sigmoid_keras2"
				continue
			}
			legacyActivations(e)
		}
	case []any:
		for _, e := range x {
			legacyActivations(e)
		}
	}
}

func isActivationKey(k string) bool {
	return k == "activation" || k == "recurrent_activation" || k == "inner_activation"
}
