package saving

import (
	"fmt"
	"io"

	"github.com/gokeras/keras/internal/hdf5"
	"github.com/gokeras/keras/tensor"
)

// maxExpansion bounds how much larger than the file a dataset may be once
// read (HDF5 filters such as gzip compress; Keras writes none).
const maxExpansion = 1100

// readH5 reads a whole HDF5 weights file into a tree. Numeric datasets
// become float32 tensors (int64 for integer data such as the optimizer's
// iteration count); string datasets and other kinds are skipped.
func readH5(r io.ReaderAt, size int64) (*h5Node, error) {
	f, err := hdf5.Open(r, size)
	if err != nil {
		return nil, fmt.Errorf("reading HDF5: %w", err)
	}
	root := newGroup("")
	if err := readGroup(f.Root(), root, size, 0); err != nil {
		return nil, err
	}
	return root, nil
}

func readAttrs(attrs []hdf5.Attribute, n *h5Node) {
	for _, a := range attrs {
		n.attrs[a.Name] = a.Value
	}
}

func readGroup(g *hdf5.Group, n *h5Node, size int64, depth int) error {
	if depth > 64 {
		return fmt.Errorf("HDF5 group %q: nested more than 64 levels deep", g.Name())
	}
	attrs, err := g.Attrs()
	if err != nil {
		return fmt.Errorf("HDF5 group %q: attributes: %w", g.Name(), err)
	}
	readAttrs(attrs, n)
	members, err := g.Members()
	if err != nil {
		return fmt.Errorf("HDF5 group %q: %w", g.Name(), err)
	}
	for _, m := range members {
		switch m.Kind {
		case hdf5.KindGroup:
			sub, err := g.Group(m.Name)
			if err != nil {
				return fmt.Errorf("HDF5 group %q: member %q: %w", g.Name(), m.Name, err)
			}
			c := newGroup(m.Name)
			n.children = append(n.children, c)
			if err := readGroup(sub, c, size, depth+1); err != nil {
				return err
			}
		case hdf5.KindDataset:
			d, err := g.Dataset(m.Name)
			if err != nil {
				return fmt.Errorf("HDF5 group %q: member %q: %w", g.Name(), m.Name, err)
			}
			t, err := readDataset(d, size)
			if err != nil {
				return err
			}
			if t == nil {
				continue
			}
			c := &h5Node{name: m.Name, attrs: map[string]any{}, data: t}
			if attrs, err := d.Attrs(); err == nil {
				readAttrs(attrs, c)
			}
			n.children = append(n.children, c)
		}
	}
	return nil
}

func readDataset(d *hdf5.Dataset, size int64) (*tensor.Tensor, error) {
	shape := d.Shape()
	n := int64(1)
	for _, s := range shape {
		if s < 0 {
			return nil, fmt.Errorf("HDF5 dataset %q: bad shape %v", d.Name(), shape)
		}
		n *= int64(s)
		if n > size*maxExpansion {
			break
		}
	}
	dt := d.DType()
	if n*int64(max(dt.Size, 1)) > size*maxExpansion {
		return nil, fmt.Errorf("HDF5 dataset %q: shape %v is larger than the file (%d bytes) can hold", d.Name(), shape, size)
	}
	switch dt.Class {
	case hdf5.ClassFloat:
		v, err := d.ReadFloat32()
		if err != nil {
			return nil, fmt.Errorf("HDF5 dataset %q: %w", d.Name(), err)
		}
		t, err := tensor.FromFloat32(v, shape...)
		if err != nil {
			return nil, fmt.Errorf("HDF5 dataset %q: %w", d.Name(), err)
		}
		return t, nil
	case hdf5.ClassInt, hdf5.ClassUint:
		v, err := d.ReadInt64()
		if err != nil {
			return nil, fmt.Errorf("HDF5 dataset %q: %w", d.Name(), err)
		}
		t, err := tensor.FromInt64(v, shape...)
		if err != nil {
			return nil, fmt.Errorf("HDF5 dataset %q: %w", d.Name(), err)
		}
		return t, nil
	}
	return nil, nil
}
