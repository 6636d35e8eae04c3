package dataset

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
)

// IDX is an array in the IDX format of the original MNIST files: a
// big-endian header (two zero bytes, a type code, the rank, one uint32 per
// dimension) followed by the row-major data.
type IDX struct {
	Dims []int
	Data []byte
}

// idxUint8 is the IDX type code of unsigned bytes, the only type MNIST uses.
const idxUint8 = 0x08

// ReadIDX reads an IDX file of unsigned bytes, gzip-compressed (as
// distributed, .gz) or not, detected from its first bytes. It checks the
// magic number, that the rank is rank (when rank > 0), that the element count
// is at most maxElems, that the data is complete and that nothing follows
// it; for gzip input it also checks the gzip checksum.
func ReadIDX(r io.Reader, rank, maxElems int) (*IDX, error) {
	br := bufio.NewReader(r)
	if head, err := br.Peek(2); err == nil && head[0] == 0x1f && head[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("idx: gzip: %w", err)
		}
		defer zr.Close()
		zr.Multistream(false)
		return readIDX(bufio.NewReader(zr), rank, maxElems)
	}
	return readIDX(br, rank, maxElems)
}

// ReadIDXFile is ReadIDX on the file at path; errors name the file.
func ReadIDXFile(path string, rank, maxElems int) (*IDX, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	x, err := ReadIDX(f, rank, maxElems)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return x, nil
}

func readIDX(r *bufio.Reader, rank, maxElems int) (*IDX, error) {
	var magic [4]byte
	if _, err := io.ReadFull(r, magic[:]); err != nil {
		return nil, fmt.Errorf("idx: reading magic number: %w", unexpected(err))
	}
	if magic[0] != 0 || magic[1] != 0 {
		return nil, fmt.Errorf("idx: bad magic number %#08x (want 0x000008NN)", binary.BigEndian.Uint32(magic[:]))
	}
	if magic[2] != idxUint8 {
		return nil, fmt.Errorf("idx: data type code %#02x is not unsigned byte (0x08)", magic[2])
	}
	nd := int(magic[3])
	if nd == 0 || (rank > 0 && nd != rank) {
		return nil, fmt.Errorf("idx: rank %d (magic %#08x), want %d", nd, binary.BigEndian.Uint32(magic[:]), rank)
	}
	dims := make([]int, nd)
	n := int64(1)
	for i := range dims {
		var b [4]byte
		if _, err := io.ReadFull(r, b[:]); err != nil {
			return nil, fmt.Errorf("idx: reading dimension %d: %w", i, unexpected(err))
		}
		dims[i] = int(binary.BigEndian.Uint32(b[:]))
		n *= int64(dims[i])
		if n > int64(maxElems) {
			return nil, fmt.Errorf("idx: dimensions %v... exceed the %d-element limit", dims[:i+1], maxElems)
		}
	}
	data, err := readExactly(r, n)
	if err != nil {
		return nil, fmt.Errorf("idx: data of dimensions %v: %w", dims, err)
	}
	// Read on to the end: trailing bytes are an error, and for gzip input
	// reaching EOF is what verifies the checksum.
	if m, err := io.CopyN(io.Discard, r, 1); m != 0 || !errors.Is(err, io.EOF) {
		if err != nil && !errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("idx: after the data: %w", err)
		}
		return nil, fmt.Errorf("idx: unexpected bytes after the %d data bytes of dimensions %v", n, dims)
	}
	return &IDX{Dims: dims, Data: data}, nil
}

func unexpected(err error) error {
	if errors.Is(err, io.EOF) {
		return io.ErrUnexpectedEOF
	}
	return err
}
