package saving

import (
	"fmt"
	"sort"
	"strings"

	"github.com/gokeras/keras/tensor"
)

// h5Node is an in-memory HDF5 object: a group (with children) or a dataset
// (with a tensor). Weight files are read into, and written from, this tree,
// which keeps the Keras layout logic independent of the HDF5 encoding.
type h5Node struct {
	name     string
	attrs    map[string]any // string, []string, float64, int64, []float64
	children []*h5Node      // groups and datasets, in creation order
	data     *tensor.Tensor // non-nil for a dataset
}

func newGroup(name string) *h5Node { return &h5Node{name: name, attrs: map[string]any{}} }

func (n *h5Node) isDataset() bool { return n.data != nil }

// child returns the direct child with the given name, or nil.
func (n *h5Node) child(name string) *h5Node {
	for _, c := range n.children {
		if c.name == name {
			return c
		}
	}
	return nil
}

// group returns the child group name, creating it when absent.
func (n *h5Node) group(name string) *h5Node {
	if c := n.child(name); c != nil {
		return c
	}
	c := newGroup(name)
	n.children = append(n.children, c)
	return c
}

// groupPath creates (or finds) the groups along a "/"-separated path.
func (n *h5Node) groupPath(path string) *h5Node {
	g := n
	for _, p := range strings.Split(path, "/") {
		if p != "" {
			g = g.group(p)
		}
	}
	return g
}

// addDataset adds a dataset holding t.
func (n *h5Node) addDataset(name string, t *tensor.Tensor) {
	n.children = append(n.children, &h5Node{name: name, attrs: map[string]any{}, data: t})
}

// lookup finds the object at a "/"-separated path. Group names written on
// Windows by tf-keras contain literal backslashes ("layers\lstm\cell"), so a
// path component that is missing is also looked for joined with the
// following components by backslashes.
func (n *h5Node) lookup(path string) *h5Node {
	parts := strings.FieldsFunc(path, func(r rune) bool { return r == '/' })
	return n.lookupParts(parts)
}

func (n *h5Node) lookupParts(parts []string) *h5Node {
	if len(parts) == 0 {
		return n
	}
	for k := len(parts); k >= 1; k-- {
		name := strings.Join(parts[:k], `\`)
		if c := n.child(name); c != nil {
			if r := c.lookupParts(parts[k:]); r != nil {
				return r
			}
		}
	}
	return nil
}

// attrString reads a string attribute (bytes and one-element lists too).
func (n *h5Node) attrString(key string) (string, bool) {
	switch v := n.attrs[key].(type) {
	case string:
		return v, true
	case []byte:
		return string(v), true
	case []string:
		if len(v) == 1 {
			return v[0], true
		}
	}
	return "", false
}

// attrStrings reads a list-of-strings attribute such as layer_names.
// Keras splits attributes too large for one HDF5 object header into
// key0, key1, ... (save_attributes_to_hdf5_group); they are joined here.
func (n *h5Node) attrStrings(key string) ([]string, bool) {
	if v, ok := n.attrs[key]; ok {
		return toStrings(v), true
	}
	var out []string
	found := false
	for i := 0; ; i++ {
		v, ok := n.attrs[fmt.Sprintf("%s%d", key, i)]
		if !ok {
			break
		}
		found = true
		out = append(out, toStrings(v)...)
	}
	return out, found
}

func toStrings(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []byte:
		return []string{string(x)}
	case []string:
		return x
	case [][]byte:
		out := make([]string, len(x))
		for i, b := range x {
			out[i] = string(b)
		}
		return out
	case []any:
		var out []string
		for _, e := range x {
			out = append(out, toStrings(e)...)
		}
		return out
	}
	return nil
}

// datasets lists the dataset children of a group, in Keras's "vars" order:
// names that are integers are sorted numerically ("0", "1", ..., "10"), as
// Keras reads them by index; others keep their order.
func (n *h5Node) datasets() []*h5Node {
	var out []*h5Node
	for _, c := range n.children {
		if c.isDataset() {
			out = append(out, c)
		}
	}
	return out
}

// varAt returns the dataset "vars/<i>" style child named by the integer i.
func (n *h5Node) varAt(i int) *h5Node {
	c := n.child(fmt.Sprint(i))
	if c == nil || !c.isDataset() {
		return nil
	}
	return c
}

// walk calls fn for every object below n with its full path, sorted by path
// (as h5py's visititems orders them).
func (n *h5Node) walk(fn func(path string, obj *h5Node)) {
	var rec func(prefix string, g *h5Node)
	rec = func(prefix string, g *h5Node) {
		kids := append([]*h5Node(nil), g.children...)
		sort.Slice(kids, func(i, j int) bool { return kids[i].name < kids[j].name })
		for _, c := range kids {
			p := c.name
			if prefix != "" {
				p = prefix + "/" + c.name
			}
			fn(p, c)
			if !c.isDataset() {
				rec(p, c)
			}
		}
	}
	rec("", n)
}
