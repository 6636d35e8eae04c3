package hdf5

import (
	"fmt"
	"github.com/gokeras/keras/internal/atomicfile"
	"io"
	"math"
	"sort"
	"strings"
)

// Writer builds an HDF5 file in memory the way h5py writes one with its
// default settings (superblock 0, version 1 object headers, symbol-table
// groups, contiguous datasets, compact attributes), which is what Keras's
// .weights.h5 / model.weights.h5 and legacy .h5 files look like. Create the
// tree with Root().CreateGroup/CreateDataset/SetAttr, then call WriteTo or
// Save.
type Writer struct {
	root *GroupWriter
}

// NewWriter returns an empty file (h5py.File(path, "w")).
func NewWriter() *Writer {
	return &Writer{root: &GroupWriter{path: "/"}}
}

// Root returns the root group "/".
func (w *Writer) Root() *GroupWriter { return w.root }

// GroupWriter is a group being written.
type GroupWriter struct {
	path    string
	members map[string]any // *GroupWriter or *DatasetWriter
	attrs   attrList
}

// DatasetWriter is a dataset being written.
type DatasetWriter struct {
	path  string
	dtype DType
	shape []int
	data  []byte
	attrs attrList
}

// FixedString is a scalar attribute value written as a fixed-length,
// null-padded ASCII string (numpy's |S<n>, as Keras 2 writes
// keras_version); a plain Go string is written as a variable-length UTF-8
// string (h5py's str).
type FixedString string

// FixedStrings is an attribute value written as an array of fixed-length
// null-padded strings (numpy |S<n>, as Keras 2 writes layer_names);
// []string is written as variable-length UTF-8 strings.
type FixedStrings []string

func validName(name string) error {
	if name == "" || name == "." || strings.Contains(name, "/") || strings.IndexByte(name, 0) >= 0 {
		return fmt.Errorf("invalid HDF5 link name %q (must be non-empty, not \".\", without '/' or NUL)", name)
	}
	return nil
}

func (g *GroupWriter) add(name string, obj any) error {
	if err := validName(name); err != nil {
		return fmt.Errorf("hdf5: in group %s: %w", g.path, err)
	}
	if _, ok := g.members[name]; ok {
		return fmt.Errorf("hdf5: group %s already has a member named %q", g.path, name)
	}
	if g.members == nil {
		g.members = map[string]any{}
	}
	g.members[name] = obj
	return nil
}

// CreateGroup adds a new subgroup (h5py's create_group). A name that
// already exists in g is an error.
func (g *GroupWriter) CreateGroup(name string) (*GroupWriter, error) {
	sub := &GroupWriter{path: joinPath(g.path, name)}
	if err := g.add(name, sub); err != nil {
		return nil, err
	}
	return sub, nil
}

// RequireGroup returns the subgroup name, creating it if absent (h5py's
// require_group).
func (g *GroupWriter) RequireGroup(name string) (*GroupWriter, error) {
	if m, ok := g.members[name]; ok {
		if sub, ok := m.(*GroupWriter); ok {
			return sub, nil
		}
		return nil, fmt.Errorf("hdf5: %s exists and is not a group", joinPath(g.path, name))
	}
	return g.CreateGroup(name)
}

// CreateDataset adds a contiguous dataset with the given shape (nil or
// empty for a scalar) and row-major data: []float32, []float64, []int32,
// []int64 or []uint8, written little-endian (h5py's create_dataset(name,
// data=array)).
func (g *GroupWriter) CreateDataset(name string, shape []int, data any) (*DatasetWriter, error) {
	path := joinPath(g.path, name)
	dtype, raw, n, err := encodeNumbers(data)
	if err != nil {
		return nil, fmt.Errorf("hdf5: dataset %s: %w", path, err)
	}
	want := 1
	for _, d := range shape {
		if d < 0 {
			return nil, fmt.Errorf("hdf5: dataset %s: negative dimension in shape %v", path, shape)
		}
		want *= d
	}
	if len(shape) > maxRank {
		return nil, fmt.Errorf("hdf5: dataset %s: rank %d exceeds %d", path, len(shape), maxRank)
	}
	if n != want {
		return nil, fmt.Errorf("hdf5: dataset %s: %d values do not match shape %v (%d elements)", path, n, shape, want)
	}
	d := &DatasetWriter{path: path, dtype: dtype, shape: append([]int{}, shape...), data: raw}
	if err := g.add(name, d); err != nil {
		return nil, err
	}
	return d, nil
}

// SetAttr sets an attribute of the group (h5py's g.attrs[name] = value);
// see attrList.set for the accepted value types.
func (g *GroupWriter) SetAttr(name string, value any) error {
	return g.attrs.set(g.path, name, value)
}

// SetAttr sets an attribute of the dataset.
func (d *DatasetWriter) SetAttr(name string, value any) error {
	return d.attrs.set(d.path, name, value)
}

// encodeNumbers converts a numeric slice to little-endian bytes.
func encodeNumbers(data any) (DType, []byte, int, error) {
	switch v := data.(type) {
	case []float32:
		b := make([]byte, 4*len(v))
		for i, x := range v {
			le.PutUint32(b[4*i:], math.Float32bits(x))
		}
		return Float32, b, len(v), nil
	case []float64:
		b := make([]byte, 8*len(v))
		for i, x := range v {
			le.PutUint64(b[8*i:], math.Float64bits(x))
		}
		return Float64, b, len(v), nil
	case []int32:
		b := make([]byte, 4*len(v))
		for i, x := range v {
			le.PutUint32(b[4*i:], uint32(x))
		}
		return Int32, b, len(v), nil
	case []int64:
		b := make([]byte, 8*len(v))
		for i, x := range v {
			le.PutUint64(b[8*i:], uint64(x))
		}
		return Int64, b, len(v), nil
	case []uint8:
		return Uint8, append([]byte(nil), v...), len(v), nil
	}
	return DType{}, nil, 0, fmt.Errorf("unsupported data type %T (want []float32, []float64, []int32, []int64 or []uint8)", data)
}

// WriteTo writes the file to out.
func (w *Writer) WriteTo(out io.Writer) (int64, error) {
	b, err := w.build()
	if err != nil {
		return 0, err
	}
	n, err := out.Write(b)
	return int64(n), err
}

// Bytes returns the encoded file.
func (w *Writer) Bytes() ([]byte, error) { return w.build() }

// Save writes the file to path atomically (see package atomicfile).
func (w *Writer) Save(path string) error {
	b, err := w.build()
	if err != nil {
		return err
	}
	if err := atomicfile.Write(path, func(out io.Writer) error { _, err := out.Write(b); return err }); err != nil {
		return fmt.Errorf("hdf5: saving %s: %w", path, err)
	}
	return nil
}

func sortedNames(m map[string]any) []string {
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
