package saving

import (
	"fmt"
	"strings"

	"github.com/gokeras/keras"
	"github.com/gokeras/keras/layers"
	"github.com/gokeras/keras/tensor"
)

// tfjsTarget is one variable of a model with the names a TensorFlow.js
// manifest may give it.
type tfjsTarget struct {
	layer layers.Layer
	v     *tensor.Variable
	keys  []string
}

// tfjsTargets lists the model's variables layer by layer (each layer's
// weights in Keras's order), nested models flattened, with their names:
// "<layer>/<weight>" as tfjs writes them, and the variable's path
// ("<layer>/<cell>/<weight>" as tf.keras and the converter write them).
func tfjsTargets(m Model) []tfjsTarget {
	var out []tfjsTarget
	var walk func(ls []layers.Layer)
	walk = func(ls []layers.Layer) {
		for _, l := range ls {
			switch mm := l.(type) {
			case *keras.Sequential:
				walk(mm.Layers())
				continue
			case *keras.Model:
				walk(mm.Layers())
				continue
			}
			for _, v := range layers.Weights(l) {
				keys := []string{l.Base().Name() + "/" + v.Name()}
				if p := v.Path(); p != "" && p != keys[0] {
					keys = append(keys, p)
				}
				out = append(out, tfjsTarget{layer: l, v: v, keys: keys})
			}
		}
	}
	walk(m.Layers())
	return out
}

// tfjsName normalizes a manifest weight name: no ":0" suffix, "/"
// separators.
func tfjsName(n string) string {
	n = strings.ReplaceAll(n, "\\", "/")
	if i := strings.LastIndexByte(n, ':'); i > 0 && !strings.Contains(n[i:], "/") {
		n = n[:i]
	}
	return n
}

// tfjsNameCandidates are the names Container.loadWeights would try for a
// manifest name, plus the same without a leading model-name component:
// tf-keras 2.2+ writes "<layer>/<cell>/<weight>" for RNN weights, and
// Keras 3 legacy exports prefix the model's name.
func tfjsNameCandidates(n string) []string {
	n = tfjsName(n)
	out := []string{n}
	toks := strings.Split(n, "/")
	if len(toks) >= 3 {
		out = append(out, strings.Join(append(append([]string{}, toks[:len(toks)-2]...), toks[len(toks)-1]), "/"))
	}
	if len(toks) >= 3 {
		rest := toks[1:]
		out = append(out, strings.Join(rest, "/"))
		if len(rest) >= 3 {
			out = append(out, strings.Join(append(append([]string{}, rest[:len(rest)-2]...), rest[len(rest)-1]), "/"))
		}
	}
	return out
}

// assignTFJSWeights loads decoded manifest weights into m: by name first
// (as tfjs's loadWeights does, every model variable must be named exactly
// once), falling back to order — the model's layers in order, each layer's
// weights in Keras's order, then tfjs's own order (all trainable weights,
// then all non-trainable ones) — when names do not match (renamed layers,
// Keras 3 exports' numbered names). Optimizer weights (group "optimizer")
// are not loaded.
func assignTFJSWeights(m Model, ws []tfjsWeight) error {
	var file []tfjsWeight
	skipped := 0
	for _, w := range ws {
		if w.group == "optimizer" {
			skipped++
			continue
		}
		file = append(file, w)
	}
	if skipped > 0 {
		warnf("model %q: the %d optimizer weights of the tfjs file are not loaded (tfjs optimizers name and order their slots differently); training restarts the optimizer", m.Base().Name(), skipped)
	}
	targets := tfjsTargets(m)
	byName, nameErr := tfjsMatchByName(targets, file)
	if nameErr == nil {
		if err := tfjsAssign(byName, file); err == nil {
			return nil
		} else {
			nameErr = err
		}
	}
	if len(file) != len(targets) {
		return fmt.Errorf("%w; by order: the model has %d weights, the file %d", nameErr, len(targets), len(file))
	}
	perLayer := make([]tfjsTarget, len(targets))
	copy(perLayer, targets)
	if err := tfjsAssign(perLayer, file); err == nil {
		return nil
	}
	var tfjsOrder []tfjsTarget
	for _, trainable := range []bool{true, false} {
		for _, t := range targets {
			if t.v.Trainable() == trainable {
				tfjsOrder = append(tfjsOrder, t)
			}
		}
	}
	if err := tfjsAssign(tfjsOrder, file); err != nil {
		return fmt.Errorf("%w; by order: %w", nameErr, err)
	}
	return nil
}

// tfjsMatchByName returns, for each file weight, its target variable.
func tfjsMatchByName(targets []tfjsTarget, file []tfjsWeight) ([]tfjsTarget, error) {
	index := map[string]int{}
	for i, t := range targets {
		for _, k := range t.keys {
			if _, dup := index[k]; !dup {
				index[k] = i
			}
		}
	}
	used := make([]bool, len(targets))
	out := make([]tfjsTarget, len(file))
	for j, w := range file {
		found := -1
		for _, c := range tfjsNameCandidates(w.name) {
			if i, ok := index[c]; ok && !used[i] {
				found = i
				break
			}
		}
		if found < 0 {
			return nil, fmt.Errorf("tfjs weight %q has no target variable in model (by name)", w.name)
		}
		used[found] = true
		out[j] = targets[found]
	}
	for i, u := range used {
		if !u {
			t := targets[i]
			return nil, fmt.Errorf("layer %q (%s): weight %q has no value in the tfjs file (by name)", t.layer.Base().Name(), t.layer.Base().ClassName(), t.keys[0])
		}
	}
	return out, nil
}

// tfjsAssign checks every value against its variable, then assigns them
// all (nothing is assigned when one does not fit).
func tfjsAssign(targets []tfjsTarget, file []tfjsWeight) error {
	vals := make([]*tensor.Tensor, len(file))
	for i, w := range file {
		t := targets[i]
		v, err := fitValue(t.v, w.value)
		if err != nil {
			return fmt.Errorf("layer %q (%s): weight %s from tfjs weight %q: %w", t.layer.Base().Name(), t.layer.Base().ClassName(), t.v.Name(), w.name, err)
		}
		vals[i] = v
	}
	for i, w := range file {
		if err := targets[i].v.Assign(vals[i]); err != nil {
			return fmt.Errorf("tfjs weight %q: %w", w.name, err)
		}
	}
	return nil
}
