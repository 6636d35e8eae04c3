// Package pickle is a hardened reader for the subset of Python's pickle
// format that numpy uses to store arrays (numpy.save of object arrays, the
// ragged sequences of keras.datasets.imdb and reuters): protocols 2 to 5,
// with None, booleans, integers that fit in int64, floats, strings, bytes,
// tuples, lists, dicts, the memo, and globals only from an allow-list given
// by the caller (as Keras's RestrictedUnpickler). Calls (REDUCE, NEWOBJ)
// and BUILD are not executed: they produce Object values describing the
// call, for the caller to interpret (see NDArray). The one exception is how
// Python 3 spells bytes at protocols 0 to 2, _codecs.encode(text, "latin1")
// and bytes(): when the allow-list admits them (NumpyBytesGlobals), Load
// turns them into Bytes itself. The same reader decodes the CIFAR batch
// dicts of keras.datasets.cifar10 and cifar100 (Python 2 or 3 pickles).
//
// The reader works on an in-memory byte slice; every length is checked
// against the remaining input and the number of values created is bounded,
// so malformed or hostile input yields an error, never a panic or an
// unbounded allocation.
package pickle

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
)

// None is Python's None.
type None struct{}

// Bytes is a Python bytes object (or a Python 2 str).
type Bytes []byte

// Tuple is a Python tuple.
type Tuple []any

// List is a Python list. Lists holding only integers keep them unboxed in
// Ints (Items is then nil), which keeps large numeric lists compact.
type List struct {
	Ints  []int64
	Items []any
	boxed bool
}

// Len is the number of items.
func (l *List) Len() int {
	if l.boxed {
		return len(l.Items)
	}
	return len(l.Ints)
}

// IntsOnly reports whether every item is an integer (then Ints holds them).
func (l *List) IntsOnly() bool { return !l.boxed }

// At returns item i.
func (l *List) At(i int) any {
	if l.boxed {
		return l.Items[i]
	}
	return l.Ints[i]
}

func (l *List) append(v any) {
	if !l.boxed {
		if n, ok := v.(int64); ok {
			l.Ints = append(l.Ints, n)
			return
		}
		l.Items = make([]any, len(l.Ints), len(l.Ints)+1)
		for i, n := range l.Ints {
			l.Items[i] = n
		}
		l.Ints, l.boxed = nil, true
	}
	l.Items = append(l.Items, v)
}

// Dict is a Python dict, its items in insertion order.
type Dict struct {
	Keys, Values []any
}

// Get returns the value of the last key equal to k (a string or Bytes
// key compared by content): a later SETITEM overrides an earlier one, as in
// Python.
func (d *Dict) Get(k any) (any, bool) {
	for i := len(d.Keys) - 1; i >= 0; i-- {
		if keyEqual(d.Keys[i], k) {
			return d.Values[i], true
		}
	}
	return nil, false
}

func keyEqual(a, b any) bool {
	switch x := a.(type) {
	case string:
		y, ok := b.(string)
		return ok && x == y
	case Bytes:
		y, ok := b.(Bytes)
		return ok && string(x) == string(y)
	case int64:
		y, ok := b.(int64)
		return ok && x == y
	}
	return false
}

// Global is a reference to module.name (GLOBAL, STACK_GLOBAL).
type Global struct{ Module, Name string }

// Object is the unexecuted result of calling Callable with Args (REDUCE,
// NEWOBJ), with the State a later BUILD gave it (nil if none).
type Object struct {
	Callable Global
	Args     Tuple
	State    any
}

// Options bound what Load accepts.
type Options struct {
	// Allowed reports whether a global may be referenced; nil allows none.
	Allowed func(module, name string) bool
	// MaxValues bounds the number of values (and list items) created;
	// 0 means 1<<26.
	MaxValues int
	// ShareInput lets Bytes values alias data instead of copying it, so
	// that large arrays cost no copy; data must then stay unmodified while
	// the result is in use.
	ShareInput bool
}

// ErrTruncated is returned when the input ends before STOP.
var ErrTruncated = errors.New("pickle: unexpected end of data")

type markT struct{}

var mark = markT{}

type decoder struct {
	data    []byte
	pos     int
	stack   []any
	memo    map[int]any
	opts    Options
	created int
}

// Load decodes one pickle from data (which must hold exactly one pickle,
// trailing bytes are ignored) and returns its value.
func Load(data []byte, opts Options) (any, error) {
	if opts.MaxValues <= 0 {
		opts.MaxValues = 1 << 26
	}
	d := &decoder{data: data, memo: map[int]any{}, opts: opts}
	v, err := d.run()
	if err != nil {
		return nil, fmt.Errorf("pickle: at byte %d: %w", d.pos, err)
	}
	return v, nil
}

func (d *decoder) need(n int) ([]byte, error) {
	if n < 0 || n > len(d.data)-d.pos {
		return nil, ErrTruncated
	}
	b := d.data[d.pos : d.pos+n : d.pos+n] // appending never writes into data
	d.pos += n
	return b, nil
}

func (d *decoder) u8() (int, error) {
	b, err := d.need(1)
	if err != nil {
		return 0, err
	}
	return int(b[0]), nil
}

func (d *decoder) u32() (int, error) {
	b, err := d.need(4)
	if err != nil {
		return 0, err
	}
	return int(binary.LittleEndian.Uint32(b)), nil
}

func (d *decoder) u64() (int, error) {
	b, err := d.need(8)
	if err != nil {
		return 0, err
	}
	v := binary.LittleEndian.Uint64(b)
	if v > uint64(len(d.data)) {
		return 0, ErrTruncated
	}
	return int(v), nil
}

func (d *decoder) line() (string, error) {
	for i := d.pos; i < len(d.data); i++ {
		if d.data[i] == '\n' {
			s := string(d.data[d.pos:i])
			d.pos = i + 1
			return s, nil
		}
	}
	return "", ErrTruncated
}

func (d *decoder) push(v any) error {
	d.created++
	if d.created > d.opts.MaxValues {
		return fmt.Errorf("more than %d values", d.opts.MaxValues)
	}
	d.stack = append(d.stack, v)
	return nil
}

func (d *decoder) pop() (any, error) {
	if len(d.stack) == 0 {
		return nil, errors.New("stack underflow")
	}
	v := d.stack[len(d.stack)-1]
	d.stack = d.stack[:len(d.stack)-1]
	if v == mark {
		return nil, errors.New("unexpected mark")
	}
	return v, nil
}

func (d *decoder) top() (any, error) {
	if len(d.stack) == 0 || d.stack[len(d.stack)-1] == mark {
		return nil, errors.New("stack underflow")
	}
	return d.stack[len(d.stack)-1], nil
}

// popMark pops the items above the topmost mark, and the mark.
func (d *decoder) popMark() ([]any, error) {
	for i := len(d.stack) - 1; i >= 0; i-- {
		if d.stack[i] == mark {
			items := append([]any(nil), d.stack[i+1:]...)
			d.stack = d.stack[:i]
			return items, nil
		}
	}
	return nil, errors.New("mark not found")
}

func (d *decoder) global(module, name string) (any, error) {
	if d.opts.Allowed == nil || !d.opts.Allowed(module, name) {
		return nil, fmt.Errorf("refusing to load global %s.%s: not in the allow-list", module, name)
	}
	return Global{module, name}, nil
}

func (d *decoder) run() (any, error) {
	for {
		op, err := d.u8()
		if err != nil {
			return nil, err
		}
		switch op {
		case 0x80: // PROTO
			p, err := d.u8()
			if err != nil {
				return nil, err
			}
			if p < 2 || p > 5 {
				return nil, fmt.Errorf("unsupported pickle protocol %d", p)
			}
		case 0x95: // FRAME
			if _, err := d.need(8); err != nil {
				return nil, err
			}
		case '.': // STOP
			v, err := d.pop()
			if err != nil {
				return nil, err
			}
			if len(d.stack) != 0 {
				return nil, fmt.Errorf("%d values or marks left on the stack at STOP", len(d.stack))
			}
			return v, nil
		case '(':
			err = d.push(mark)
		case '0': // POP
			_, err = d.pop()
		case '1': // POP_MARK
			_, err = d.popMark()
		case '2': // DUP
			var v any
			if v, err = d.top(); err == nil {
				err = d.push(v)
			}
		case 'N':
			err = d.push(None{})
		case 0x88:
			err = d.push(true)
		case 0x89:
			err = d.push(false)
		case 'J': // BININT
			var b []byte
			if b, err = d.need(4); err == nil {
				err = d.push(int64(int32(binary.LittleEndian.Uint32(b))))
			}
		case 'K': // BININT1
			var v int
			if v, err = d.u8(); err == nil {
				err = d.push(int64(v))
			}
		case 'M': // BININT2
			var b []byte
			if b, err = d.need(2); err == nil {
				err = d.push(int64(binary.LittleEndian.Uint16(b)))
			}
		case 0x8a, 0x8b: // LONG1, LONG4
			var n int
			if op == 0x8a {
				n, err = d.u8()
			} else {
				n, err = d.u32()
			}
			if err != nil {
				return nil, err
			}
			var v int64
			if v, err = d.long(n); err == nil {
				err = d.push(v)
			}
		case 'G': // BINFLOAT
			var b []byte
			if b, err = d.need(8); err == nil {
				err = d.push(math.Float64frombits(binary.BigEndian.Uint64(b)))
			}
		case 'X', 0x8c, 0x8d: // BINUNICODE, SHORT_BINUNICODE, BINUNICODE8
			var b []byte
			if b, err = d.sized(op, 'X', 0x8c); err == nil {
				err = d.push(string(b))
			}
		case 'T', 'U', 'B', 'C', 0x8e, 0x96: // BINSTRING, SHORT_BINSTRING, BINBYTES, SHORT_BINBYTES, BINBYTES8, BYTEARRAY8
			var b []byte
			switch op {
			case 'T', 'B':
				b, err = d.sized(op, op, 0)
			case 'U', 'C':
				b, err = d.sized(op, 0, op)
			default:
				b, err = d.sized(op, 0, 0)
			}
			if err == nil {
				if !d.opts.ShareInput {
					b = append([]byte(nil), b...)
				}
				err = d.push(Bytes(b))
			}
		case ')':
			err = d.push(Tuple{})
		case 't':
			var items []any
			if items, err = d.popMark(); err == nil {
				err = d.push(Tuple(items))
			}
		case 0x85, 0x86, 0x87: // TUPLE1..3
			n := op - 0x84
			if len(d.stack) < n {
				return nil, errors.New("stack underflow")
			}
			items := append(Tuple(nil), d.stack[len(d.stack)-n:]...)
			for _, it := range items {
				if it == mark {
					return nil, errors.New("unexpected mark")
				}
			}
			d.stack = d.stack[:len(d.stack)-n]
			err = d.push(items)
		case ']':
			err = d.push(&List{})
		case 'l': // LIST
			var items []any
			if items, err = d.popMark(); err == nil {
				l := &List{}
				for _, it := range items {
					l.append(it)
				}
				err = d.push(l)
			}
		case 'a', 'e': // APPEND, APPENDS
			err = d.appendItems(op == 'e')
		case '}':
			err = d.push(&Dict{})
		case 'd': // DICT
			var items []any
			if items, err = d.popMark(); err == nil {
				dict := &Dict{}
				if err = setItems(dict, items); err == nil {
					err = d.push(dict)
				}
			}
		case 's', 'u': // SETITEM, SETITEMS
			err = d.setItems(op == 'u')
		case 'q', 'r', 0x94: // BINPUT, LONG_BINPUT, MEMOIZE
			err = d.put(op)
		case 'h', 'j': // BINGET, LONG_BINGET
			var i int
			if op == 'h' {
				i, err = d.u8()
			} else {
				i, err = d.u32()
			}
			if err != nil {
				return nil, err
			}
			v, ok := d.memo[i]
			if !ok {
				return nil, fmt.Errorf("memo key %d not found", i)
			}
			err = d.push(v)
		case 'c': // GLOBAL
			var mod, name string
			if mod, err = d.line(); err != nil {
				return nil, err
			}
			if name, err = d.line(); err != nil {
				return nil, err
			}
			var g any
			if g, err = d.global(mod, name); err == nil {
				err = d.push(g)
			}
		case 0x93: // STACK_GLOBAL
			var n, m any
			if n, err = d.pop(); err != nil {
				return nil, err
			}
			if m, err = d.pop(); err != nil {
				return nil, err
			}
			ms, ok1 := m.(string)
			ns, ok2 := n.(string)
			if !ok1 || !ok2 {
				return nil, errors.New("STACK_GLOBAL needs two strings")
			}
			var g any
			if g, err = d.global(ms, ns); err == nil {
				err = d.push(g)
			}
		case 'R', 0x81: // REDUCE, NEWOBJ
			err = d.call(op == 'R')
		case 'b': // BUILD
			err = d.build()
		default:
			return nil, fmt.Errorf("unsupported opcode 0x%02x", op)
		}
		if err != nil {
			return nil, err
		}
	}
}

// sized reads a length-prefixed payload: 4-byte length for op == four,
// 1-byte for op == one, 8-byte otherwise.
func (d *decoder) sized(op, four, one int) ([]byte, error) {
	var n int
	var err error
	switch op {
	case four:
		n, err = d.u32()
	case one:
		n, err = d.u8()
	default:
		n, err = d.u64()
	}
	if err != nil {
		return nil, err
	}
	return d.need(n)
}

// long decodes an n-byte little-endian two's-complement integer, which
// must fit in int64.
func (d *decoder) long(n int) (int64, error) {
	b, err := d.need(n)
	if err != nil {
		return 0, err
	}
	if n == 0 {
		return 0, nil
	}
	neg := b[n-1]&0x80 != 0
	// Bytes beyond the eighth must be pure sign extension.
	for i := 8; i < n; i++ {
		if (neg && b[i] != 0xff) || (!neg && b[i] != 0) {
			return 0, errors.New("integer does not fit in int64")
		}
	}
	var v uint64
	for i := min(n, 8) - 1; i >= 0; i-- {
		v = v<<8 | uint64(b[i])
	}
	if n < 8 && neg {
		v |= ^uint64(0) << (8 * n)
	}
	if n > 8 && (int64(v) < 0) != neg {
		return 0, errors.New("integer does not fit in int64")
	}
	return int64(v), nil
}

func (d *decoder) appendItems(many bool) error {
	var items []any
	if many {
		var err error
		if items, err = d.popMark(); err != nil {
			return err
		}
	} else {
		v, err := d.pop()
		if err != nil {
			return err
		}
		items = []any{v}
	}
	t, err := d.top()
	if err != nil {
		return err
	}
	l, ok := t.(*List)
	if !ok {
		return fmt.Errorf("APPEND to a %T", t)
	}
	d.created += len(items)
	if d.created > d.opts.MaxValues {
		return fmt.Errorf("more than %d values", d.opts.MaxValues)
	}
	for _, it := range items {
		l.append(it)
	}
	return nil
}

func (d *decoder) setItems(many bool) error {
	var items []any
	if many {
		var err error
		if items, err = d.popMark(); err != nil {
			return err
		}
	} else {
		v, err := d.pop()
		if err != nil {
			return err
		}
		k, err := d.pop()
		if err != nil {
			return err
		}
		items = []any{k, v}
	}
	t, err := d.top()
	if err != nil {
		return err
	}
	dict, ok := t.(*Dict)
	if !ok {
		return fmt.Errorf("SETITEM on a %T", t)
	}
	return setItems(dict, items)
}

func setItems(dict *Dict, items []any) error {
	if len(items)%2 != 0 {
		return errors.New("odd number of dict items")
	}
	for i := 0; i < len(items); i += 2 {
		dict.Keys = append(dict.Keys, items[i])
		dict.Values = append(dict.Values, items[i+1])
	}
	return nil
}

func (d *decoder) put(op int) error {
	var i int
	var err error
	switch op {
	case 'q':
		i, err = d.u8()
	case 'r':
		i, err = d.u32()
	default:
		i = len(d.memo)
	}
	if err != nil {
		return err
	}
	v, err := d.top()
	if err != nil {
		return err
	}
	if len(d.memo) >= d.opts.MaxValues {
		return errors.New("memo too large")
	}
	d.memo[i] = v
	return nil
}

func (d *decoder) call(reduce bool) error {
	a, err := d.pop()
	if err != nil {
		return err
	}
	f, err := d.pop()
	if err != nil {
		return err
	}
	g, ok := f.(Global)
	if !ok {
		return fmt.Errorf("call of a %T, not a global", f)
	}
	args, ok := a.(Tuple)
	if !ok {
		return fmt.Errorf("call arguments are a %T, not a tuple", a)
	}
	if reduce {
		if b, ok, err := bytesCall(g, args); ok {
			if err != nil {
				return err
			}
			return d.push(b)
		}
	}
	return d.push(&Object{Callable: g, Args: args})
}

func (d *decoder) build() error {
	state, err := d.pop()
	if err != nil {
		return err
	}
	t, err := d.top()
	if err != nil {
		return err
	}
	o, ok := t.(*Object)
	if !ok {
		return fmt.Errorf("BUILD on a %T", t)
	}
	if o.State != nil {
		return errors.New("BUILD applied twice")
	}
	o.State = state
	return nil
}
