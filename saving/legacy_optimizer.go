package saving

import (
	"fmt"
	"strings"

	"github.com/gokeras/keras/internal/hdf5"
	"github.com/gokeras/keras/tensor"
)

// writeLegacyOptimizer writes the optimizer_weights group of a legacy HDF5
// model file, as Keras 3's save_optimizer_weights_to_hdf5_group does: a
// weight_names attribute listing the optimizer's variable paths in
// optimizer.variables order, and one dataset per variable at its path.
// A model that is not compiled has no optimizer and gets no group.
func writeLegacyOptimizer(root *hdf5.GroupWriter, m Model) error {
	opt := m.Optimizer()
	if opt == nil {
		return nil
	}
	vars := opt.Variables()
	if len(vars) == 0 {
		return nil
	}
	g, err := root.CreateGroup("optimizer_weights")
	if err != nil {
		return err
	}
	names := make([]string, len(vars))
	for i, v := range vars {
		names[i] = v.Path()
	}
	if err := g.SetAttr("weight_names", hdf5.FixedStrings(names)); err != nil {
		return err
	}
	for i, v := range vars {
		if err := createNestedDataset(g, names[i], v.Value()); err != nil {
			return fmt.Errorf("optimizer %q: weight %q: %w", opt.Name(), names[i], err)
		}
	}
	return nil
}

// createNestedDataset writes val at a "/"-separated path below g, creating
// the intermediate groups (as h5py's create_dataset does).
func createNestedDataset(g *hdf5.GroupWriter, path string, val *tensor.Tensor) error {
	parts := strings.Split(path, "/")
	dir := g
	var err error
	for _, p := range parts[:len(parts)-1] {
		if dir, err = dir.RequireGroup(p); err != nil {
			return err
		}
	}
	_, err = dir.CreateDataset(parts[len(parts)-1], []int(val.Shape()), datasetData(val))
	return err
}

// loadLegacyOptimizer restores the optimizer state of a legacy HDF5 model
// file written by Keras 3 (or by SaveLegacyH5): the optimizer is built on
// the model's trainable weights and its variables are set in weight_names
// order, as Keras 3's load_model_from_hdf5 does. Like Keras, a state that
// does not fit only warns and training starts with a fresh optimizer.
// Keras 1/2 optimizers order their slots differently: their state is not
// loaded (with a warning).
func loadLegacyOptimizer(m Model, og *h5Node, version string) {
	name := m.Base().Name()
	opt := m.Optimizer()
	if opt == nil {
		return
	}
	fresh := func(why string, args ...any) {
		warnf("model %q: error in loading the saved optimizer state (%s). As a result, your model is starting with a freshly initialized optimizer", name, fmt.Sprintf(why, args...))
	}
	if !strings.HasPrefix(version, "3.") {
		warnf("model %q: the optimizer state of a Keras %s legacy .h5 file is not loaded (Keras 1/2 optimizers order their slots differently); training restarts the optimizer", name, version)
		return
	}
	names, ok := og.attrStrings("weight_names")
	if !ok {
		fresh("optimizer_weights has no weight_names attribute")
		return
	}
	vals := make([]*tensor.Tensor, len(names))
	for i, n := range names {
		d := og.lookup(n)
		if d == nil || !d.isDataset() {
			fresh("dataset %q is missing", n)
			return
		}
		vals[i] = d.data
	}
	if len(vals) != len(opt.Variables()) {
		if err := opt.Build(m.TrainableWeights()); err != nil {
			fresh("building optimizer %q: %v", opt.Name(), err)
			return
		}
	}
	vars := opt.Variables()
	if len(vars) != len(vals) {
		fresh("optimizer %q has %d variables whereas the saved optimizer has %d", opt.Name(), len(vars), len(vals))
		return
	}
	fitted := make([]*tensor.Tensor, len(vals))
	for i, v := range vars {
		t, err := fitValue(v, vals[i])
		if err != nil {
			fresh("optimizer %q: weight %d (%s) from %q: %v", opt.Name(), i, v.Name(), names[i], err)
			return
		}
		fitted[i] = t
	}
	for i, v := range vars {
		if err := v.Assign(fitted[i]); err != nil {
			fresh("optimizer %q: weight %d (%s): %v", opt.Name(), i, v.Name(), err)
			return
		}
	}
}
