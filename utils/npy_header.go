package utils

import (
	"encoding/binary"
	"fmt"
	"strconv"
	"strings"

	"github.com/gokeras/keras/tensor"
)

// npyMagic starts every .npy file (numpy.lib.format.MAGIC_PREFIX).
const npyMagic = "\x93NUMPY"

// maxNPYHeaderLen bounds the header dictionary a reader accepts. numpy's own
// default (max_header_size) is 10,000 bytes; 1 MiB leaves room for very long
// shapes while keeping a hostile length field from allocating much.
const maxNPYHeaderLen = 1 << 20

// npyHeader is the decoded header dictionary of a .npy file.
type npyHeader struct {
	descr npyDescr
	shape []int
}

// npyDescr is a decoded dtype descriptor such as '<f4'.
type npyDescr struct {
	str      string           // as written in the file, for messages
	kind     byte             // 'f', 'i', 'u' or 'b'
	size     int              // bytes per element
	order    binary.ByteOrder // nil for one-byte types
	dtype    tensor.DType     // the tensor dtype the data is read into
	isDouble bool             // '<f8': read as float64, narrowed to float32
}

// parseDescr decodes the dtypes this package reads: f4, f8, i4, i8, u1, b1
// with byte-order prefix '<', '>', '=' or '|'.
func parseDescr(s string) (npyDescr, error) {
	d := npyDescr{str: s}
	if len(s) != 3 {
		return d, fmt.Errorf("unsupported descr %q (supported: f4, f8, i4, i8, u1, b1)", s)
	}
	switch s[0] {
	case '<':
		d.order = binary.LittleEndian
	case '>':
		d.order = binary.BigEndian
	case '=':
		d.order = nativeOrder()
	case '|':
	default:
		return d, fmt.Errorf("descr %q has an unknown byte order %q", s, s[0])
	}
	switch s[1:] {
	case "f4":
		d.kind, d.size, d.dtype = 'f', 4, tensor.Float32
	case "f8":
		d.kind, d.size, d.dtype, d.isDouble = 'f', 8, tensor.Float32, true
	case "i4":
		d.kind, d.size, d.dtype = 'i', 4, tensor.Int32
	case "i8":
		d.kind, d.size, d.dtype = 'i', 8, tensor.Int64
	case "u1":
		d.kind, d.size, d.dtype = 'u', 1, tensor.Uint8
	case "b1":
		d.kind, d.size, d.dtype = 'b', 1, tensor.Bool
	default:
		return d, fmt.Errorf("unsupported descr %q (supported: f4, f8, i4, i8, u1, b1)", s)
	}
	if d.size > 1 && d.order == nil {
		return d, fmt.Errorf("descr %q: byte order '|' is only valid for one-byte types", s)
	}
	return d, nil
}

func nativeOrder() binary.ByteOrder {
	var b [2]byte
	binary.NativeEndian.PutUint16(b[:], 1)
	if b[0] == 1 {
		return binary.LittleEndian
	}
	return binary.BigEndian
}

// descrFor is the descriptor WriteNPY writes for a dtype (always little-endian).
func descrFor(dt tensor.DType) (string, error) {
	switch dt {
	case tensor.Float32:
		return "<f4", nil
	case tensor.Int32:
		return "<i4", nil
	case tensor.Int64:
		return "<i8", nil
	case tensor.Uint8:
		return "|u1", nil
	case tensor.Bool:
		return "|b1", nil
	}
	return "", fmt.Errorf("unsupported dtype %v", dt)
}

// formatHeader builds the complete preamble (magic, version, length and the
// padded dictionary) the way numpy.lib.format writes it: version 1.0 unless
// the dictionary needs more than 65535 bytes, total length a multiple of 64.
func formatHeader(descr string, shape tensor.Shape) []byte {
	var dict strings.Builder
	dict.WriteString("{'descr': '")
	dict.WriteString(descr)
	dict.WriteString("', 'fortran_order': False, 'shape': (")
	for i, d := range shape {
		if i > 0 {
			dict.WriteString(", ")
		}
		dict.WriteString(strconv.Itoa(d))
	}
	if len(shape) == 1 {
		dict.WriteByte(',')
	}
	dict.WriteString("), }")
	for _, v := range []struct {
		major   byte
		lenSize int
	}{{1, 2}, {2, 4}} {
		pre := len(npyMagic) + 2 + v.lenSize
		total := pre + dict.Len() + 1 // +1 for the final newline
		pad := (64 - total%64) % 64
		hlen := dict.Len() + pad + 1
		if v.lenSize == 2 && hlen > 0xFFFF {
			continue
		}
		out := make([]byte, 0, pre+hlen)
		out = append(out, npyMagic...)
		out = append(out, v.major, 0)
		if v.lenSize == 2 {
			out = binary.LittleEndian.AppendUint16(out, uint16(hlen))
		} else {
			out = binary.LittleEndian.AppendUint32(out, uint32(hlen))
		}
		out = append(out, dict.String()...)
		for range pad {
			out = append(out, ' ')
		}
		return append(out, '\n')
	}
	panic("unreachable")
}

// parseHeader decodes the Python dict literal of a .npy header, e.g.
// {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }.
func parseHeader(s string) (npyHeader, error) {
	p := &dictParser{s: s}
	var h npyHeader
	seen := map[string]bool{}
	p.skipSpace()
	if !p.eat('{') {
		return h, p.errorf("expected '{'")
	}
	for {
		p.skipSpace()
		if p.eat('}') {
			break
		}
		key, err := p.str()
		if err != nil {
			return h, err
		}
		if seen[key] {
			return h, p.errorf("duplicate key %q", key)
		}
		seen[key] = true
		p.skipSpace()
		if !p.eat(':') {
			return h, p.errorf("expected ':' after key %q", key)
		}
		p.skipSpace()
		switch key {
		case "descr":
			v, err := p.str()
			if err != nil {
				return h, err
			}
			if h.descr, err = parseDescr(v); err != nil {
				return h, err
			}
		case "fortran_order":
			v, err := p.boolean()
			if err != nil {
				return h, err
			}
			if v {
				return h, fmt.Errorf("fortran_order True is not supported (only C-order arrays)")
			}
		case "shape":
			if h.shape, err = p.tuple(); err != nil {
				return h, err
			}
		default:
			return h, p.errorf("unexpected key %q (want descr, fortran_order, shape)", key)
		}
		p.skipSpace()
		if p.eat('}') {
			break
		}
		if !p.eat(',') {
			return h, p.errorf("expected ',' or '}'")
		}
	}
	p.skipSpace()
	if p.i != len(p.s) {
		return h, p.errorf("unexpected text after the dictionary")
	}
	for _, k := range []string{"descr", "fortran_order", "shape"} {
		if !seen[k] {
			return h, fmt.Errorf("header has no %q key", k)
		}
	}
	return h, nil
}

// dictParser is a minimal reader for the Python literals npy headers use.
type dictParser struct {
	s string
	i int
}

func (p *dictParser) errorf(format string, a ...any) error {
	return fmt.Errorf("header at byte %d: %s", p.i, fmt.Sprintf(format, a...))
}

func (p *dictParser) skipSpace() {
	for p.i < len(p.s) && strings.IndexByte(" \t\r\n", p.s[p.i]) >= 0 {
		p.i++
	}
}

func (p *dictParser) eat(c byte) bool {
	if p.i < len(p.s) && p.s[p.i] == c {
		p.i++
		return true
	}
	return false
}

func (p *dictParser) str() (string, error) {
	if p.i >= len(p.s) || (p.s[p.i] != '\'' && p.s[p.i] != '"') {
		return "", p.errorf("expected a quoted string")
	}
	q := p.s[p.i]
	end := strings.IndexByte(p.s[p.i+1:], q)
	if end < 0 {
		return "", p.errorf("unterminated string")
	}
	v := p.s[p.i+1 : p.i+1+end]
	if strings.IndexByte(v, '\\') >= 0 {
		return "", p.errorf("escapes in strings are not supported")
	}
	p.i += end + 2
	return v, nil
}

func (p *dictParser) boolean() (bool, error) {
	switch {
	case strings.HasPrefix(p.s[p.i:], "True"):
		p.i += 4
		return true, nil
	case strings.HasPrefix(p.s[p.i:], "False"):
		p.i += 5
		return false, nil
	}
	return false, p.errorf("expected True or False")
}

// tuple reads a tuple of non-negative ints such as (), (3,) or (2, 3L).
func (p *dictParser) tuple() ([]int, error) {
	if !p.eat('(') {
		return nil, p.errorf("expected '(' for shape")
	}
	dims := []int{}
	for {
		p.skipSpace()
		if p.eat(')') {
			return dims, nil
		}
		start := p.i
		for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
			p.i++
		}
		if start == p.i {
			return nil, p.errorf("expected a non-negative integer dimension")
		}
		d, err := strconv.Atoi(p.s[start:p.i])
		if err != nil || d > tensor.MaxElements {
			return nil, p.errorf("dimension %s is too large", p.s[start:p.i])
		}
		if len(dims) >= 64 {
			return nil, p.errorf("shape has more than 64 dimensions")
		}
		dims = append(dims, d)
		p.eat('L') // Python 2 long suffix
		p.skipSpace()
		if p.eat(')') {
			if len(dims) == 1 {
				// "(3)" is an int in Python, not a tuple; numpy rejects it too.
				return nil, p.errorf("shape (%d) is not a tuple; want (%d,)", d, d)
			}
			return dims, nil
		}
		if !p.eat(',') {
			return nil, p.errorf("expected ',' or ')' in shape")
		}
	}
}
