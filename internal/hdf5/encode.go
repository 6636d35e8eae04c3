package hdf5

import "fmt"

// File geometry written by the Writer: h5py/HDF5 defaults.
const (
	wLeafK     = 4  // symbol table node holds 2*wLeafK entries
	wInternalK = 16 // group B-tree node holds 2*wInternalK children
	sbSize     = 96
)

// builder lays out the file in memory; addresses are offsets into buf.
type builder struct {
	buf  []byte
	vlen map[*wattr][]heapRef // heap locations of each attribute's strings
}

type heapRef struct {
	col uint64
	idx uint32
}

// alloc reserves n zero bytes at an 8-byte aligned address.
func (b *builder) alloc(n int) uint64 {
	for len(b.buf)%8 != 0 {
		b.buf = append(b.buf, 0)
	}
	addr := uint64(len(b.buf))
	b.buf = append(b.buf, make([]byte, n)...)
	return addr
}

func (b *builder) put(data []byte) uint64 {
	addr := b.alloc(len(data))
	copy(b.buf[addr:], data)
	return addr
}

func (w *Writer) build() ([]byte, error) {
	b := &builder{vlen: map[*wattr][]heapRef{}}
	b.alloc(sbSize)
	b.writeGlobalHeaps(w.root)
	rootAddr, btree, heap, err := b.writeGroup(w.root)
	if err != nil {
		return nil, err
	}
	b.writeSuperblock(rootAddr, btree, heap)
	return b.buf, nil
}

func (b *builder) writeSuperblock(root, btree, heap uint64) {
	s := b.buf[:sbSize]
	copy(s, signature)
	// versions: superblock 0, free space 0, root symbol table 0, reserved, shared header 0
	s[13], s[14] = 8, 8 // size of offsets, lengths
	le.PutUint16(s[16:], wLeafK)
	le.PutUint16(s[18:], wInternalK)
	le.PutUint64(s[24:], 0)                  // base address
	le.PutUint64(s[32:], undefAddr)          // free-space info
	le.PutUint64(s[40:], uint64(len(b.buf))) // end of file
	le.PutUint64(s[48:], undefAddr)          // driver info
	le.PutUint64(s[56:], 0)                  // root link name offset
	le.PutUint64(s[64:], root)
	le.PutUint32(s[72:], 1) // cache type 1: symbol table addresses follow
	le.PutUint64(s[80:], btree)
	le.PutUint64(s[88:], heap)
}

// writeGlobalHeaps stores every variable-length string of every attribute
// in global heap collections and records where each went.
func (b *builder) writeGlobalHeaps(root *GroupWriter) {
	var all []*wattr
	var collect func(g *GroupWriter)
	collectAttrs := func(l attrList) {
		for i := range l {
			if l[i].vlen != nil {
				all = append(all, &l[i])
			}
		}
	}
	collect = func(g *GroupWriter) {
		collectAttrs(g.attrs)
		for _, n := range sortedNames(g.members) {
			switch m := g.members[n].(type) {
			case *GroupWriter:
				collect(m)
			case *DatasetWriter:
				collectAttrs(m.attrs)
			}
		}
	}
	collect(root)
	const maxCol = 1 << 20
	type obj struct {
		a *wattr
		i int
	}
	var pending []obj
	size := 16
	flush := func() {
		if len(pending) == 0 {
			return
		}
		colSize := max(size+16, 4096) // room for the free-space object; H5HG minimum
		addr := b.alloc(colSize)
		c := b.buf[addr : addr+uint64(colSize)]
		copy(c, "GCOL")
		c[4] = 1
		le.PutUint64(c[8:], uint64(colSize))
		pos := 16
		for k, o := range pending {
			s := o.a.vlen[o.i]
			le.PutUint16(c[pos:], uint16(k+1))
			le.PutUint16(c[pos+2:], 1) // reference count
			le.PutUint64(c[pos+8:], uint64(len(s)))
			copy(c[pos+16:], s)
			pos += 16 + pad8(len(s))
			b.vlen[o.a] = append(b.vlen[o.a], heapRef{addr, uint32(k + 1)})
		}
		// Free space object: index 0, size covers the rest of the collection.
		le.PutUint64(c[pos+8:], uint64(colSize-pos))
		pending, size = nil, 16
	}
	for _, a := range all {
		for i, s := range a.vlen {
			if len(pending) > 0 && (size+16+pad8(len(s)) > maxCol || len(pending) >= 65000) {
				flush()
			}
			pending = append(pending, obj{a, i})
			size += 16 + pad8(len(s))
		}
	}
	flush()
}

// objectHeader writes a version 1 object header holding msgs.
func (b *builder) objectHeader(msgs []message) (uint64, error) {
	size := 0
	for _, m := range msgs {
		if len(m.data) > maxMessage {
			return 0, fmt.Errorf("header message of %d bytes exceeds %d", len(m.data), maxMessage)
		}
		size += 8 + pad8(len(m.data))
	}
	addr := b.alloc(16 + size)
	h := b.buf[addr:]
	h[0] = 1
	le.PutUint16(h[2:], uint16(len(msgs)))
	le.PutUint32(h[4:], 1) // reference count
	le.PutUint32(h[8:], uint32(size))
	pos := 16
	for _, m := range msgs {
		le.PutUint16(h[pos:], m.typ)
		le.PutUint16(h[pos+2:], uint16(pad8(len(m.data))))
		h[pos+4] = m.flags
		copy(h[pos+8:], m.data)
		pos += 8 + pad8(len(m.data))
	}
	return addr, nil
}

// attrMessages encodes attribute messages (version 1) in name order.
func (b *builder) attrMessages(l attrList) []message {
	sorted := append(attrList{}, l...)
	idx := make(map[string]*wattr, len(l))
	for i := range l {
		idx[l[i].name] = &l[i]
	}
	sortAttrs(sorted)
	var out []message
	for _, s := range sorted {
		a := idx[s.name]
		ds := dataspaceMsg(a.dims)
		data := a.data
		if a.vlen != nil {
			data = make([]byte, 0, 16*len(a.vlen))
			for i, s := range a.vlen {
				r := b.vlen[a][i]
				data = le.AppendUint32(data, uint32(len(s)))
				data = le.AppendUint64(data, r.col)
				data = le.AppendUint32(data, r.idx)
			}
		}
		m := make([]byte, 8, 8+pad8(len(a.name)+1)+pad8(len(a.dtype))+pad8(len(ds))+len(data))
		m[0] = 1
		le.PutUint16(m[2:], uint16(len(a.name)+1))
		le.PutUint16(m[4:], uint16(len(a.dtype)))
		le.PutUint16(m[6:], uint16(len(ds)))
		m = append(m, make([]byte, pad8(len(a.name)+1))...)
		copy(m[8:], a.name)
		m = append(m, a.dtype...)
		m = append(m, make([]byte, pad8(len(a.dtype))-len(a.dtype))...)
		m = append(m, ds...)
		m = append(m, make([]byte, pad8(len(ds))-len(ds))...)
		m = append(m, data...)
		out = append(out, message{typ: msgAttribute, data: m})
	}
	return out
}

func sortAttrs(l attrList) {
	for i := 1; i < len(l); i++ {
		for j := i; j > 0 && l[j].name < l[j-1].name; j-- {
			l[j], l[j-1] = l[j-1], l[j]
		}
	}
}

func (b *builder) writeDataset(d *DatasetWriter) (uint64, error) {
	layout := make([]byte, 18)
	layout[0], layout[1] = 3, layoutContiguous
	if len(d.data) == 0 {
		le.PutUint64(layout[2:], undefAddr)
	} else {
		le.PutUint64(layout[2:], b.put(d.data))
	}
	le.PutUint64(layout[10:], uint64(len(d.data)))
	msgs := []message{
		{typ: msgDataspace, data: dataspaceMsg(d.shape)},
		{typ: msgDatatype, flags: 1, data: numType(d.dtype)},
		{typ: msgFill, flags: 1, data: []byte{2, 2, 2, 1, 0, 0, 0, 0}},
		{typ: msgLayout, data: layout},
	}
	msgs = append(msgs, b.attrMessages(d.attrs)...)
	addr, err := b.objectHeader(msgs)
	if err != nil {
		return 0, fmt.Errorf("hdf5: dataset %s: %w", d.path, err)
	}
	return addr, nil
}

// writeGroup writes g's members, then its local heap, symbol table nodes,
// B-tree and object header. It returns the header, B-tree and heap
// addresses.
func (b *builder) writeGroup(g *GroupWriter) (addr, btree, heap uint64, err error) {
	names := sortedNames(g.members) // byte order, as HDF5's strcmp
	type entry struct {
		nameOff uint64
		addr    uint64
		btree   uint64
		heap    uint64
		isGroup bool
	}
	ents := make([]entry, len(names))
	// Local heap data: offset 0 is the empty string.
	heapData := make([]byte, 8)
	for i, n := range names {
		ents[i].nameOff = uint64(len(heapData))
		heapData = append(heapData, n...)
		heapData = append(heapData, make([]byte, pad8(len(n)+1)-len(n))...)
		switch m := g.members[n].(type) {
		case *GroupWriter:
			ents[i].addr, ents[i].btree, ents[i].heap, err = b.writeGroup(m)
			ents[i].isGroup = true
		case *DatasetWriter:
			ents[i].addr, err = b.writeDataset(m)
		}
		if err != nil {
			return 0, 0, 0, err
		}
	}
	heap = b.alloc(32)
	dataAddr := b.put(heapData)
	h := b.buf[heap:]
	copy(h, "HEAP")
	le.PutUint64(h[8:], uint64(len(heapData)))
	le.PutUint64(h[16:], 1) // H5HL_FREE_NULL: no free block
	le.PutUint64(h[24:], dataAddr)

	// Symbol table nodes, 2K entries each.
	type child struct {
		addr   uint64
		maxKey uint64 // heap offset of the last name below this child
	}
	var level []child
	const perNode = 2 * wLeafK
	for start := 0; start < len(ents); start += perNode {
		end := min(start+perNode, len(ents))
		node := b.alloc(8 + perNode*40)
		s := b.buf[node:]
		copy(s, "SNOD")
		s[4] = 1
		le.PutUint16(s[6:], uint16(end-start))
		for i, e := range ents[start:end] {
			p := s[8+40*i:]
			le.PutUint64(p, e.nameOff)
			le.PutUint64(p[8:], e.addr)
			if e.isGroup {
				le.PutUint32(p[16:], 1) // cached symbol table addresses
				le.PutUint64(p[24:], e.btree)
				le.PutUint64(p[32:], e.heap)
			}
		}
		level = append(level, child{node, ents[end-1].nameOff})
	}
	// B-tree levels: leaves point at symbol table nodes.
	const fanout = 2 * wInternalK
	nodeSize := 24 + fanout*8 + (fanout+1)*8
	for depth := 0; ; depth++ {
		var up []child
		var nodes []uint64
		for start := 0; start < len(level) || start == 0; start += fanout {
			end := min(start+fanout, len(level))
			node := b.alloc(nodeSize)
			t := b.buf[node:]
			copy(t, "TREE")
			t[4], t[5] = 0, byte(depth)
			le.PutUint16(t[6:], uint16(end-start))
			le.PutUint64(t[8:], undefAddr)
			le.PutUint64(t[16:], undefAddr)
			p := 24
			if start > 0 { // key 0: left bound (the empty string for the first node)
				le.PutUint64(t[p:], level[start-1].maxKey)
			}
			p += 8
			var last uint64
			for _, c := range level[start:end] {
				le.PutUint64(t[p:], c.addr)
				le.PutUint64(t[p+8:], c.maxKey)
				p += 16
				last = c.maxKey
			}
			nodes = append(nodes, node)
			up = append(up, child{node, last})
			if len(level) == 0 {
				break
			}
		}
		for i, n := range nodes { // sibling pointers
			if i > 0 {
				le.PutUint64(b.buf[n+8:], nodes[i-1])
			}
			if i+1 < len(nodes) {
				le.PutUint64(b.buf[n+16:], nodes[i+1])
			}
		}
		level = up
		if len(level) == 1 {
			btree = level[0].addr
			break
		}
	}
	stab := make([]byte, 16)
	le.PutUint64(stab, btree)
	le.PutUint64(stab[8:], heap)
	msgs := append([]message{{typ: msgSymbolTable, data: stab}}, b.attrMessages(g.attrs)...)
	addr, err = b.objectHeader(msgs)
	if err != nil {
		return 0, 0, 0, fmt.Errorf("hdf5: group %s: %w", g.path, err)
	}
	return addr, btree, heap, nil
}
