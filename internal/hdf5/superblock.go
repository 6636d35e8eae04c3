package hdf5

const signature = "\x89HDF\r\n\x1a\n"

// superblock holds the fields of an HDF5 superblock (versions 0-3) that the
// reader needs.
type superblock struct {
	version  int
	rootAddr uint64 // object header address of the root group
	// Cached symbol-table addresses of the root group (v0/v1 only, cache type 1).
	rootBTree, rootHeap uint64
}

// findSuperblock searches for the signature at 0, 512, 1024, 2048, ... as the
// HDF5 library does, and decodes the superblock found there.
func readSuperblock(fr *fileReader) (*superblock, error) {
	for pos := uint64(0); pos+8 <= fr.size; pos = nextSigPos(pos) {
		b, err := fr.read(pos, 8)
		if err != nil {
			return nil, err
		}
		if string(b) == signature {
			return decodeSuperblock(fr, pos)
		}
	}
	return nil, formatErr("no HDF5 signature found (not an HDF5 file)")
}

func nextSigPos(p uint64) uint64 {
	if p == 0 {
		return 512
	}
	return p * 2
}

func decodeSuperblock(fr *fileReader, pos uint64) (*superblock, error) {
	b, err := fr.readAtMost(pos, 256)
	if err != nil {
		return nil, err
	}
	c := newCursor(b, fr, "superblock")
	c.skip(8)
	sb := &superblock{version: int(c.u8())}
	switch sb.version {
	case 0, 1:
		c.skip(3) // free-space, root symbol table entry, reserved
		c.skip(1) // shared header message format version
		fr.offsetSize, fr.lengthSize = int(c.u8()), int(c.u8())
		c.skip(1)
		c.skip(4) // group leaf/internal node K
		c.skip(4) // file consistency flags
		if sb.version == 1 {
			c.skip(4) // indexed storage internal node K + reserved
		}
	case 2, 3:
		fr.offsetSize, fr.lengthSize = int(c.u8()), int(c.u8())
		c.skip(1) // file consistency flags
	default:
		return nil, unsupported("superblock version %d", sb.version)
	}
	if err := checkSizes(fr.offsetSize, fr.lengthSize); err != nil {
		return nil, err
	}
	baseAddr := c.addr()
	if sb.version <= 1 {
		c.addr() // free-space info address
		c.addr() // end of file address
		c.addr() // driver information block address
		// Root group symbol table entry.
		c.addr() // link name offset
		sb.rootAddr = c.addr()
		cacheType := c.u32()
		c.skip(4)
		scratch := newCursor(c.bytes(16), fr, "root symbol table entry")
		if cacheType == 1 {
			sb.rootBTree, sb.rootHeap = scratch.addr(), scratch.addr()
		}
	} else {
		c.addr() // superblock extension address
		c.addr() // end of file address
		sb.rootAddr = c.addr()
		if c.err == nil {
			if err := verifyChecksumAt(b, c.off, "superblock"); err != nil {
				return nil, err
			}
		}
		c.skip(4)
	}
	if c.err != nil {
		return nil, c.err
	}
	// Addresses are relative to the base address, which is normally the
	// position of the superblock itself.
	if baseAddr != undefAddr && baseAddr != 0 && baseAddr != pos {
		return nil, unsupported("base address %d differs from superblock position %d", baseAddr, pos)
	}
	fr.base = pos
	if baseAddr == 0 {
		fr.base = 0
	}
	return sb, nil
}

func checkSizes(o, l int) error {
	ok := func(n int) bool { return n == 2 || n == 4 || n == 8 }
	if !ok(o) || !ok(l) {
		return formatErr("superblock: invalid size of offsets %d / lengths %d", o, l)
	}
	return nil
}
