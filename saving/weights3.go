package saving

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/gokeras/keras/ops"
	"github.com/gokeras/keras/tensor"
)

// WarningOutput receives the warnings Keras prints while loading (skipped
// mismatched weights, optimizer state that does not fit). Set it to
// io.Discard to silence them.
var WarningOutput io.Writer = os.Stderr

func warnf(format string, args ...any) {
	if WarningOutput != nil {
		fmt.Fprintf(WarningOutput, "saving: warning: "+format+"\n", args...)
	}
}

// kerasWeightsTree lays a model's variables out as Keras 3's
// model.weights.h5: "<path>/vars/<i>" datasets, each vars group carrying the
// object's name as its "name" attribute.
func kerasWeightsTree(m Model, withOptimizer bool) *h5Node {
	root := newGroup("")
	for _, g := range kerasLayout(m, withOptimizer) {
		vg := root.groupPath(g.varsPath())
		vg.attrs["name"] = g.name
		for i, v := range g.vars {
			vg.addDataset(strconv.Itoa(i), v.Value())
		}
		addOwnVariables(vg, g)
	}
	return root
}

// findVars finds a "<path>/vars" group, also under the names tf-keras 2.13+
// used ("_layer_checkpoint_dependencies" for "layers").
func findVars(root *h5Node, g varGroup) *h5Node {
	if n := root.lookup(g.varsPath()); n != nil && !n.isDataset() {
		return n
	}
	alt := strings.ReplaceAll(g.varsPath(), "layers/", "_layer_checkpoint_dependencies/")
	if n := root.lookup(alt); n != nil && !n.isDataset() {
		return n
	}
	return nil
}

// loadKerasWeights assigns the variables of m (and of its optimizer, when
// withOptimizer) from a Keras 3 weights tree. Errors name the object, the
// path, the weight and both shapes; with skipMismatch, layers whose weights
// do not fit are left as they are, with a warning.
func loadKerasWeights(m Model, root *h5Node, withOptimizer, skipMismatch bool) error {
	for _, g := range kerasLayout(m, false) {
		if g.mirror {
			continue
		}
		if err := loadGroup(root, g); err != nil {
			if skipMismatch {
				warnf("skipping %v", err)
				continue
			}
			return err
		}
	}
	if !withOptimizer {
		return nil
	}
	opt := m.Optimizer()
	og := root.lookup("optimizer/vars")
	if og == nil || len(og.datasets()) == 0 {
		return nil
	}
	if opt == nil {
		warnf("the file holds optimizer state, but the model is not compiled: the optimizer state was not loaded")
		return nil
	}
	if n := len(og.datasets()); n > 0 && n == len(opt.Variables()) {
		// An optimizer saved before it was built (iteration and learning
		// rate only) loads into one that is not built either.
		g := varGroup{path: "optimizer", name: opt.Name(), what: fmt.Sprintf("optimizer %q (%s)", opt.Name(), opt.ClassName()), vars: opt.Variables()}
		if err := loadGroup(root, g); err != nil {
			warnf("skipping variable loading for %v", err)
		}
		return nil
	}
	if err := opt.Build(m.TrainableWeights()); err != nil {
		return fmt.Errorf("building optimizer %q to load its state: %w", opt.Name(), err)
	}
	g := varGroup{path: "optimizer", name: opt.Name(), what: fmt.Sprintf("optimizer %q (%s)", opt.Name(), opt.ClassName()), vars: opt.Variables()}
	if n := len(og.datasets()); n != len(g.vars) {
		warnf("skipping variable loading for %s because it has %d variables whereas the saved optimizer has %d variables", g.what, len(g.vars), n)
		return nil
	}
	if err := loadGroup(root, g); err != nil {
		warnf("skipping variable loading for %v", err)
	}
	return nil
}

func loadGroup(root *h5Node, g varGroup) error {
	n := findVars(root, g)
	var found int
	if n != nil {
		found = len(n.datasets())
		if _, own := g.layer.(OwnVariablesLayer); own {
			found -= len(ownVariableStore(n))
		}
	}
	if found != len(g.vars) {
		names := make([]string, len(g.vars))
		for i, v := range g.vars {
			names[i] = v.Name()
		}
		return fmt.Errorf("%s at %q expected %d variables %v, but received %d variables during loading", g.what, g.varsPath(), len(g.vars), names, found)
	}
	vals := make([]*tensor.Tensor, len(g.vars))
	for i, v := range g.vars {
		d := n.varAt(i)
		if d == nil {
			return fmt.Errorf("%s: dataset %q is missing", g.what, g.varsPath()+"/"+strconv.Itoa(i))
		}
		t, err := fitValue(v, d.data)
		if err != nil {
			return fmt.Errorf("%s: weight %d (%s) at %q: %w", g.what, i, v.Name(), g.varsPath()+"/"+strconv.Itoa(i), err)
		}
		vals[i] = t
	}
	for i, v := range g.vars {
		if err := v.Assign(vals[i]); err != nil {
			return fmt.Errorf("%s: weight %d (%s): %w", g.what, i, v.Name(), err)
		}
	}
	return loadOwnVariables(n, g)
}

// fitValue checks a loaded value against a variable's shape and converts it
// to the variable's dtype.
func fitValue(v *tensor.Variable, t *tensor.Tensor) (*tensor.Tensor, error) {
	want, got := v.Shape(), t.Shape()
	if !want.Equal(got) && !(want.Size() == 1 && got.Size() == 1) {
		return nil, fmt.Errorf("shape mismatch: expected %v, found %v", want, got)
	}
	if !want.Equal(got) {
		r, err := t.View(want...)
		if err != nil {
			return nil, err
		}
		t = r
	}
	if dt := v.Value().DType(); t.DType() != dt {
		c, err := ops.Cast(t, dt)
		if err != nil {
			return nil, err
		}
		t = c
	}
	return t, nil
}
