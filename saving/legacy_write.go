package saving

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/gokeras/keras/internal/hdf5"
	"github.com/gokeras/keras/layers"
)

// SaveLegacyH5 writes m in the legacy HDF5 model format, as Keras 3's
// model.save("model.h5") does (keras.src.legacy.saving.legacy_h5_format):
// root attributes keras_version, backend, model_config and, for a compiled
// model, training_config (JSON); a model_weights group whose layer_names
// attribute lists every layer in model.layers order, with one group per
// layer (created in name order) holding a weight_names attribute and the
// weights as datasets at their variable paths ("sequential/dense/kernel");
// for a compiled model, an optimizer_weights group with the optimizer's
// variables (weight_names in optimizer.variables order). The write is
// atomic.
func SaveLegacyH5(m Model, path string) error {
	if !strings.HasSuffix(path, ".h5") || strings.HasSuffix(path, ".weights.h5") {
		return fmt.Errorf("save_model: a legacy HDF5 model file must end in .h5 (not .weights.h5), got %q", path)
	}
	return writeAtomic(path, func(w io.Writer) error { return WriteLegacyH5(m, w) })
}

// WriteLegacyH5 writes the legacy HDF5 model file of m to w.
func WriteLegacyH5(m Model, w io.Writer) error {
	name := m.Base().Name()
	obj, err := serializeModel(m, false)
	if err != nil {
		return err
	}
	mc, err := json.Marshal(map[string]any{"class_name": obj["class_name"], "config": obj["config"]})
	if err != nil {
		return fmt.Errorf("model %q: encoding model_config: %w", name, err)
	}
	hw := hdf5.NewWriter()
	root := hw.Root()
	attrs := map[string]any{"keras_version": KerasVersion, "backend": "tensorflow", "model_config": string(mc)}
	if tc := trainingConfig(m); tc != nil {
		b, err := json.Marshal(tc)
		if err != nil {
			return fmt.Errorf("model %q: encoding training_config: %w", name, err)
		}
		attrs["training_config"] = string(b)
	}
	if err := setAttrs(root.SetAttr, attrs); err != nil {
		return fmt.Errorf("model %q: %w", name, err)
	}
	mw, err := root.CreateGroup("model_weights")
	if err != nil {
		return err
	}
	ls := m.Layers()
	names := make([]string, len(ls))
	for i, l := range ls {
		names[i] = l.Base().Name()
	}
	if err := setAttrs(mw.SetAttr, map[string]any{"layer_names": hdf5.FixedStrings(names),
		"backend": hdf5.FixedString("tensorflow"), "keras_version": hdf5.FixedString(KerasVersion)}); err != nil {
		return fmt.Errorf("model %q: %w", name, err)
	}
	sorted := append([]layers.Layer(nil), ls...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Base().Name() < sorted[j].Base().Name() })
	for _, l := range sorted {
		if err := writeLegacyLayer(mw, name, l); err != nil {
			return fmt.Errorf("model %q: layer %q: %w", name, l.Base().Name(), err)
		}
	}
	if err := writeLegacyOptimizer(root, m); err != nil {
		return fmt.Errorf("model %q: %w", name, err)
	}
	_, err = hw.WriteTo(w)
	return err
}

// writeLegacyLayer writes one layer's group: weight_names and the datasets.
func writeLegacyLayer(mw *hdf5.GroupWriter, model string, l layers.Layer) error {
	g, err := mw.CreateGroup(l.Base().Name())
	if err != nil {
		return err
	}
	vars := layers.Weights(l)
	wn := make([]string, len(vars))
	for i, v := range vars {
		wn[i] = model + "/" + v.Path()
	}
	if err := g.SetAttr("weight_names", hdf5.FixedStrings(wn)); err != nil {
		return err
	}
	for i, v := range vars {
		if err := createNestedDataset(g, wn[i], v.Value()); err != nil {
			return fmt.Errorf("weight %q: %w", wn[i], err)
		}
	}
	return nil
}

// trainingConfig is Keras 3's training_config of a legacy HDF5 file: the
// compile config without the optimizer, plus optimizer_config.
func trainingConfig(m Model) map[string]any {
	cc := compileConfig(m)
	if cc == nil {
		return nil
	}
	tc := map[string]any{}
	for k, v := range cc {
		if k != "optimizer" {
			tc[k] = v
		}
	}
	if opt, ok := cc["optimizer"].(map[string]any); ok {
		tc["optimizer_config"] = map[string]any{"class_name": opt["class_name"], "config": opt["config"]}
	}
	return tc
}
