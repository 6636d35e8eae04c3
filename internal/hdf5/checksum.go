package hdf5

// lookup3 computes Bob Jenkins' lookup3 hashlittle, which HDF5 uses for
// metadata checksums (H5_checksum_lookup3) and link-name hashes.
func lookup3(k []byte, initval uint32) uint32 {
	rot := func(x uint32, k uint) uint32 { return x<<k | x>>(32-k) }
	length := len(k)
	a := 0xdeadbeef + uint32(length) + initval
	b, c := a, a
	for length > 12 {
		a += uint32(k[0]) | uint32(k[1])<<8 | uint32(k[2])<<16 | uint32(k[3])<<24
		b += uint32(k[4]) | uint32(k[5])<<8 | uint32(k[6])<<16 | uint32(k[7])<<24
		c += uint32(k[8]) | uint32(k[9])<<8 | uint32(k[10])<<16 | uint32(k[11])<<24
		a -= c
		a ^= rot(c, 4)
		c += b
		b -= a
		b ^= rot(a, 6)
		a += c
		c -= b
		c ^= rot(b, 8)
		b += a
		a -= c
		a ^= rot(c, 16)
		c += b
		b -= a
		b ^= rot(a, 19)
		a += c
		c -= b
		c ^= rot(b, 4)
		b += a
		length -= 12
		k = k[12:]
	}
	switch length {
	case 12:
		c += uint32(k[11]) << 24
		fallthrough
	case 11:
		c += uint32(k[10]) << 16
		fallthrough
	case 10:
		c += uint32(k[9]) << 8
		fallthrough
	case 9:
		c += uint32(k[8])
		fallthrough
	case 8:
		b += uint32(k[7]) << 24
		fallthrough
	case 7:
		b += uint32(k[6]) << 16
		fallthrough
	case 6:
		b += uint32(k[5]) << 8
		fallthrough
	case 5:
		b += uint32(k[4])
		fallthrough
	case 4:
		a += uint32(k[3]) << 24
		fallthrough
	case 3:
		a += uint32(k[2]) << 16
		fallthrough
	case 2:
		a += uint32(k[1]) << 8
		fallthrough
	case 1:
		a += uint32(k[0])
	case 0:
		return c
	}
	c ^= b
	c -= rot(b, 14)
	a ^= c
	a -= rot(c, 11)
	b ^= a
	b -= rot(a, 25)
	c ^= b
	c -= rot(b, 16)
	a ^= c
	a -= rot(c, 4)
	b ^= a
	b -= rot(a, 14)
	c ^= b
	c -= rot(b, 24)
	return c
}

// verifyChecksum checks that the last 4 bytes of b are the lookup3 checksum
// of the bytes before them.
func verifyChecksum(b []byte, what string) error {
	if len(b) < 4 {
		return formatErr("%s: too short for a checksum", what)
	}
	n := len(b) - 4
	if got, want := le.Uint32(b[n:]), lookup3(b[:n], 0); got != want {
		return formatErr("%s: checksum mismatch (stored %#x, computed %#x)", what, got, want)
	}
	return nil
}

// verifyChecksumAt checks the checksum stored at b[off:off+4] over b[:off].
func verifyChecksumAt(b []byte, off int, what string) error {
	if off < 0 || off+4 > len(b) {
		return formatErr("%s: truncated before its checksum", what)
	}
	return verifyChecksum(b[:off+4], what)
}
