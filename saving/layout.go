package saving

import (
	"fmt"

	"github.com/gokeras/keras"
	"github.com/gokeras/keras/layers"
	"github.com/gokeras/keras/tensor"
)

// SavedChildren is implemented by layers built from other layers that Keras
// saves under attribute names (path components of model.weights.h5): an
// RNN's "cell", a Bidirectional's "forward_layer" and "backward_layer", a
// wrapper's "layer". Layers with a Cell method, and Bidirectional and
// TimeDistributed with SubLayers, are recognized without it.
type SavedChildren interface {
	SavedChildren() (attrs []string, children []layers.Layer)
}

// varGroup is one Keras 3 "<path>/vars" group: the variables one object
// saves with save_own_variables.
type varGroup struct {
	path  string // "layers/dense_1" ("" for the model itself)
	name  string // the object's name (the group's "name" attribute)
	what  string // for messages: `layer "dense_3" (Dense)`
	vars  []*tensor.Variable
	layer layers.Layer // nil for the optimizer
	// mirror marks a group Keras writes for a hidden sub-object that
	// repeats layer's state (see mirrorGroups): written, never read.
	mirror bool
}

func (g varGroup) varsPath() string {
	if g.path == "" {
		return "vars"
	}
	return g.path + "/vars"
}

// kerasLayout lists the variable groups of a model in the order and under
// the paths that Keras 3's saving_lib._save_state gives them: the model's
// own group, then each layer of model.layers under
// "layers/<snake_case class name>[_N]" (numbered per class in that order,
// whatever the layers' own names), nested models recursively, sub-layers
// under their attribute names, then the optimizer under "optimizer".
func kerasLayout(m Model, withOptimizer bool) []varGroup {
	var out []varGroup
	visited := map[layers.Layer]bool{}
	walkLayer(m, "", visited, &out)
	if withOptimizer {
		if opt := m.Optimizer(); opt != nil {
			out = append(out, varGroup{path: "optimizer", name: opt.Name(), what: fmt.Sprintf("optimizer %q (%s)", opt.Name(), opt.ClassName()), vars: opt.Variables()})
		}
	}
	return out
}

func walkLayer(l layers.Layer, path string, visited map[layers.Layer]bool, out *[]varGroup) {
	if visited[l] {
		return
	}
	visited[l] = true
	b := l.Base()
	*out = append(*out, varGroup{path: path, name: b.Name(), what: fmt.Sprintf("layer %q (%s)", b.Name(), b.ClassName()), vars: b.OwnVariables(), layer: l})
	*out = append(*out, mirrorGroups(l, path)...)
	join := func(a, c string) string {
		if a == "" {
			return c
		}
		return a + "/" + c
	}
	switch mm := l.(type) {
	case *keras.Sequential, *keras.Model:
		var ls []layers.Layer
		if s, ok := mm.(*keras.Sequential); ok {
			ls = s.Layers()
		} else {
			ls = mm.(*keras.Model).Layers()
		}
		used := map[string]int{}
		for _, c := range ls {
			name := uniqueSaveName(pythonClass(c), used)
			walkLayer(c, join(path, "layers/"+name), visited, out)
		}
		return
	}
	attrs, children := savedChildren(l)
	for i, c := range children {
		walkLayer(c, join(path, attrs[i]), visited, out)
	}
}

// pythonClass is the Python class name Keras derives the path from.
func pythonClass(l layers.Layer) string {
	switch l.(type) {
	case *keras.Sequential:
		return "sequential"
	case *keras.Model:
		return "functional"
	}
	return layers.SnakeCase(l.Base().ClassName())
}

// uniqueSaveName is saving_lib._get_unique_name.
func uniqueSaveName(name string, used map[string]int) string {
	if n, ok := used[name]; ok {
		used[name] = n + 1
		return fmt.Sprintf("%s_%d", name, n+1)
	}
	used[name] = 0
	return name
}

func savedChildren(l layers.Layer) ([]string, []layers.Layer) {
	if s, ok := l.(SavedChildren); ok {
		return s.SavedChildren()
	}
	if c, ok := l.(interface{ Cell() layers.Layer }); ok && c.Cell() != nil {
		return []string{"cell"}, []layers.Layer{c.Cell()}
	}
	sub, ok := l.(layers.Container)
	if !ok {
		return nil, nil
	}
	ls := sub.SubLayers()
	switch {
	case l.Base().ClassName() == "Bidirectional" && len(ls) == 2:
		return []string{"forward_layer", "backward_layer"}, ls
	case len(ls) == 1:
		return []string{"layer"}, ls
	}
	names := make([]string, len(ls))
	used := map[string]int{}
	for i, c := range ls {
		names[i] = uniqueSaveName(pythonClass(c), used)
	}
	return names, ls
}
