package hdf5

// B-tree version 1 nodes ("TREE"): type 0 indexes symbol-table groups, type 1
// indexes dataset chunks.

// btree1Entry is one child pointer of a leaf node with its left key.
type btree1Entry struct {
	key   []byte // raw key preceding the child
	child uint64
}

// walkBTree1 calls fn for every child pointer of the leaves of the v1 B-tree
// rooted at addr, in key order. keySize is the size of one key.
func walkBTree1(fr *fileReader, addr uint64, wantType uint8, keySize int, fn func(btree1Entry) error) error {
	seen := newVisitSet(fr, "B-tree v1 node")
	var walk func(addr uint64, wantLevel int) error
	walk = func(addr uint64, wantLevel int) error {
		if err := seen.visit(addr); err != nil {
			return err
		}
		hdrSize := uint64(8 + 2*fr.offsetSize)
		hdr, err := fr.read(addr, hdrSize)
		if err != nil {
			return err
		}
		c := newCursor(hdr, fr, "B-tree v1 node")
		c.signature("TREE")
		typ := c.u8()
		level := int(c.u8())
		n := uint64(c.u16())
		if c.err != nil {
			return c.err
		}
		if typ != wantType {
			return formatErr("B-tree v1 node at %d has type %d, want %d", addr, typ, wantType)
		}
		if wantLevel >= 0 && level != wantLevel {
			return formatErr("B-tree v1 node at %d has level %d, want %d", addr, level, wantLevel)
		}
		body := uint64(n)*uint64(keySize+fr.offsetSize) + uint64(keySize)
		b, err := fr.read(addr+hdrSize, body)
		if err != nil {
			return err
		}
		c = newCursor(b, fr, "B-tree v1 node")
		for i := uint64(0); i < n; i++ {
			key := c.bytes(keySize)
			child := c.addr()
			if c.err != nil {
				return c.err
			}
			if level > 0 {
				if err := walk(child, level-1); err != nil {
					return err
				}
			} else if err := fn(btree1Entry{key: key, child: child}); err != nil {
				return err
			}
		}
		return c.err
	}
	return walk(addr, -1)
}

// symbolEntry is a symbol-table entry: a link name and object header address.
type symbolEntry struct {
	name string
	addr uint64
}

// readSymbolTable lists the entries of a symbol-table group.
func readSymbolTable(fr *fileReader, btreeAddr, heapAddr uint64) ([]symbolEntry, error) {
	heap, err := readLocalHeap(fr, heapAddr)
	if err != nil {
		return nil, err
	}
	var out []symbolEntry
	seenNodes := newVisitSet(fr, "symbol table node")
	err = walkBTree1(fr, btreeAddr, 0, fr.lengthSize, func(e btree1Entry) error {
		if err := seenNodes.visit(e.child); err != nil {
			return err
		}
		hdr, err := fr.read(e.child, 8)
		if err != nil {
			return err
		}
		c := newCursor(hdr, fr, "symbol table node")
		c.signature("SNOD")
		c.skip(2)
		n := uint64(c.u16())
		if c.err != nil {
			return c.err
		}
		entSize := uint64(2*fr.offsetSize + 24)
		b, err := fr.read(e.child+8, n*entSize)
		if err != nil {
			return err
		}
		c = newCursor(b, fr, "symbol table node")
		for i := uint64(0); i < n; i++ {
			nameOff := c.addr()
			addr := c.addr()
			c.skip(24)
			if c.err != nil {
				return c.err
			}
			name, err := heap.name(nameOff)
			if err != nil {
				return err
			}
			out = append(out, symbolEntry{name: name, addr: addr})
		}
		return nil
	})
	return out, err
}
