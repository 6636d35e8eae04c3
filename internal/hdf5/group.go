package hdf5

import (
	"fmt"
	"sort"
	"strings"
)

// Group is an HDF5 group (h5py.Group).
type Group struct {
	f        *File
	path     string
	oh       *objectHeader
	links    []link // sorted by name
	tracked  bool   // iterate in creation order (track_order=True)
	loaded   bool
	linksErr error
}

// Member is one named entry of a group.
type Member struct {
	Name string
	Kind Kind
}

// Name returns the absolute path of the group, like h5py's Group.name.
func (g *Group) Name() string { return g.path }

func (g *Group) loadLinks() error {
	if !g.loaded {
		g.links, g.tracked, g.linksErr = readLinks(g.f.fr, g.oh)
		g.loaded = true
		if g.linksErr != nil {
			g.linksErr = fmt.Errorf("hdf5: group %q: %w", g.path, g.linksErr)
		}
	}
	return g.linksErr
}

func (g *Group) find(name string) (link, bool) {
	i := sort.Search(len(g.links), func(i int) bool { return g.links[i].name >= name })
	if i < len(g.links) && g.links[i].name == name {
		return g.links[i], true
	}
	return link{}, false
}

// Members lists the group's members in the order h5py iterates them
// (list(g)): by name, or by creation order for groups created with
// track_order=True.
func (g *Group) Members() ([]Member, error) {
	if err := g.loadLinks(); err != nil {
		return nil, err
	}
	links := g.links
	if g.tracked {
		links = append([]link(nil), links...)
		sort.SliceStable(links, func(i, j int) bool { return links[i].corder < links[j].corder })
	}
	out := make([]Member, len(links))
	for i, l := range links {
		out[i] = Member{Name: l.name}
		if l.kind != 0 {
			continue
		}
		oh, err := g.f.header(l.addr)
		if err != nil {
			return nil, fmt.Errorf("hdf5: %s: %w", joinPath(g.path, l.name), err)
		}
		out[i].Kind = kindOf(oh)
	}
	return out, nil
}

// resolve follows path (relative to g, "/"-separated; a leading "/" starts
// at the root) to an object header.
func (g *Group) resolve(path string) (*objectHeader, string, error) {
	cur := g
	if strings.HasPrefix(path, "/") {
		cur = g.f.root
	}
	parts := splitPath(path)
	if len(parts) == 0 {
		return cur.oh, cur.path, nil
	}
	for i, p := range parts {
		if err := cur.loadLinks(); err != nil {
			return nil, "", err
		}
		l, ok := cur.find(p)
		if !ok {
			return nil, "", fmt.Errorf("hdf5: %q has no member %q", cur.path, p)
		}
		if l.kind != 0 {
			return nil, "", fmt.Errorf("hdf5: %s: %w", joinPath(cur.path, p), unsupported("soft or external link"))
		}
		oh, err := g.f.header(l.addr)
		if err != nil {
			return nil, "", fmt.Errorf("hdf5: %s: %w", joinPath(cur.path, p), err)
		}
		full := joinPath(cur.path, p)
		if i == len(parts)-1 {
			return oh, full, nil
		}
		if kindOf(oh) != KindGroup {
			return nil, "", fmt.Errorf("hdf5: %s is not a group", full)
		}
		cur = &Group{f: g.f, path: full, oh: oh}
	}
	panic("unreachable")
}

// Group opens the subgroup at path (h5py's g[path] for a group). Names may
// contain any byte except '/', including backslashes.
func (g *Group) Group(path string) (*Group, error) {
	oh, full, err := g.resolve(path)
	if err != nil {
		return nil, err
	}
	if kindOf(oh) != KindGroup {
		return nil, fmt.Errorf("hdf5: %s is not a group", full)
	}
	return &Group{f: g.f, path: full, oh: oh}, nil
}

// Dataset opens the dataset at path (h5py's g[path] for a dataset).
func (g *Group) Dataset(path string) (*Dataset, error) {
	oh, full, err := g.resolve(path)
	if err != nil {
		return nil, err
	}
	if kindOf(oh) != KindDataset {
		return nil, fmt.Errorf("hdf5: %s is not a dataset", full)
	}
	d, err := newDataset(g.f, full, oh)
	if err != nil {
		return nil, fmt.Errorf("hdf5: dataset %s: %w", full, err)
	}
	return d, nil
}

// Attrs returns all attributes of the group sorted by name (h5py's
// g.attrs.items()).
func (g *Group) Attrs() ([]Attribute, error) { return attrsOf(g.f, g.path, g.oh) }

// Attr returns the value of one attribute (h5py's g.attrs[name]); see
// Attribute.Value for the Go types.
func (g *Group) Attr(name string) (any, error) { return attrOf(g.f, g.path, g.oh, name) }

func attrsOf(f *File, path string, oh *objectHeader) ([]Attribute, error) {
	raw, err := readAttrs(f.fr, oh)
	if err != nil {
		return nil, fmt.Errorf("hdf5: attributes of %s: %w", path, err)
	}
	out := make([]Attribute, len(raw))
	for i, r := range raw {
		if out[i], err = r.decode(f.fr, f.gh); err != nil {
			return nil, fmt.Errorf("hdf5: attribute %q of %s: %w", r.name, path, err)
		}
	}
	return out, nil
}

func attrOf(f *File, path string, oh *objectHeader, name string) (any, error) {
	raw, err := readAttrs(f.fr, oh)
	if err != nil {
		return nil, fmt.Errorf("hdf5: attributes of %s: %w", path, err)
	}
	for _, r := range raw {
		if r.name == name {
			a, err := r.decode(f.fr, f.gh)
			if err != nil {
				return nil, fmt.Errorf("hdf5: attribute %q of %s: %w", name, path, err)
			}
			return a.Value, nil
		}
	}
	return nil, fmt.Errorf("hdf5: %s has no attribute %q", path, name)
}
