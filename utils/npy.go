package utils

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"

	"github.com/gokeras/keras/internal/atomicfile"
	"github.com/gokeras/keras/tensor"
)

// ReadNPY reads one array in numpy's .npy format (what numpy.load returns for
// a .npy file) and returns it as a tensor.
//
// Supported: format versions 1.0, 2.0 and 3.0; C order only (an array with
// fortran_order True is an error); dtypes float32, float64, int32, int64,
// uint8 and bool, little- or big-endian. float64 data is narrowed to float32
// (tensor has no float64), so values lose precision beyond float32's.
//
// ReadNPY reads exactly the array's bytes from r and nothing after them. It
// never trusts the header's size claims: the data buffer grows only as bytes
// actually arrive, so a short file with a huge claimed shape is an error, not
// a huge allocation. When r is an *os.File or has a Len method (bytes.Reader,
// strings.Reader, bytes.Buffer), the bytes left are known up front and the
// buffer is allocated once.
func ReadNPY(r io.Reader) (*tensor.Tensor, error) {
	t, err := readNPY(r, remaining(r))
	if err != nil {
		return nil, fmt.Errorf("utils.ReadNPY: %w", err)
	}
	return t, nil
}

// LoadNPY reads the .npy file at path (numpy.load for a .npy file). See
// ReadNPY for the supported formats.
func LoadNPY(path string) (*tensor.Tensor, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("utils.LoadNPY: %w", err)
	}
	defer f.Close()
	t, err := readNPY(f, remaining(f))
	if err != nil {
		return nil, fmt.Errorf("utils.LoadNPY: %s: %w", path, err)
	}
	return t, nil
}

// WriteNPY writes t to w in .npy format version 1.0 (2.0 when the header needs
// it), little-endian, C order: the file numpy.save writes for the same array.
func WriteNPY(w io.Writer, t *tensor.Tensor) error {
	if err := writeNPY(w, t); err != nil {
		return fmt.Errorf("utils.WriteNPY: %w", err)
	}
	return nil
}

// SaveNPY writes t to path in .npy format (numpy.save). The file is written
// under a temporary name in the same directory and renamed into place, so
// readers never see a partly written file.
func SaveNPY(path string, t *tensor.Tensor) error {
	if err := atomicfile.Write(path, func(w io.Writer) error { return writeNPY(w, t) }); err != nil {
		return fmt.Errorf("utils.SaveNPY: %w", err)
	}
	return nil
}

// remaining reports how many bytes are left in r when that is cheap to know
// (bytes.Reader, strings.Reader, bytes.Buffer, regular files), else -1.
func remaining(r io.Reader) int64 {
	switch v := r.(type) {
	case interface{ Len() int }:
		return int64(v.Len())
	case *os.File:
		st, err := v.Stat()
		if err != nil || !st.Mode().IsRegular() {
			return -1
		}
		off, err := v.Seek(0, io.SeekCurrent)
		if err != nil {
			return -1
		}
		return st.Size() - off
	}
	return -1
}

// readNPY does the work of ReadNPY. avail is the number of bytes known to be
// left in r, or -1 when unknown.
func readNPY(r io.Reader, avail int64) (*tensor.Tensor, error) {
	var pre [8]byte
	if _, err := io.ReadFull(r, pre[:]); err != nil {
		return nil, fmt.Errorf("reading magic: %w", noEOF(err))
	}
	if string(pre[:6]) != npyMagic {
		return nil, fmt.Errorf("not a .npy file (magic %q, want %q)", pre[:6], npyMagic)
	}
	major, minor := pre[6], pre[7]
	var hlen int
	switch major {
	case 1:
		var b [2]byte
		if _, err := io.ReadFull(r, b[:]); err != nil {
			return nil, fmt.Errorf("reading header length: %w", noEOF(err))
		}
		hlen = int(binary.LittleEndian.Uint16(b[:]))
	case 2, 3:
		var b [4]byte
		if _, err := io.ReadFull(r, b[:]); err != nil {
			return nil, fmt.Errorf("reading header length: %w", noEOF(err))
		}
		n := binary.LittleEndian.Uint32(b[:])
		if n > maxNPYHeaderLen {
			return nil, fmt.Errorf("header length %d exceeds the %d-byte limit", n, maxNPYHeaderLen)
		}
		hlen = int(n)
	default:
		return nil, fmt.Errorf("unsupported .npy format version %d.%d (supported: 1.0, 2.0, 3.0)", major, minor)
	}
	if minor != 0 {
		return nil, fmt.Errorf("unsupported .npy format version %d.%d (supported: 1.0, 2.0, 3.0)", major, minor)
	}
	if avail >= 0 {
		avail -= 8 + 4
		if major == 1 {
			avail += 2
		}
		if int64(hlen) > avail {
			return nil, fmt.Errorf("header length %d exceeds the %d bytes left", hlen, max(avail, 0))
		}
	}
	hbuf := make([]byte, hlen)
	if _, err := io.ReadFull(r, hbuf); err != nil {
		return nil, fmt.Errorf("reading %d-byte header: %w", hlen, noEOF(err))
	}
	if major < 3 {
		for _, c := range hbuf {
			if c >= 0x80 {
				return nil, fmt.Errorf("header of a version %d.0 file is not ASCII", major)
			}
		}
	}
	h, err := parseHeader(string(hbuf))
	if err != nil {
		return nil, err
	}
	shape := tensor.Shape(h.shape)
	if err := shape.Validate(); err != nil {
		return nil, err
	}
	nbytes := int64(shape.Size()) * int64(h.descr.size) // ≤ 2^34·8, no overflow
	if avail >= 0 {
		avail -= int64(hlen)
		if nbytes > avail {
			return nil, fmt.Errorf("data truncated: shape %v of %s needs %d bytes, only %d left", shape, h.descr.str, nbytes, avail)
		}
	}
	data, err := readBounded(r, nbytes, avail)
	if err != nil {
		return nil, fmt.Errorf("data of shape %v %s: %w", shape, h.descr.str, err)
	}
	return decode(data, h.descr, shape)
}

// noEOF turns a clean EOF into ErrUnexpectedEOF: every read here is of bytes
// the format requires.
func noEOF(err error) error {
	if errors.Is(err, io.EOF) {
		return io.ErrUnexpectedEOF
	}
	return err
}

// readBounded reads exactly n bytes. When the available size is known the
// buffer is allocated once; otherwise it starts at 1 MiB and doubles as data
// arrives, so memory never runs far ahead of the bytes really present.
func readBounded(r io.Reader, n, avail int64) ([]byte, error) {
	if avail >= n {
		buf := make([]byte, n)
		if _, err := io.ReadFull(r, buf); err != nil {
			return nil, noEOF(err)
		}
		return buf, nil
	}
	buf := make([]byte, 0, min(n, 1<<20))
	for int64(len(buf)) < n {
		if len(buf) == cap(buf) {
			grown := make([]byte, len(buf), min(n, 2*int64(cap(buf))))
			copy(grown, buf)
			buf = grown
		}
		m, err := io.ReadFull(r, buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+m]
		if err != nil {
			return nil, fmt.Errorf("truncated after %d of %d bytes: %w", len(buf), n, noEOF(err))
		}
	}
	return buf, nil
}

// decode converts raw element bytes to a tensor of the descriptor's dtype.
func decode(b []byte, d npyDescr, shape tensor.Shape) (*tensor.Tensor, error) {
	n := shape.Size()
	dims := []int(shape)
	switch {
	case d.kind == 'u':
		return tensor.FromUint8(b, dims...)
	case d.kind == 'b':
		v := make([]bool, n)
		for i, c := range b {
			v[i] = c != 0
		}
		return tensor.FromBool(v, dims...)
	case d.kind == 'f' && d.isDouble:
		v := make([]float32, n)
		for i := range v {
			v[i] = float32(math.Float64frombits(d.order.Uint64(b[8*i:])))
		}
		return tensor.FromFloat32(v, dims...)
	case d.kind == 'f':
		v := make([]float32, n)
		for i := range v {
			v[i] = math.Float32frombits(d.order.Uint32(b[4*i:]))
		}
		return tensor.FromFloat32(v, dims...)
	case d.size == 4:
		v := make([]int32, n)
		for i := range v {
			v[i] = int32(d.order.Uint32(b[4*i:]))
		}
		return tensor.FromInt32(v, dims...)
	default:
		v := make([]int64, n)
		for i := range v {
			v[i] = int64(d.order.Uint64(b[8*i:]))
		}
		return tensor.FromInt64(v, dims...)
	}
}

// writeNPY does the work of WriteNPY.
func writeNPY(w io.Writer, t *tensor.Tensor) error {
	if t == nil {
		return errors.New("tensor is nil")
	}
	descr, err := descrFor(t.DType())
	if err != nil {
		return err
	}
	if _, err := w.Write(formatHeader(descr, t.Shape())); err != nil {
		return err
	}
	if t.DType() == tensor.Uint8 {
		_, err := w.Write(t.Uint8s())
		return err
	}
	const chunk = 1 << 13 // elements per write
	buf := make([]byte, 0, chunk*t.DType().Size())
	n := t.Size()
	for start := 0; start < n; start += chunk {
		end := min(start+chunk, n)
		buf = buf[:0]
		switch t.DType() {
		case tensor.Float32:
			for _, v := range t.Float32s()[start:end] {
				buf = binary.LittleEndian.AppendUint32(buf, math.Float32bits(v))
			}
		case tensor.Int32:
			for _, v := range t.Int32s()[start:end] {
				buf = binary.LittleEndian.AppendUint32(buf, uint32(v))
			}
		case tensor.Int64:
			for _, v := range t.Int64s()[start:end] {
				buf = binary.LittleEndian.AppendUint64(buf, uint64(v))
			}
		case tensor.Bool:
			for _, v := range t.Bools()[start:end] {
				var c byte
				if v {
					c = 1
				}
				buf = append(buf, c)
			}
		}
		if _, err := w.Write(buf); err != nil {
			return err
		}
	}
	return nil
}
