package hdf5

import (
	"fmt"
	"io"
	"strings"
)

// File is an HDF5 file opened for reading (h5py.File(..., "r")).
type File struct {
	fr      *fileReader
	sb      *superblock
	gh      *globalHeaps
	headers map[uint64]*objectHeader
	root    *Group
}

// Open reads the superblock and root group of the HDF5 file held by r,
// whose real size is size bytes. Every structure read later is checked
// against size, so hostile input yields an error rather than a huge
// allocation or a panic.
func Open(r io.ReaderAt, size int64) (*File, error) {
	if size < 0 {
		return nil, fmt.Errorf("hdf5.Open: negative size %d", size)
	}
	fr := &fileReader{r: r, size: uint64(size), offsetSize: 8, lengthSize: 8}
	sb, err := readSuperblock(fr)
	if err != nil {
		return nil, fmt.Errorf("hdf5.Open: %w", err)
	}
	f := &File{fr: fr, sb: sb, gh: &globalHeaps{fr: fr}, headers: map[uint64]*objectHeader{}}
	oh, err := f.header(sb.rootAddr)
	if err != nil {
		return nil, fmt.Errorf("hdf5.Open: root group: %w", err)
	}
	if kindOf(oh) != KindGroup && sb.rootBTree != undefAddr && sb.rootBTree != 0 {
		// Old files may rely on the symbol table cached in the superblock.
		oh = &objectHeader{addr: oh.addr, msgs: append(oh.msgs, message{typ: msgSymbolTable, data: cachedSymtab(fr, sb)})}
	}
	if kindOf(oh) != KindGroup {
		return nil, fmt.Errorf("hdf5.Open: %w", formatErr("root object is not a group"))
	}
	f.root = &Group{f: f, path: "/", oh: oh}
	return f, nil
}

func cachedSymtab(fr *fileReader, sb *superblock) []byte {
	b := make([]byte, 2*fr.offsetSize)
	putUint(b, sb.rootBTree, fr.offsetSize)
	putUint(b[fr.offsetSize:], sb.rootHeap, fr.offsetSize)
	return b
}

func putUint(b []byte, v uint64, n int) {
	for i := 0; i < n; i++ {
		b[i] = byte(v >> (8 * i))
	}
}

// Root returns the root group "/".
func (f *File) Root() *Group { return f.root }

// SuperblockVersion reports the superblock version (0 for files h5py writes
// by default, 2 or 3 with libver="latest").
func (f *File) SuperblockVersion() int { return f.sb.version }

// header reads (and caches) the object header at addr.
func (f *File) header(addr uint64) (*objectHeader, error) {
	if oh, ok := f.headers[addr]; ok {
		return oh, nil
	}
	oh, err := readObjectHeader(f.fr, addr)
	if err != nil {
		return nil, err
	}
	f.headers[addr] = oh
	return oh, nil
}

// Kind says what a group member is.
type Kind int

// Member kinds.
const (
	KindOther   Kind = iota // named datatype, soft/external link or unknown object
	KindGroup               // h5py.Group
	KindDataset             // h5py.Dataset
)

func (k Kind) String() string {
	switch k {
	case KindGroup:
		return "group"
	case KindDataset:
		return "dataset"
	}
	return "other"
}

func kindOf(oh *objectHeader) Kind {
	switch {
	case oh.find(msgLayout) != nil:
		return KindDataset
	case oh.find(msgSymbolTable) != nil, oh.find(msgLinkInfo) != nil, oh.find(msgLink) != nil, oh.find(msgGroupInfo) != nil:
		return KindGroup
	}
	return KindOther
}

// Walk visits every group and dataset below the root depth first, each
// group's members in Members order (h5py's iteration order), calling fn with the
// object's path and a *Group or *Dataset. Objects reachable through more
// than one hard link are visited once; a link back to an ancestor is not
// followed, so cyclic files terminate.
func (f *File) Walk(fn func(path string, obj any) error) error {
	seen := map[uint64]bool{f.root.oh.addr: true}
	var walk func(g *Group) error
	walk = func(g *Group) error {
		ms, err := g.Members()
		if err != nil {
			return err
		}
		for _, m := range ms {
			if m.Kind == KindOther {
				continue
			}
			l, _ := g.find(m.Name)
			if seen[l.addr] {
				continue
			}
			seen[l.addr] = true
			if m.Kind == KindGroup {
				sub, err := g.Group(m.Name)
				if err != nil {
					return err
				}
				if err := fn(sub.path, sub); err != nil {
					return err
				}
				if err := walk(sub); err != nil {
					return err
				}
				continue
			}
			ds, err := g.Dataset(m.Name)
			if err != nil {
				return err
			}
			if err := fn(ds.path, ds); err != nil {
				return err
			}
		}
		return nil
	}
	return walk(f.root)
}

func joinPath(parent, name string) string {
	if parent == "/" {
		return "/" + name
	}
	return parent + "/" + name
}

func splitPath(p string) []string {
	var out []string
	for _, s := range strings.Split(p, "/") {
		if s != "" && s != "." {
			out = append(out, s)
		}
	}
	return out
}
