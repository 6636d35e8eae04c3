package hdf5

import "sort"

// link is one named member of a group.
type link struct {
	name     string
	kind     int    // 0 hard, 1 soft, 64 external
	addr     uint64 // object header address of a hard link
	target   string // soft link path
	corder   int64  // creation order, -1 if unknown
	hasOrder bool
}

// decodeLinkMessage parses a link message (type 6).
func decodeLinkMessage(fr *fileReader, b []byte) (link, error) {
	c := newCursor(b, fr, "link message")
	if v := c.u8(); v != 1 && c.err == nil {
		return link{}, formatErr("link message version %d", v)
	}
	flags := c.u8()
	l := link{corder: -1}
	if flags&0x08 != 0 {
		l.kind = int(c.u8())
	}
	if flags&0x04 != 0 {
		l.corder = int64(c.u64())
		l.hasOrder = true
	}
	if flags&0x10 != 0 {
		c.u8() // character set
	}
	n := int(c.uintN(1 << (flags & 3)))
	l.name = string(c.bytes(n))
	switch l.kind {
	case 0:
		l.addr = c.addr()
	case 1:
		l.target = string(c.bytes(int(c.u16())))
	default:
		c.bytes(int(c.u16()))
	}
	if c.err == nil && n == 0 {
		return l, formatErr("link message with empty name")
	}
	return l, c.err
}

// readLinks lists the members of the group with header oh, sorted by name
// for lookup. tracked reports that the group records creation order
// (h5py's track_order=True), in which case h5py iterates in that order.
func readLinks(fr *fileReader, oh *objectHeader) (links []link, tracked bool, err error) {
	links, err = readLinkList(fr, oh)
	if err != nil {
		return nil, false, err
	}
	if m := oh.find(msgLinkInfo); m != nil && len(m.data) > 1 && m.data[1]&1 != 0 {
		tracked = true
		for _, l := range links {
			tracked = tracked && l.hasOrder
		}
	}
	return links, tracked, nil
}

func readLinkList(fr *fileReader, oh *objectHeader) ([]link, error) {
	var links []link
	if m := oh.find(msgSymbolTable); m != nil {
		c := newCursor(m.data, fr, "symbol table message")
		bt, heap := c.addr(), c.addr()
		if c.err != nil {
			return nil, c.err
		}
		ents, err := readSymbolTable(fr, bt, heap)
		if err != nil {
			return nil, err
		}
		for _, e := range ents {
			links = append(links, link{name: e.name, addr: e.addr, corder: -1})
		}
	}
	for _, m := range oh.all(msgLink) {
		l, err := decodeLinkMessage(fr, m.data)
		if err != nil {
			return nil, err
		}
		links = append(links, l)
	}
	if m := oh.find(msgLinkInfo); m != nil {
		c := newCursor(m.data, fr, "link info message")
		c.u8()
		flags := c.u8()
		if flags&1 != 0 {
			c.u64()
		}
		heapAddr, nameIdx := c.addr(), c.addr()
		if c.err != nil {
			return nil, c.err
		}
		if heapAddr != undefAddr && nameIdx != undefAddr {
			heap, err := readFractalHeap(fr, heapAddr)
			if err != nil {
				return nil, err
			}
			err = walkBTree2(fr, nameIdx, 5, func(rec []byte) error {
				if len(rec) < 5 {
					return formatErr("link name record of %d bytes", len(rec))
				}
				obj, err := heap.object(fr, rec[4:])
				if err != nil {
					return err
				}
				l, err := decodeLinkMessage(fr, obj)
				if err != nil {
					return err
				}
				links = append(links, l)
				return nil
			})
			if err != nil {
				return nil, err
			}
		}
	}
	sort.Slice(links, func(i, j int) bool { return links[i].name < links[j].name })
	for i := 1; i < len(links); i++ {
		if links[i].name == links[i-1].name {
			return nil, formatErr("group lists member %q twice", links[i].name)
		}
	}
	return links, nil
}
