package saving

import (
	"fmt"
	"io"
	"sort"

	"github.com/gokeras/keras/internal/hdf5"
	"github.com/gokeras/keras/tensor"
)

// writeH5 encodes a weights tree as an HDF5 file the way h5py writes one.
func writeH5(root *h5Node, w io.Writer) error {
	hw := hdf5.NewWriter()
	if err := writeGroup(hw.Root(), root); err != nil {
		return err
	}
	_, err := hw.WriteTo(w)
	return err
}

func writeGroup(g *hdf5.GroupWriter, n *h5Node) error {
	if err := setAttrs(g.SetAttr, n.attrs); err != nil {
		return fmt.Errorf("HDF5 group %q: %w", n.name, err)
	}
	for _, c := range n.children {
		if c.isDataset() {
			d, err := g.CreateDataset(c.name, []int(c.data.Shape()), datasetData(c.data))
			if err != nil {
				return fmt.Errorf("HDF5 dataset %q: %w", c.name, err)
			}
			if err := setAttrs(d.SetAttr, c.attrs); err != nil {
				return fmt.Errorf("HDF5 dataset %q: %w", c.name, err)
			}
			continue
		}
		sub, err := g.CreateGroup(c.name)
		if err != nil {
			return fmt.Errorf("HDF5 group %q: %w", c.name, err)
		}
		if err := writeGroup(sub, c); err != nil {
			return err
		}
	}
	return nil
}

func setAttrs(set func(string, any) error, attrs map[string]any) error {
	keys := make([]string, 0, len(attrs))
	for k := range attrs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if err := set(k, attrs[k]); err != nil {
			return fmt.Errorf("attribute %q: %w", k, err)
		}
	}
	return nil
}

func datasetData(t *tensor.Tensor) any {
	switch t.DType() {
	case tensor.Int64:
		return t.Int64s()
	case tensor.Int32:
		return t.Int32s()
	case tensor.Uint8:
		return t.Uint8s()
	}
	return t.Float32s()
}
