package saving

import (
	"fmt"
	"sort"

	"github.com/gokeras/keras"
	"github.com/gokeras/keras/layers"
)

// functionalFromConfig is Keras's functional_from_config: create every
// layer, then apply each layer to its inbound nodes as soon as their input
// tensors exist (shared layers may be called at several depths), then
// collect input_layers and output_layers.
func functionalFromConfig(cfg map[string]any, lc *loadConfig) (Model, error) {
	name, _ := cfg["name"].(string)
	entries, ok := cfg["layers"].([]any)
	if !ok {
		return nil, fmt.Errorf("functional model %q: \"layers\" must be a list, got %s", name, jsonKind(cfg["layers"]))
	}
	type pending struct {
		name  string
		layer layers.Layer
		nodes []any
	}
	var order []*pending
	created := map[string]layers.Layer{}
	outputs := map[string][][]*layers.KerasTensor{} // per layer: outputs of each node made here
	for i, e := range entries {
		em, ok := e.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("functional model %q: layer %d: expected an object, got %s", name, i, jsonKind(e))
		}
		l, err := layerFromEntry(em, lc)
		if err != nil {
			return nil, fmt.Errorf("functional model %q: layer %d: %w", name, i, err)
		}
		lname, _ := em["name"].(string)
		if lname == "" {
			lname = l.Base().Name()
		}
		if _, dup := created[lname]; dup {
			return nil, fmt.Errorf("functional model %q: two layers are named %q", name, lname)
		}
		created[lname] = l
		nodes, _ := em["inbound_nodes"].([]any)
		if in, ok := l.(*layers.InputLayer); ok && len(nodes) == 0 {
			outputs[lname] = [][]*layers.KerasTensor{{layers.InputTensor(in)}}
			continue
		}
		order = append(order, &pending{lname, l, nodes})
	}
	// resolve finds the tensor for a (layer, node, tensor) reference; ok is
	// false while the node has not been made yet.
	resolve := func(ref []any, legacy bool) (*layers.KerasTensor, bool, error) {
		if len(ref) < 3 {
			return nil, false, fmt.Errorf("bad tensor reference %v: expected [layer_name, node_index, tensor_index]", ref)
		}
		ln, _ := ref[0].(string)
		ni, ok1 := ref[1].(float64)
		ti, ok2 := ref[2].(float64)
		if ln == "" || !ok1 || !ok2 || ni < 0 || ti < 0 {
			return nil, false, fmt.Errorf("bad tensor reference %v: expected [layer_name, node_index, tensor_index]", ref)
		}
		l, ok := created[ln]
		if !ok {
			return nil, false, fmt.Errorf("missing layer %q (referenced by an inbound node)", ln)
		}
		node := int(ni)
		if legacy && node > 0 && skipsFirstNode(l) {
			node-- // Keras 2 counts a nested model's own construction node
		}
		outs := outputs[ln]
		if node >= len(outs) {
			return nil, false, nil
		}
		if int(ti) >= len(outs[node]) {
			return nil, false, fmt.Errorf("layer %q node %d has %d outputs; tensor index %d is out of range", ln, node, len(outs[node]), int(ti))
		}
		return outs[node][int(ti)], true, nil
	}
	remaining := 0
	for _, p := range order {
		remaining += len(p.nodes)
	}
	for remaining > 0 {
		progress := false
		for _, p := range order {
			for len(p.nodes) > 0 {
				refs, legacy, err := nodeRefs(p.nodes[0])
				if err != nil {
					return nil, fmt.Errorf("functional model %q: layer %q: inbound node: %w", name, p.name, err)
				}
				var ins []*layers.KerasTensor
				ready := true
				for _, r := range refs {
					t, ok, err := resolve(r, legacy)
					if err != nil {
						return nil, fmt.Errorf("functional model %q: layer %q: %w", name, p.name, err)
					}
					if !ok {
						ready = false
						break
					}
					ins = append(ins, t)
				}
				if !ready {
					break
				}
				outs := p.layer.Base().ApplyMulti(ins...)
				if err := outs[0].Err(); err != nil {
					return nil, fmt.Errorf("functional model %q: calling layer %q: %w", name, p.name, err)
				}
				outputs[p.name] = append(outputs[p.name], outs)
				p.nodes = p.nodes[1:]
				remaining--
				progress = true
			}
		}
		if !progress {
			var stuck []string
			for _, p := range order {
				if len(p.nodes) > 0 {
					stuck = append(stuck, p.name)
				}
			}
			sort.Strings(stuck)
			return nil, fmt.Errorf("functional model %q: invalid configuration: the graph has loops or disconnected nodes; these layers' inbound nodes could not be resolved: %v", name, stuck)
		}
	}
	collect := func(key string) ([]*layers.KerasTensor, error) {
		refs, err := tensorRefList(cfg[key])
		if err != nil {
			return nil, fmt.Errorf("functional model %q: %s: %w", name, key, err)
		}
		var out []*layers.KerasTensor
		for _, r := range refs {
			t, ok, err := resolve(r, isLegacyRefs(cfg))
			if err != nil {
				return nil, fmt.Errorf("functional model %q: %s: %w", name, key, err)
			}
			if !ok {
				return nil, fmt.Errorf("functional model %q: %s: %v refers to a node that does not exist", name, key, r)
			}
			out = append(out, t)
		}
		return out, nil
	}
	ins, err := collect("input_layers")
	if err != nil {
		return nil, err
	}
	outs, err := collect("output_layers")
	if err != nil {
		return nil, err
	}
	var opts []layers.Option
	if name != "" {
		opts = append(opts, layers.WithName(name))
	}
	model, err := keras.NewModel(ins, outs, opts...)
	if err != nil {
		return nil, err
	}
	if t, ok := cfg["trainable"].(bool); ok && !t {
		model.SetTrainable(false)
	}
	return model, nil
}

// skipsFirstNode reports whether Keras 2 counted a construction node for the
// layer (a nested model with an input), so that its first call is node 1.
func skipsFirstNode(l layers.Layer) bool {
	switch m := l.(type) {
	case *keras.Model:
		return true
	case *keras.Sequential:
		return len(m.Inputs()) > 0
	}
	return false
}

// isLegacyRefs reports whether the input/output references come from a
// Keras 2 config (the layers' inbound nodes are lists).
func isLegacyRefs(cfg map[string]any) bool {
	ls, _ := cfg["layers"].([]any)
	for _, e := range ls {
		em, _ := e.(map[string]any)
		nodes, _ := em["inbound_nodes"].([]any)
		for _, n := range nodes {
			_, isList := n.([]any)
			return isList
		}
	}
	_, hasModule := cfg["module"]
	return !hasModule
}

// nodeRefs lists the tensor references of one inbound node, in call
// order: Keras 2's [[name, node, tensor, kwargs], ...] or Keras 3's
// {"args": [...], "kwargs": {...}} with "__keras_tensor__" objects (nested
// lists of them, e.g. the inputs of Add, are flattened; keras tensors in
// kwargs follow, by key).
func nodeRefs(node any) (refs [][]any, legacy bool, err error) {
	switch n := node.(type) {
	case []any:
		for _, e := range n {
			ref, ok := e.([]any)
			if !ok {
				return nil, true, fmt.Errorf("expected [layer_name, node_index, tensor_index, kwargs], got %s", jsonKind(e))
			}
			refs = append(refs, ref)
		}
		return refs, true, nil
	case map[string]any:
		var walk func(v any)
		walk = func(v any) {
			switch x := v.(type) {
			case []any:
				for _, e := range x {
					walk(e)
				}
			case map[string]any:
				if x["class_name"] == "__keras_tensor__" {
					if c, ok := x["config"].(map[string]any); ok {
						if h, ok := c["keras_history"].([]any); ok {
							refs = append(refs, h)
							return
						}
					}
					err = fmt.Errorf("a __keras_tensor__ without keras_history")
					return
				}
				keys := make([]string, 0, len(x))
				for k := range x {
					keys = append(keys, k)
				}
				sort.Strings(keys)
				for _, k := range keys {
					walk(x[k])
				}
			}
		}
		walk(n["args"])
		walk(n["kwargs"])
		return refs, false, err
	}
	return nil, false, fmt.Errorf("expected a list or an object, got %s", jsonKind(node))
}

// tensorRefList reads input_layers / output_layers: one reference
// ["name", 0, 0] or a list of them.
func tensorRefList(v any) ([][]any, error) {
	l, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("expected a list, got %s", jsonKind(v))
	}
	if len(l) > 0 {
		if _, isName := l[0].(string); isName {
			return [][]any{l}, nil
		}
	}
	out := make([][]any, 0, len(l))
	for _, e := range l {
		r, ok := e.([]any)
		if !ok {
			return nil, fmt.Errorf("expected [layer_name, node_index, tensor_index], got %s", jsonKind(e))
		}
		out = append(out, r)
	}
	return out, nil
}
