package hdf5

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// ErrFormat is wrapped by every error caused by malformed or hostile file
// content (as opposed to I/O errors or unsupported features).
var ErrFormat = errors.New("hdf5: malformed file")

// ErrUnsupported is wrapped by errors for valid HDF5 features this package
// does not implement (for example the SZIP filter or compound datatypes).
var ErrUnsupported = errors.New("hdf5: unsupported feature")

// undefAddr is the HDF5 "undefined address" (all bits set).
const undefAddr = ^uint64(0)

// maxRank is the largest dataspace rank HDF5 allows (H5S_MAX_RANK).
const maxRank = 32

func formatErr(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrFormat, fmt.Sprintf(format, args...))
}

func unsupported(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrUnsupported, fmt.Sprintf(format, args...))
}

// fileReader reads bounded byte ranges of the underlying file. Every read is
// checked against the real file size, so no allocation derived from file
// content can exceed the size of the file itself.
type fileReader struct {
	r          io.ReaderAt
	size       uint64 // real size of the file in bytes
	base       uint64 // base address (superblock position) added to all addresses
	offsetSize int    // "size of offsets" from the superblock (2, 4 or 8)
	lengthSize int    // "size of lengths" from the superblock (2, 4 or 8)
}

// abs converts a relative file address to an absolute offset, checking that
// n bytes starting there lie inside the file.
func (fr *fileReader) abs(addr, n uint64) (uint64, error) {
	if addr == undefAddr {
		return 0, formatErr("read at undefined address")
	}
	a := addr + fr.base
	if a < addr || a > fr.size || n > fr.size-a {
		return 0, formatErr("range [%d, +%d) lies outside the %d-byte file", addr, n, fr.size)
	}
	return a, nil
}

// read returns n bytes at relative address addr.
func (fr *fileReader) read(addr, n uint64) ([]byte, error) {
	a, err := fr.abs(addr, n)
	if err != nil {
		return nil, err
	}
	buf := make([]byte, n)
	if _, err := fr.r.ReadAt(buf, int64(a)); err != nil && !(errors.Is(err, io.EOF) && n == 0) {
		return nil, fmt.Errorf("hdf5: reading %d bytes at %d: %w", n, a, err)
	}
	return buf, nil
}

// readAtMost returns up to n bytes at addr, truncated at the end of the file.
func (fr *fileReader) readAtMost(addr, n uint64) ([]byte, error) {
	a, err := fr.abs(addr, 0)
	if err != nil {
		return nil, err
	}
	if n > fr.size-a {
		n = fr.size - a
	}
	return fr.read(addr, n)
}

// cursor decodes little-endian fields from a byte slice, recording the first
// out-of-bounds access instead of panicking.
type cursor struct {
	b   []byte
	off int
	err error
	fr  *fileReader // for offset/length sizes; may be nil
	ctx string      // what is being decoded, for error messages
}

func newCursor(b []byte, fr *fileReader, ctx string) *cursor {
	return &cursor{b: b, fr: fr, ctx: ctx}
}

func (c *cursor) fail(format string, args ...any) {
	if c.err == nil {
		c.err = formatErr("%s: %s", c.ctx, fmt.Sprintf(format, args...))
	}
}

// bytes returns the next n bytes (aliasing the buffer).
func (c *cursor) bytes(n int) []byte {
	if c.err != nil {
		return nil
	}
	if n < 0 || n > len(c.b)-c.off {
		c.fail("truncated: need %d bytes at offset %d of %d", n, c.off, len(c.b))
		return nil
	}
	s := c.b[c.off : c.off+n]
	c.off += n
	return s
}

func (c *cursor) skip(n int) { c.bytes(n) }

func (c *cursor) remaining() int {
	if c.err != nil {
		return 0
	}
	return len(c.b) - c.off
}

// uintN decodes an n-byte little-endian unsigned integer (n <= 8).
func (c *cursor) uintN(n int) uint64 {
	b := c.bytes(n)
	if b == nil || n > 8 {
		if n > 8 {
			c.fail("integer field of %d bytes", n)
		}
		return 0
	}
	var v uint64
	for i := n - 1; i >= 0; i-- {
		v = v<<8 | uint64(b[i])
	}
	return v
}

func (c *cursor) u8() uint8   { return uint8(c.uintN(1)) }
func (c *cursor) u16() uint16 { return uint16(c.uintN(2)) }
func (c *cursor) u32() uint32 { return uint32(c.uintN(4)) }
func (c *cursor) u64() uint64 { return c.uintN(8) }

// addr decodes a file address of the superblock's offset size; all-ones
// becomes undefAddr whatever the size.
func (c *cursor) addr() uint64 {
	n := c.fr.offsetSize
	v := c.uintN(n)
	if n < 8 && v == (uint64(1)<<(8*n))-1 {
		return undefAddr
	}
	return v
}

// length decodes a length field of the superblock's length size.
func (c *cursor) length() uint64 { return c.uintN(c.fr.lengthSize) }

// signature checks a 4-byte signature.
func (c *cursor) signature(sig string) {
	b := c.bytes(4)
	if b != nil && string(b) != sig {
		c.fail("bad signature %q, want %q", b, sig)
	}
}

// align8 advances to the next multiple of 8 relative to the buffer start.
func (c *cursor) align8() {
	if r := c.off % 8; r != 0 {
		c.skip(8 - r)
	}
}

// le is shorthand for little-endian encoding.
var le = binary.LittleEndian

// visitSet detects cycles and bounds the total amount of work spent walking
// linked file structures: a structure visited twice is an error, and the
// number of visits is capped by the file size.
type visitSet struct {
	seen  map[uint64]bool
	limit int
	what  string
}

func newVisitSet(fr *fileReader, what string) *visitSet {
	// Every node occupies at least 8 bytes, so a file cannot contain more.
	return &visitSet{seen: map[uint64]bool{}, limit: int(fr.size/8) + 16, what: what}
}

func (v *visitSet) visit(addr uint64) error {
	if v.seen[addr] {
		return formatErr("%s at address %d visited twice (cycle)", v.what, addr)
	}
	if len(v.seen) >= v.limit {
		return formatErr("%s: too many nodes for the file size", v.what)
	}
	v.seen[addr] = true
	return nil
}

// mulCheck multiplies a and b, reporting overflow beyond limit.
func mulCheck(a, b, limit uint64) (uint64, bool) {
	if a == 0 || b == 0 {
		return 0, true
	}
	if a > limit/b {
		return 0, false
	}
	return a * b, true
}
