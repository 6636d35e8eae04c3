package saving

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/gokeras/keras/layers"
	"github.com/gokeras/keras/tensor"
)

// assetsDir is saving_lib._ASSETS_DIRNAME: the zip folder of the layers'
// asset files.
const assetsDir = "assets"

// AssetLayer is implemented by layers with state that is neither a variable
// nor config (Keras's Layer.save_assets / load_assets): an adapted
// StringLookup, IntegerLookup or TextVectorization's "vocabulary.txt".
// SaveModel writes each file to assets/<layer path>/<file name> of the
// .keras zip; LoadModel hands the files found there back, after the
// layer's own variables are loaded. SaveAssets returns nil when there is
// nothing to save.
type AssetLayer interface {
	SaveAssets() map[string][]byte
	LoadAssets(files map[string][]byte) error
}

// OwnVariablesLayer is implemented by layers that save extra arrays in
// their "vars" group under names of their own (Keras's save_own_variables /
// load_own_variables overrides: the lookup layers' "idf_weights" in tf_idf
// mode). The arrays are written next to the layer's variables (datasets
// "0", "1", ...) in model.weights.h5 and in .weights.h5 files;
// LoadOwnVariables receives the group's datasets whose names are not
// integers.
type OwnVariablesLayer interface {
	SaveOwnVariables() map[string]*tensor.Tensor
	LoadOwnVariables(store map[string]*tensor.Tensor) error
}

// lookupChild is the attribute under which Keras's TextVectorization keeps
// its StringLookup; saving_lib walks into it, so every TextVectorization
// state is written a second time under "<path>/_lookup_layer".
const lookupChild = "_lookup_layer"

// mirrorGroups returns the groups Keras writes for a layer's hidden
// sub-objects that the Go layer does not have: TextVectorization's
// _lookup_layer, whose vars and assets repeat the layer's own. They are
// written, never read.
func mirrorGroups(l layers.Layer, path string) []varGroup {
	if l.Base().ClassName() != "TextVectorization" {
		return nil
	}
	p := lookupChild
	if path != "" {
		p = path + "/" + lookupChild
	}
	return []varGroup{{path: p, name: "string_lookup", what: fmt.Sprintf("layer %q (TextVectorization) lookup layer", l.Base().Name()), layer: l, mirror: true}}
}

// addOwnVariables writes a group's named own arrays into its vars group.
func addOwnVariables(vg *h5Node, g varGroup) {
	h, ok := g.layer.(OwnVariablesLayer)
	if !ok {
		return
	}
	store := h.SaveOwnVariables()
	for _, k := range slices.Sorted(maps.Keys(store)) {
		vg.addDataset(k, store[k])
	}
}

// isIndexName reports whether a vars dataset name is a variable index.
func isIndexName(s string) bool {
	_, err := strconv.Atoi(s)
	return err == nil
}

// ownVariableStore collects the named (non-index) datasets of a vars group.
func ownVariableStore(n *h5Node) map[string]*tensor.Tensor {
	store := map[string]*tensor.Tensor{}
	if n == nil {
		return store
	}
	for _, d := range n.datasets() {
		if !isIndexName(d.name) {
			store[d.name] = d.data
		}
	}
	return store
}

// loadOwnVariables hands a group's named arrays to its layer's
// LoadOwnVariables.
func loadOwnVariables(n *h5Node, g varGroup) error {
	h, ok := g.layer.(OwnVariablesLayer)
	if !ok {
		return nil
	}
	if err := h.LoadOwnVariables(ownVariableStore(n)); err != nil {
		return fmt.Errorf("%s at %q: %w", g.what, g.varsPath(), err)
	}
	return nil
}

// assetPrefix is the zip folder of a group's assets, with a trailing "/".
func assetPrefix(g varGroup) string {
	if g.path == "" {
		return assetsDir + "/"
	}
	return assetsDir + "/" + g.path + "/"
}

// assetEntry is one file of the assets folder.
type assetEntry struct {
	name string
	data []byte
}

// modelAssets lists the asset files of m's layers as Keras's DiskIOStore
// lays them out: assets/<layer path>/<file>, in layout order, file names
// sorted within a layer.
func modelAssets(m Model) ([]assetEntry, error) {
	var out []assetEntry
	for _, g := range kerasLayout(m, false) {
		h, ok := g.layer.(AssetLayer)
		if !ok {
			continue
		}
		files := h.SaveAssets()
		for _, name := range slices.Sorted(maps.Keys(files)) {
			e := assetPrefix(g) + name
			if err := checkEntryName(e); err != nil || strings.HasSuffix(name, "/") || name == "" {
				return nil, fmt.Errorf("%s: asset file name %q is not a relative file path", g.what, name)
			}
			out = append(out, assetEntry{e, files[name]})
		}
	}
	return out, nil
}

// loadModelAssets gives every AssetLayer of m the files under its assets
// folder (sub-folders of nested objects excluded), as Keras's _load_state
// does after the variables are loaded.
func loadModelAssets(m Model, a *kerasArchive) error {
	for _, g := range kerasLayout(m, false) {
		h, ok := g.layer.(AssetLayer)
		if !ok || g.mirror {
			continue
		}
		prefix := assetPrefix(g)
		files := map[string][]byte{}
		for _, name := range slices.Sorted(maps.Keys(a.files)) {
			rest, ok := strings.CutPrefix(name, prefix)
			if !ok || rest == "" || strings.Contains(rest, "/") {
				continue
			}
			b, err := a.read(name)
			if err != nil {
				return err
			}
			files[rest] = b
		}
		if err := h.LoadAssets(files); err != nil {
			return fmt.Errorf("%s: loading assets from %q: %w", g.what, strings.TrimSuffix(prefix, "/"), err)
		}
	}
	return nil
}
