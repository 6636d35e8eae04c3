package pickle

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
)

// NumpyGlobals is the allow-list for pickled numpy arrays: exactly the
// globals Keras's dataset loader permits (numpy.ndarray, numpy.dtype and
// multiarray._reconstruct under its numpy 1 and 2 module names).
// maxArrayElems bounds a numpy array's dimensions and element count (2^40,
// or what an int holds on 32-bit platforms).
const maxArrayElems = min(1<<40, math.MaxInt)

func NumpyGlobals(module, name string) bool {
	switch module + "." + name {
	case "numpy.ndarray", "numpy.dtype", "numpy.core.multiarray._reconstruct", "numpy._core.multiarray._reconstruct":
		return true
	}
	return false
}

// Array is a numpy array decoded from a pickle: its shape, dtype
// descriptor ("O8" for objects, "u1" for uint8) and, for object arrays, its
// elements in row-major order (Fortran-ordered object arrays are rejected).
type Array struct {
	Shape   []int
	Descr   string
	Fortran bool   // the raw buffer is in column-major order
	Objects []any  // object arrays
	Raw     []byte // other dtypes: the raw buffer
}

// NDArray interprets a value made by pickling a numpy array:
// _reconstruct(ndarray, (0,), b'b') built with the state (version, shape,
// dtype, is_fortran, data).
func NDArray(v any) (*Array, error) {
	o, ok := v.(*Object)
	if !ok || !strings.HasSuffix(o.Callable.Module, "multiarray") || o.Callable.Name != "_reconstruct" {
		return nil, fmt.Errorf("pickle: not a numpy array (got %T)", v)
	}
	if len(o.Args) < 1 || o.Args[0] != (Global{"numpy", "ndarray"}) {
		return nil, errors.New("pickle: _reconstruct of something other than numpy.ndarray")
	}
	st, ok := o.State.(Tuple)
	if !ok || len(st) != 5 {
		return nil, fmt.Errorf("pickle: numpy array state is a %T of length %d, want a 5-tuple", o.State, lenOf(o.State))
	}
	shapeT, ok := st[1].(Tuple)
	if !ok {
		return nil, errors.New("pickle: numpy array shape is not a tuple")
	}
	a := &Array{}
	size := 1
	for _, d := range shapeT {
		n, ok := d.(int64)
		if !ok || n < 0 || n > maxArrayElems {
			return nil, fmt.Errorf("pickle: bad numpy array dimension %v", d)
		}
		if size > 0 && n > maxArrayElems/int64(size) {
			return nil, errors.New("pickle: numpy array too large")
		}
		a.Shape = append(a.Shape, int(n))
		size *= int(n)
	}
	dt, ok := st[2].(*Object)
	if !ok || dt.Callable != (Global{"numpy", "dtype"}) || len(dt.Args) < 1 {
		return nil, errors.New("pickle: numpy array dtype is not a numpy.dtype")
	}
	switch s := dt.Args[0].(type) {
	case string:
		a.Descr = s
	case Bytes:
		a.Descr = string(s)
	default:
		return nil, errors.New("pickle: numpy dtype descriptor is not a string")
	}
	fortran, _ := st[3].(bool)
	a.Fortran = fortran
	switch data := st[4].(type) {
	case *List:
		if a.Descr != "O8" && a.Descr != "O4" && a.Descr != "O" {
			return nil, fmt.Errorf("pickle: numpy array of dtype %s holds a list", a.Descr)
		}
		if fortran && len(a.Shape) > 1 {
			return nil, errors.New("pickle: Fortran-ordered object arrays are not supported")
		}
		if data.Len() != size {
			return nil, fmt.Errorf("pickle: numpy object array of shape %v holds %d items", a.Shape, data.Len())
		}
		a.Objects = make([]any, size)
		for i := range size {
			a.Objects[i] = data.At(i)
		}
	case Bytes:
		a.Raw = data
	case string: // Python 2 str read as text
		a.Raw = []byte(data)
	default:
		return nil, fmt.Errorf("pickle: unsupported numpy array data %T", st[4])
	}
	return a, nil
}

func lenOf(v any) int {
	if t, ok := v.(Tuple); ok {
		return len(t)
	}
	return -1
}

// IntLists reads an object array whose elements are lists of integers (the
// IMDB and Reuters sequences) as Go slices, each value checked against
// [lo, hi] (itself clipped to the int32 range).
func (a *Array) IntLists(lo, hi int64) ([][]int32, error) {
	lo, hi = max(lo, math.MinInt32), min(hi, math.MaxInt32)
	if a.Objects == nil && len(a.Shape) > 0 && a.Shape[0] > 0 {
		return nil, fmt.Errorf("pickle: array of dtype %s is not an object array", a.Descr)
	}
	out := make([][]int32, len(a.Objects))
	for i, o := range a.Objects {
		l, ok := o.(*List)
		if !ok {
			return nil, fmt.Errorf("pickle: element %d is a %T, not a list", i, o)
		}
		if !l.IntsOnly() {
			return nil, fmt.Errorf("pickle: element %d is not a list of integers", i)
		}
		s := make([]int32, len(l.Ints))
		for j, v := range l.Ints {
			if v < lo || v > hi {
				return nil, fmt.Errorf("pickle: element %d[%d] = %d is out of range [%d, %d]", i, j, v, lo, hi)
			}
			s[j] = int32(v)
		}
		out[i] = s
	}
	return out, nil
}

// NPYHeader is the parsed header of a .npy file.
type NPYHeader struct {
	Descr   string
	Fortran bool
	Shape   []int
	DataOff int // offset of the data (or pickle) after the header
}

var (
	npyDescr   = regexp.MustCompile(`'descr'\s*:\s*'([^']*)'`)
	npyFortran = regexp.MustCompile(`'fortran_order'\s*:\s*(True|False)`)
	npyShape   = regexp.MustCompile(`'shape'\s*:\s*\(([^)]*)\)`)
)

// ParseNPYHeader parses the header of a .npy file (format versions 1 to 3).
func ParseNPYHeader(b []byte) (*NPYHeader, error) {
	if len(b) < 10 || !bytes.Equal(b[:6], []byte("\x93NUMPY")) {
		return nil, errors.New("npy: not a .npy file (bad magic)")
	}
	var hlen, off int
	switch b[6] {
	case 1:
		hlen, off = int(binary.LittleEndian.Uint16(b[8:10])), 10
	case 2, 3:
		if len(b) < 12 {
			return nil, errors.New("npy: truncated header")
		}
		hlen, off = int(binary.LittleEndian.Uint32(b[8:12])), 12
	default:
		return nil, fmt.Errorf("npy: unsupported format version %d", b[6])
	}
	if hlen > len(b)-off || hlen > 1<<20 {
		return nil, errors.New("npy: truncated header")
	}
	h := string(b[off : off+hlen])
	m1, m2, m3 := npyDescr.FindStringSubmatch(h), npyFortran.FindStringSubmatch(h), npyShape.FindStringSubmatch(h)
	if m1 == nil || m2 == nil || m3 == nil {
		return nil, fmt.Errorf("npy: malformed header %q", h)
	}
	hd := &NPYHeader{Descr: m1[1], Fortran: m2[1] == "True", DataOff: off + hlen}
	for _, f := range strings.Split(m3[1], ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		n, err := strconv.Atoi(strings.TrimSuffix(f, "L"))
		if err != nil || n < 0 {
			return nil, fmt.Errorf("npy: bad shape in header %q", h)
		}
		hd.Shape = append(hd.Shape, n)
	}
	return hd, nil
}

// ReadObjectNPY decodes a .npy file holding a pickled object array (descr
// "|O"), allowing only numpy's globals.
func ReadObjectNPY(b []byte, maxValues int) (*Array, error) {
	h, err := ParseNPYHeader(b)
	if err != nil {
		return nil, err
	}
	if h.Descr != "|O" {
		return nil, fmt.Errorf("npy: dtype %q is not an object array", h.Descr)
	}
	v, err := Load(b[h.DataOff:], Options{Allowed: NumpyGlobals, MaxValues: maxValues})
	if err != nil {
		return nil, err
	}
	a, err := NDArray(v)
	if err != nil {
		return nil, err
	}
	if !equalInts(a.Shape, h.Shape) {
		return nil, fmt.Errorf("npy: header shape %v but pickled array shape %v", h.Shape, a.Shape)
	}
	return a, nil
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
