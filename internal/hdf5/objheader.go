package hdf5

// Header message types used by this package.
const (
	msgNil          = 0x00
	msgDataspace    = 0x01
	msgLinkInfo     = 0x02
	msgDatatype     = 0x03
	msgFillOld      = 0x04
	msgFill         = 0x05
	msgLink         = 0x06
	msgGroupInfo    = 0x0A
	msgLayout       = 0x08
	msgFilters      = 0x0B
	msgAttribute    = 0x0C
	msgContinuation = 0x10
	msgSymbolTable  = 0x11
	msgModTime      = 0x12
	msgAttrInfo     = 0x15
)

// message is one raw header message.
type message struct {
	typ   uint16
	flags uint8
	data  []byte
}

// objectHeader is a decoded object header: its messages in file order.
type objectHeader struct {
	addr    uint64
	msgs    []message
	v2flags uint8
}

func (oh *objectHeader) find(typ uint16) *message {
	for i := range oh.msgs {
		if oh.msgs[i].typ == typ {
			return &oh.msgs[i]
		}
	}
	return nil
}

func (oh *objectHeader) all(typ uint16) []*message {
	var out []*message
	for i := range oh.msgs {
		if oh.msgs[i].typ == typ {
			out = append(out, &oh.msgs[i])
		}
	}
	return out
}

// readObjectHeader decodes the version 1 or 2 object header at addr,
// following continuation blocks (each visited at most once).
func readObjectHeader(fr *fileReader, addr uint64) (*objectHeader, error) {
	first, err := fr.readAtMost(addr, 16)
	if err != nil {
		return nil, err
	}
	oh := &objectHeader{addr: addr}
	seen := newVisitSet(fr, "object header continuation")
	if err := seen.visit(addr); err != nil {
		return nil, err
	}
	var pending []contBlock
	if len(first) >= 4 && string(first[:4]) == "OHDR" {
		pending, err = oh.readV2First(fr, addr)
	} else {
		pending, err = oh.readV1First(fr, addr, first)
	}
	if err != nil {
		return nil, err
	}
	v2 := string(first[:min(4, len(first))]) == "OHDR"
	for len(pending) > 0 {
		blk := pending[0]
		pending = pending[1:]
		if err := seen.visit(blk.addr); err != nil {
			return nil, err
		}
		data, err := fr.read(blk.addr, blk.size)
		if err != nil {
			return nil, err
		}
		var more []contBlock
		if v2 {
			if err := verifyChecksum(data, "object header continuation block"); err != nil {
				return nil, err
			}
			c := newCursor(data[:len(data)-4], fr, "object header continuation block")
			c.signature("OCHK")
			if c.err != nil {
				return nil, c.err
			}
			more, err = oh.parseMsgsV2(fr, c.b[4:], oh.v2flags)
		} else {
			more, err = oh.parseMsgsV1(fr, data)
		}
		if err != nil {
			return nil, err
		}
		pending = append(pending, more...)
	}
	return oh, nil
}

type contBlock = struct{ addr, size uint64 }

func (oh *objectHeader) readV1First(fr *fileReader, addr uint64, first []byte) ([]contBlock, error) {
	c := newCursor(first, fr, "object header v1")
	if v := c.u8(); v != 1 {
		if c.err != nil {
			return nil, c.err
		}
		return nil, formatErr("object header at %d: unknown version %d", addr, v)
	}
	c.skip(1)
	c.u16() // number of messages (not trusted)
	c.u32() // reference count
	size := uint64(c.u32())
	if c.err != nil {
		return nil, c.err
	}
	data, err := fr.read(addr+16, size)
	if err != nil {
		return nil, err
	}
	return oh.parseMsgsV1(fr, data)
}

func (oh *objectHeader) parseMsgsV1(fr *fileReader, data []byte) ([]contBlock, error) {
	c := newCursor(data, fr, "object header v1 messages")
	var conts []contBlock
	for c.remaining() >= 8 {
		typ := c.u16()
		size := int(c.u16())
		flags := c.u8()
		c.skip(3)
		body := c.bytes(size)
		if c.err != nil {
			return nil, c.err
		}
		m := message{typ: typ, flags: flags, data: body}
		if typ == msgContinuation {
			blk, err := decodeContinuation(fr, body)
			if err != nil {
				return nil, err
			}
			conts = append(conts, blk)
			continue
		}
		if typ != msgNil {
			oh.msgs = append(oh.msgs, m)
		}
	}
	return conts, nil
}

func decodeContinuation(fr *fileReader, body []byte) (contBlock, error) {
	cc := newCursor(body, fr, "continuation message")
	blk := contBlock{cc.addr(), cc.length()}
	return blk, cc.err
}

func (oh *objectHeader) readV2First(fr *fileReader, addr uint64) ([]contBlock, error) {
	hdr, err := fr.readAtMost(addr, 6+16+4+8)
	if err != nil {
		return nil, err
	}
	c := newCursor(hdr, fr, "object header v2")
	c.signature("OHDR")
	if v := c.u8(); v != 2 && c.err == nil {
		return nil, formatErr("object header at %d: unknown version %d", addr, v)
	}
	flags := c.u8()
	if flags&0x20 != 0 {
		c.skip(16) // times
	}
	if flags&0x10 != 0 {
		c.skip(4) // attribute phase change values
	}
	size := c.uintN(1 << (flags & 3))
	if c.err != nil {
		return nil, c.err
	}
	prefix := uint64(c.off)
	all, err := fr.read(addr, prefix+size+4)
	if err != nil {
		return nil, err
	}
	if err := verifyChecksum(all, "object header"); err != nil {
		return nil, err
	}
	oh.v2flags = flags
	return oh.parseMsgsV2(fr, all[prefix:prefix+size], flags)
}

func (oh *objectHeader) parseMsgsV2(fr *fileReader, data []byte, flags uint8) ([]contBlock, error) {
	c := newCursor(data, fr, "object header v2 messages")
	hdrLen := 4
	if flags&0x04 != 0 {
		hdrLen = 6
	}
	var conts []contBlock
	for c.remaining() >= hdrLen {
		typ := uint16(c.u8())
		size := int(c.u16())
		mflags := c.u8()
		if flags&0x04 != 0 {
			c.skip(2) // creation order
		}
		body := c.bytes(size)
		if c.err != nil {
			return nil, c.err
		}
		if typ == msgContinuation {
			blk, err := decodeContinuation(fr, body)
			if err != nil {
				return nil, err
			}
			conts = append(conts, blk)
			continue
		}
		if typ != msgNil {
			oh.msgs = append(oh.msgs, message{typ: typ, flags: mflags, data: body})
		}
	}
	return conts, nil
}
