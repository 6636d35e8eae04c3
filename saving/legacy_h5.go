package saving

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/gokeras/keras/layers"
	"github.com/gokeras/keras/tensor"
)

// readLegacyH5Model reads a Keras 1/2 (or Keras 3 legacy) ".h5" full model:
// the model_config attribute (JSON), the model_weights group loaded by
// order as Keras does, and training_config for compiling.
func readLegacyH5Model(r io.ReaderAt, size int64, lc *loadConfig) (Model, error) {
	root, err := readH5(r, size)
	if err != nil {
		return nil, err
	}
	cfgJSON, ok := root.attrString("model_config")
	if !ok {
		if _, isWeights := root.attrStrings("layer_names"); isWeights {
			return nil, fmt.Errorf("this .h5 file holds only weights (no model_config); build the model and use LoadWeights")
		}
		return nil, fmt.Errorf("no model found in the .h5 file (no model_config attribute)")
	}
	version, _ := root.attrString("keras_version")
	var obj any
	if err := json.Unmarshal([]byte(cfgJSON), &obj); err != nil {
		return nil, fmt.Errorf("model_config: invalid JSON: %w", err)
	}
	noCompile := lc.noCompile
	lc.noCompile = true
	m, err := modelFromObject(obj, lc, version)
	lc.noCompile = noCompile
	if err != nil {
		return nil, err
	}
	wg := root.child("model_weights")
	if wg == nil {
		wg = root
	}
	if err := loadLegacyWeights(m, wg, false, false); err != nil {
		return nil, err
	}
	if tc, ok := root.attrString("training_config"); ok && !lc.noCompile {
		if err := compileFromTrainingConfig(m, tc); err != nil {
			warnf("model %q: the saved training configuration could not be used (%v); the model was *not* compiled. Compile it manually", m.Base().Name(), err)
		} else if og := root.child("optimizer_weights"); og != nil {
			loadLegacyOptimizer(m, og, version)
		}
	}
	return m, nil
}

// compileFromTrainingConfig is compile_args_from_training_config: the
// Keras 2 optimizer_config (with "lr" for learning_rate), loss, metrics and
// loss_weights.
func compileFromTrainingConfig(m Model, js string) error {
	var tc map[string]any
	if err := json.Unmarshal([]byte(js), &tc); err != nil {
		return fmt.Errorf("training_config: invalid JSON: %w", err)
	}
	cc := map[string]any{"loss": tc["loss"], "metrics": tc["metrics"], "loss_weights": tc["loss_weights"]}
	if oc, ok := tc["optimizer_config"].(map[string]any); ok {
		cc["optimizer"] = legacyOptimizer(oc)
	}
	if ms, ok := tc["metrics"].([]any); ok && len(ms) == 1 {
		if inner, ok := ms[0].([]any); ok { // tf-keras writes [[...]] per output
			cc["metrics"] = inner
		}
	}
	if _, perName := tc["loss_weights"].(map[string]any); perName {
		cc["loss_weights"] = nil // per-name loss weights are not supported; equal weights
	}
	return applyCompileConfig(m, cc)
}

// legacyOptimizer rewrites a Keras 2 optimizer config into Keras 3 keys.
func legacyOptimizer(oc map[string]any) map[string]any {
	cfg, _ := oc["config"].(map[string]any)
	out := map[string]any{}
	for k, v := range cfg {
		switch k {
		case "lr":
			out["learning_rate"] = v
		case "decay", "is_legacy_optimizer", "jit_compile":
			// no Keras 3 equivalent (decay 0 is the default)
		default:
			out[k] = v
		}
	}
	return map[string]any{"class_name": oc["class_name"], "config": out}
}

// loadLegacyWeights loads Keras 2's weight layout: group attributes
// layer_names (which layers, in order) and, per layer group, weight_names
// (dataset paths relative to the group). By order (Keras's default), the
// saved layers that have weights are matched with the model's layers that
// have weights, one to one; byName matches layers by name instead.
func loadLegacyWeights(m Model, g *h5Node, byName, skipMismatch bool) error {
	backend, _ := g.attrString("backend")
	theano := backend == "theano"
	names, ok := g.attrStrings("layer_names")
	if !ok {
		return fmt.Errorf("legacy weights: the group %q has no layer_names attribute", g.name)
	}
	type saved struct {
		name string
		vals []*tensor.Tensor
		wn   []string
	}
	var file []saved
	for _, n := range names {
		lg := g.lookup(n)
		if lg == nil {
			return fmt.Errorf("legacy weights: layer %q is listed in layer_names but has no group", n)
		}
		wn, _ := lg.attrStrings("weight_names")
		s := saved{name: n, wn: wn}
		for _, w := range wn {
			d := lg.lookup(w)
			if d == nil || !d.isDataset() {
				return fmt.Errorf("legacy weights: layer %q: weight %q is listed in weight_names but has no dataset", n, w)
			}
			s.vals = append(s.vals, d.data)
		}
		file = append(file, s)
	}
	var model []layers.Layer
	for _, l := range m.Layers() {
		if len(layers.Weights(l)) > 0 {
			model = append(model, l)
		}
	}
	assign := func(l layers.Layer, s saved, k int) error {
		vars := layers.Weights(l)
		if len(vars) != len(s.vals) {
			return fmt.Errorf("weight count mismatch for layer #%d (named %q in the current model, %q in the save file): layer %s expects %d weight(s), received %d saved weight(s)", k, l.Base().Name(), s.name, l.Base().ClassName(), len(vars), len(s.vals))
		}
		vals := make([]*tensor.Tensor, len(vars))
		for i, v := range vars {
			t, err := fitValue(v, s.vals[i])
			if err != nil && v.Shape().Equal(theanoKernelShape(s.vals[i].Shape())) {
				t, err = fitValue(v, keras1Kernel(s.vals[i], theano))
			}
			if err != nil {
				return fmt.Errorf("layer %q (%s): weight %d (%s, saved as %q): %w", l.Base().Name(), l.Base().ClassName(), i, v.Name(), s.wn[i], err)
			}
			vals[i] = t
		}
		for i, v := range vars {
			if err := v.Assign(vals[i]); err != nil {
				return fmt.Errorf("layer %q: weight %d: %w", l.Base().Name(), i, err)
			}
		}
		return nil
	}
	if byName {
		idx := map[string]saved{}
		for _, s := range file {
			idx[s.name] = s
		}
		for k, l := range model {
			s, ok := idx[l.Base().Name()]
			if !ok {
				continue
			}
			if err := assign(l, s, k); err != nil {
				if skipMismatch {
					warnf("skipping loading of weights for %v", err)
					continue
				}
				return err
			}
		}
		return nil
	}
	var withWeights []saved
	for _, s := range file {
		if len(s.vals) > 0 {
			withWeights = append(withWeights, s)
		}
	}
	if len(withWeights) != len(model) {
		return fmt.Errorf("layer count mismatch when loading weights from file: model expected %d layers with weights, found %d saved layers with weights", len(model), len(withWeights))
	}
	for k, l := range model {
		if err := assign(l, withWeights[k], k); err != nil {
			if skipMismatch {
				warnf("skipping loading of weights for %v", err)
				continue
			}
			return err
		}
	}
	return nil
}

// theanoKernelShape is the Keras 2 shape (kh, kw, in, out) of a Keras 1
// "th" convolution kernel saved as (out, in, kh, kw).
func theanoKernelShape(s tensor.Shape) tensor.Shape {
	if len(s) != 4 {
		return nil
	}
	return tensor.Shape{s[2], s[3], s[1], s[0]}
}

// keras1Kernel converts a Keras 1 (out, in, kh, kw) kernel to (kh, kw, in,
// out), flipping it spatially when Theano (which convolves rather than
// correlates) wrote it, as Keras 2's preprocess_weights_for_loading did.
func keras1Kernel(t *tensor.Tensor, flip bool) *tensor.Tensor {
	s := t.Shape()
	o, in, kh, kw := s[0], s[1], s[2], s[3]
	src := t.Float32s()
	dst := make([]float32, len(src))
	for a := 0; a < o; a++ {
		for b := 0; b < in; b++ {
			for y := 0; y < kh; y++ {
				for x := 0; x < kw; x++ {
					sy, sx := y, x
					if flip {
						sy, sx = kh-1-y, kw-1-x
					}
					dst[((y*kw+x)*in+b)*o+a] = src[((a*in+b)*kh+sy)*kw+sx]
				}
			}
		}
	}
	out, _ := tensor.FromFloat32(dst, kh, kw, in, o)
	return out
}
