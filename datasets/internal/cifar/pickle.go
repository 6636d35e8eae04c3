package cifar

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"unicode/utf8"
)

// This file is a minimal, hardened reader for the Python pickles of the
// CIFAR batches: a dict whose values are byte strings, lists of ints and one
// numpy uint8 array. It executes no code: the only globals it accepts are
// numpy's array and dtype reconstructors and _codecs.encode (how Python 3
// pickles bytes at protocol 2), each interpreted here. Every length is
// checked against the input, and the stack, memo and container sizes are
// bounded, so corrupt or hostile input fails with an error.

// Pickle value types: nil, bool, int64, float64, string (unicode), []byte
// (bytes, or a Python 2 str), *pyList, pyTuple, *pyDict, pyGlobal, *NDArray
// and pyDtype.
type (
	pyList   struct{ items []any }
	pyTuple  []any
	pyDict   struct{ m map[string]any }
	pyGlobal struct{ module, name string }
	pyDtype  struct{ str string }
)

// NDArray is a numpy array read from a pickle: its shape, numpy dtype string
// ("u1") and C-order raw bytes.
type NDArray struct {
	Shape []int
	DType string
	Data  []byte
	built bool
}

// Limits on what a pickle may build.
const (
	maxStack = 1 << 16
	maxMemo  = 1 << 20
	maxItems = 1 << 21 // elements in all containers together (CIFAR: ~150,000)
)

// ErrPickle marks every error of the pickle reader.
var ErrPickle = errors.New("invalid pickle")

func perr(format string, a ...any) error {
	return fmt.Errorf("%w: %s", ErrPickle, fmt.Sprintf(format, a...))
}

type unpickler struct {
	b     []byte
	pos   int
	stack []any
	marks []int
	memo  map[uint32]any
	items int
}

// LoadPickle decodes a pickle (protocols 0-5 binary opcodes as used for
// dicts of lists, bytes and numpy arrays) and returns its top-level dict
// with keys converted to strings (bytes keys as their raw text).
func LoadPickle(b []byte) (map[string]any, error) {
	u := &unpickler{b: b, memo: map[uint32]any{}}
	v, err := u.run()
	if err != nil {
		return nil, err
	}
	d, ok := v.(*pyDict)
	if !ok {
		return nil, perr("top-level object is %T, want a dict", v)
	}
	return d.m, nil
}

func (u *unpickler) need(n int) ([]byte, error) {
	if n < 0 || n > len(u.b)-u.pos {
		return nil, perr("truncated at byte %d (need %d more bytes)", u.pos, n)
	}
	s := u.b[u.pos : u.pos+n]
	u.pos += n
	return s, nil
}

func (u *unpickler) u8() (int, error) {
	s, err := u.need(1)
	if err != nil {
		return 0, err
	}
	return int(s[0]), nil
}

func (u *unpickler) u32() (uint32, error) {
	s, err := u.need(4)
	if err != nil {
		return 0, err
	}
	return binary.LittleEndian.Uint32(s), nil
}

func (u *unpickler) line() (string, error) {
	for i := u.pos; i < len(u.b) && i-u.pos < 256; i++ {
		if u.b[i] == '\n' {
			s := string(u.b[u.pos:i])
			u.pos = i + 1
			return s, nil
		}
	}
	return "", perr("unterminated line at byte %d", u.pos)
}

func (u *unpickler) push(v any) error {
	if len(u.stack) >= maxStack {
		return perr("stack deeper than %d", maxStack)
	}
	u.stack = append(u.stack, v)
	return nil
}

func (u *unpickler) pop() (any, error) {
	if len(u.stack) == 0 || u.isMarkTop() {
		return nil, perr("stack underflow at byte %d", u.pos)
	}
	v := u.stack[len(u.stack)-1]
	u.stack = u.stack[:len(u.stack)-1]
	return v, nil
}

func (u *unpickler) isMarkTop() bool {
	return len(u.marks) > 0 && u.marks[len(u.marks)-1] == len(u.stack)
}

// popMark returns the items pushed since the last MARK.
func (u *unpickler) popMark() ([]any, error) {
	if len(u.marks) == 0 {
		return nil, perr("no MARK at byte %d", u.pos)
	}
	m := u.marks[len(u.marks)-1]
	u.marks = u.marks[:len(u.marks)-1]
	items := append([]any(nil), u.stack[m:]...)
	u.stack = u.stack[:m]
	return items, nil
}

func (u *unpickler) count(n int) error {
	u.items += n
	if u.items > maxItems {
		return perr("more than %d container items", maxItems)
	}
	return nil
}

func (u *unpickler) top() (any, error) {
	if len(u.stack) == 0 || u.isMarkTop() {
		return nil, perr("stack underflow at byte %d", u.pos)
	}
	return u.stack[len(u.stack)-1], nil
}

// key converts a dict key to a string.
func key(k any) (string, error) {
	switch s := k.(type) {
	case string:
		return s, nil
	case []byte:
		return string(s), nil
	case int64:
		return fmt.Sprint(s), nil
	}
	return "", perr("unsupported dict key of type %T", k)
}

func (u *unpickler) setItems(d any, kv []any) error {
	dict, ok := d.(*pyDict)
	if !ok {
		return perr("SETITEM(S) on %T", d)
	}
	if len(kv)%2 != 0 {
		return perr("odd number of SETITEMS items")
	}
	if err := u.count(len(kv) / 2); err != nil {
		return err
	}
	for i := 0; i < len(kv); i += 2 {
		k, err := key(kv[i])
		if err != nil {
			return err
		}
		dict.m[k] = kv[i+1]
	}
	return nil
}

func (u *unpickler) appendItems(l any, items []any) error {
	list, ok := l.(*pyList)
	if !ok {
		return perr("APPEND(S) on %T", l)
	}
	if err := u.count(len(items)); err != nil {
		return err
	}
	list.items = append(list.items, items...)
	return nil
}

func (u *unpickler) memoPut(i uint32) error {
	if len(u.memo) >= maxMemo {
		return perr("memo larger than %d", maxMemo)
	}
	v, err := u.top()
	if err != nil {
		return err
	}
	u.memo[i] = v
	return nil
}

func (u *unpickler) memoGet(i uint32) error {
	v, ok := u.memo[i]
	if !ok {
		return perr("memo key %d not found", i)
	}
	return u.push(v)
}

func (u *unpickler) run() (any, error) {
	for {
		op, err := u.u8()
		if err != nil {
			return nil, err
		}
		if err := u.step(byte(op)); err != nil {
			if errors.Is(err, errStop) {
				v, err := u.pop()
				if err != nil {
					return nil, err
				}
				if len(u.stack) != 0 || len(u.marks) != 0 {
					return nil, perr("data left on the stack at STOP")
				}
				return v, nil
			}
			return nil, err
		}
	}
}

var errStop = errors.New("stop")

func (u *unpickler) step(op byte) error {
	switch op {
	case 0x80: // PROTO
		p, err := u.u8()
		if err != nil {
			return err
		}
		if p > 5 {
			return perr("unsupported protocol %d", p)
		}
		return nil
	case 0x95: // FRAME
		_, err := u.need(8)
		return err
	case '.': // STOP
		return errStop
	case '(': // MARK
		if len(u.marks) >= maxStack {
			return perr("too many MARKs")
		}
		u.marks = append(u.marks, len(u.stack))
		return nil
	case '}': // EMPTY_DICT
		return u.push(&pyDict{m: map[string]any{}})
	case ']': // EMPTY_LIST
		return u.push(&pyList{})
	case ')': // EMPTY_TUPLE
		return u.push(pyTuple{})
	case 'N':
		return u.push(nil)
	case 0x88:
		return u.push(true)
	case 0x89:
		return u.push(false)
	case 'K': // BININT1
		v, err := u.u8()
		if err != nil {
			return err
		}
		return u.push(int64(v))
	case 'M': // BININT2
		s, err := u.need(2)
		if err != nil {
			return err
		}
		return u.push(int64(binary.LittleEndian.Uint16(s)))
	case 'J': // BININT
		v, err := u.u32()
		if err != nil {
			return err
		}
		return u.push(int64(int32(v)))
	case 0x8a: // LONG1
		n, err := u.u8()
		if err != nil {
			return err
		}
		s, err := u.need(n)
		if err != nil {
			return err
		}
		if n > 8 {
			return perr("integer of %d bytes", n)
		}
		var v int64
		for i := n - 1; i >= 0; i-- {
			v = v<<8 | int64(s[i])
		}
		if n > 0 && n < 8 && s[n-1]&0x80 != 0 {
			v -= 1 << (8 * n)
		}
		return u.push(v)
	case 'G': // BINFLOAT
		s, err := u.need(8)
		if err != nil {
			return err
		}
		return u.push(math.Float64frombits(binary.BigEndian.Uint64(s)))
	case 'U', 'T', 'C', 'B', 0x8e: // SHORT_BINSTRING, BINSTRING, SHORT_BINBYTES, BINBYTES, BINBYTES8
		n, err := u.length(op)
		if err != nil {
			return err
		}
		s, err := u.need(n)
		if err != nil {
			return err
		}
		return u.push(s)
	case 0x8c, 'X', 0x8d: // SHORT_BINUNICODE, BINUNICODE, BINUNICODE8
		n, err := u.length(op)
		if err != nil {
			return err
		}
		s, err := u.need(n)
		if err != nil {
			return err
		}
		if !utf8.Valid(s) {
			return perr("invalid UTF-8 in a unicode string")
		}
		return u.push(string(s))
	case 'q': // BINPUT
		i, err := u.u8()
		if err != nil {
			return err
		}
		return u.memoPut(uint32(i))
	case 'r': // LONG_BINPUT
		i, err := u.u32()
		if err != nil {
			return err
		}
		return u.memoPut(i)
	case 0x94: // MEMOIZE
		return u.memoPut(uint32(len(u.memo)))
	case 'h': // BINGET
		i, err := u.u8()
		if err != nil {
			return err
		}
		return u.memoGet(uint32(i))
	case 'j': // LONG_BINGET
		i, err := u.u32()
		if err != nil {
			return err
		}
		return u.memoGet(i)
	case 'a': // APPEND
		v, err := u.pop()
		if err != nil {
			return err
		}
		l, err := u.top()
		if err != nil {
			return err
		}
		return u.appendItems(l, []any{v})
	case 'e': // APPENDS
		items, err := u.popMark()
		if err != nil {
			return err
		}
		l, err := u.top()
		if err != nil {
			return err
		}
		return u.appendItems(l, items)
	case 's': // SETITEM
		v, err := u.pop()
		if err != nil {
			return err
		}
		k, err := u.pop()
		if err != nil {
			return err
		}
		d, err := u.top()
		if err != nil {
			return err
		}
		return u.setItems(d, []any{k, v})
	case 'u': // SETITEMS
		kv, err := u.popMark()
		if err != nil {
			return err
		}
		d, err := u.top()
		if err != nil {
			return err
		}
		return u.setItems(d, kv)
	case 't': // TUPLE
		items, err := u.popMark()
		if err != nil {
			return err
		}
		if err := u.count(len(items)); err != nil {
			return err
		}
		return u.push(pyTuple(items))
	case 0x85, 0x86, 0x87: // TUPLE1-3
		n := int(op - 0x84)
		items := make(pyTuple, n)
		for i := n - 1; i >= 0; i-- {
			v, err := u.pop()
			if err != nil {
				return err
			}
			items[i] = v
		}
		return u.push(items)
	case 'l': // LIST
		items, err := u.popMark()
		if err != nil {
			return err
		}
		if err := u.count(len(items)); err != nil {
			return err
		}
		return u.push(&pyList{items: items})
	case 'd': // DICT
		kv, err := u.popMark()
		if err != nil {
			return err
		}
		d := &pyDict{m: map[string]any{}}
		if err := u.setItems(d, kv); err != nil {
			return err
		}
		return u.push(d)
	case 'c': // GLOBAL
		mod, err := u.line()
		if err != nil {
			return err
		}
		name, err := u.line()
		if err != nil {
			return err
		}
		return u.global(mod, name)
	case 0x93: // STACK_GLOBAL
		n, err := u.pop()
		if err != nil {
			return err
		}
		m, err := u.pop()
		if err != nil {
			return err
		}
		ms, ok1 := m.(string)
		ns, ok2 := n.(string)
		if !ok1 || !ok2 {
			return perr("STACK_GLOBAL with non-string operands")
		}
		return u.global(ms, ns)
	case 'R': // REDUCE
		args, err := u.pop()
		if err != nil {
			return err
		}
		f, err := u.pop()
		if err != nil {
			return err
		}
		v, err := reduce(f, args)
		if err != nil {
			return err
		}
		return u.push(v)
	case 'b': // BUILD
		state, err := u.pop()
		if err != nil {
			return err
		}
		obj, err := u.top()
		if err != nil {
			return err
		}
		return build(obj, state)
	}
	return perr("unsupported opcode 0x%02x at byte %d", op, u.pos-1)
}

// length reads the length prefix of a string opcode.
func (u *unpickler) length(op byte) (int, error) {
	switch op {
	case 'U', 'C', 0x8c:
		return u.u8()
	case 0x8e, 0x8d:
		s, err := u.need(8)
		if err != nil {
			return 0, err
		}
		n := binary.LittleEndian.Uint64(s)
		if n > uint64(len(u.b)) {
			return 0, perr("string length %d exceeds the input", n)
		}
		return int(n), nil
	}
	v, err := u.u32()
	if err != nil {
		return 0, err
	}
	if op == 'T' && int32(v) < 0 {
		return 0, perr("negative string length")
	}
	return int(v), nil
}

// allowedGlobals are the only callables a CIFAR pickle may name.
var allowedGlobals = map[string]bool{
	"numpy.core.multiarray._reconstruct":  true,
	"numpy._core.multiarray._reconstruct": true,
	"numpy.ndarray":                       true,
	"numpy.dtype":                         true,
	"_codecs.encode":                      true,
}

func (u *unpickler) global(mod, name string) error {
	if !allowedGlobals[mod+"."+name] {
		return perr("global %s.%s is not allowed", mod, name)
	}
	return u.push(pyGlobal{mod, name})
}

// reduce interprets a call of an allowed global.
func reduce(f, args any) (any, error) {
	g, ok := f.(pyGlobal)
	if !ok {
		return nil, perr("REDUCE of %T", f)
	}
	a, ok := args.(pyTuple)
	if !ok {
		return nil, perr("REDUCE arguments of type %T", args)
	}
	switch g.name {
	case "_reconstruct": // _reconstruct(ndarray, (0,), b'b')
		if len(a) != 3 || a[0] != (pyGlobal{"numpy", "ndarray"}) {
			return nil, perr("unexpected _reconstruct arguments")
		}
		return &NDArray{}, nil
	case "dtype": // dtype('u1', False, True)
		if len(a) < 1 {
			return nil, perr("dtype without arguments")
		}
		s, ok := a[0].(string)
		if !ok {
			b, okb := a[0].([]byte)
			if !okb {
				return nil, perr("dtype argument of type %T", a[0])
			}
			s = string(b)
		}
		return pyDtype{s}, nil
	case "encode": // _codecs.encode(str, 'latin1')
		if len(a) != 2 {
			return nil, perr("_codecs.encode takes 2 arguments")
		}
		s, ok1 := a[0].(string)
		enc, ok2 := a[1].(string)
		if !ok1 || !ok2 || (enc != "latin1" && enc != "latin-1") {
			return nil, perr("unsupported _codecs.encode call")
		}
		out := make([]byte, 0, len(s))
		for _, r := range s {
			if r > 0xff {
				return nil, perr("character %U is not latin-1", r)
			}
			out = append(out, byte(r))
		}
		return out, nil
	}
	return nil, perr("global %s.%s cannot be called", g.module, g.name)
}

// build applies a BUILD state to the arrays and dtypes it creates.
func build(obj, state any) error {
	switch o := obj.(type) {
	case pyDtype:
		return nil // byte order and flags; only single-byte types are read
	case *NDArray:
		if o.built {
			return perr("array built twice")
		}
		st, ok := state.(pyTuple)
		if !ok || len(st) != 5 {
			return perr("unexpected ndarray state")
		}
		shape, ok := st[1].(pyTuple)
		if !ok {
			return perr("ndarray shape of type %T", st[1])
		}
		n := 1
		for _, d := range shape {
			v, ok := d.(int64)
			if !ok || v < 0 || v > math.MaxInt32 {
				return perr("bad ndarray dimension %v", d)
			}
			if n > 0 && int(v) > math.MaxInt32/n {
				return perr("ndarray too large")
			}
			n *= int(v)
			o.Shape = append(o.Shape, int(v))
		}
		dt, ok := st[2].(pyDtype)
		if !ok {
			return perr("ndarray dtype of type %T", st[2])
		}
		if dt.str != "u1" && dt.str != "i1" && dt.str != "b1" {
			return perr("unsupported array dtype %q (only single-byte types)", dt.str)
		}
		if f, ok := st[3].(bool); !ok || f {
			return perr("Fortran-order arrays are not supported")
		}
		data, ok := st[4].([]byte)
		if !ok {
			return perr("ndarray data of type %T", st[4])
		}
		if len(data) != n {
			return perr("ndarray data has %d bytes, shape %v needs %d", len(data), o.Shape, n)
		}
		o.DType, o.Data, o.built = dt.str, data, true
		return nil
	}
	return perr("BUILD on %T", obj)
}

// Ints converts a pickled list of integers (CIFAR's labels).
func Ints(v any) ([]int64, error) {
	l, ok := v.(*pyList)
	if !ok {
		return nil, perr("expected a list, got %T", v)
	}
	out := make([]int64, len(l.items))
	for i, e := range l.items {
		n, ok := e.(int64)
		if !ok {
			return nil, perr("list item %d is %T, want int", i, e)
		}
		out[i] = n
	}
	return out, nil
}
