package pickle

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
)

func TestReadObjectNPYProtocols(t *testing.T) {
	b, err := os.ReadFile("testdata/objarr.json")
	if err != nil {
		t.Fatal(err)
	}
	var want [][]int64
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatal(err)
	}
	for _, p := range []int{3, 4, 5} {
		t.Run(fmt.Sprint("protocol ", p), func(t *testing.T) {
			data, err := os.ReadFile(fmt.Sprintf("testdata/objarr_p%d.npy", p))
			if err != nil {
				t.Fatal(err)
			}
			a, err := ReadObjectNPY(data, 0)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(a.Shape, []int{len(want)}) || a.Descr != "O8" {
				t.Fatalf("shape %v descr %q", a.Shape, a.Descr)
			}
			for i, w := range want {
				l := a.Objects[i].(*List)
				if !l.IntsOnly() || !slices.Equal(l.Ints, w) && !(len(w) == 0 && l.Len() == 0) {
					t.Errorf("element %d = %v, want %v", i, l.Ints, w)
				}
			}
			if _, err := a.IntLists(-1<<31, 1<<31-1); err == nil || !strings.Contains(err.Error(), "out of range") {
				t.Errorf("IntLists range check: %v", err)
			}
		})
	}
	// Python 3's protocol 2 writes bytes through _codecs.encode, which the
	// allow-list refuses, as Keras's RestrictedUnpickler does.
	data, _ := os.ReadFile("testdata/objarr_p2.npy")
	if _, err := ReadObjectNPY(data, 0); err == nil || !strings.Contains(err.Error(), "refusing to load global _codecs.encode") {
		t.Errorf("protocol 2 from Python 3: %v", err)
	}
}

// py2Array is what Python 2's numpy writes for np.array([[1, 2], []],
// dtype=object) with protocol 2 (str as SHORT_BINSTRING).
func py2Array() []byte {
	var b []byte
	op := func(s ...any) {
		for _, x := range s {
			switch v := x.(type) {
			case byte:
				b = append(b, v)
			case string:
				b = append(b, v...)
			case int:
				b = append(b, byte(v))
			}
		}
	}
	op(byte(0x80), 2)
	op("cnumpy.core.multiarray\n_reconstruct\n", "q", 0)
	op("cnumpy\nndarray\n", "K", 0, byte(0x85), "U", 1, "b", byte(0x87), "R")
	op("(K", 1, "K", 2, byte(0x85)) // version 1, shape (2,)
	op("cnumpy\ndtype\n", "U", 2, "O8", "K", 0, "K", 1, byte(0x87), "R")
	op("(K", 3, "U", 1, "|", "NNN", "J", 0xff, 0xff, 0xff, 0xff, "J", 0xff, 0xff, 0xff, 0xff, "K", 63, "tb")
	op(byte(0x89))                                         // not Fortran
	op("](]q", 5, "(K", 1, "K", 2, "e", "h", 5, "0", "]e") // [[1, 2], []] with a memo get
	op("tb.")
	return b
}

func TestPython2Pickle(t *testing.T) {
	v, err := Load(py2Array(), Options{Allowed: NumpyGlobals})
	if err != nil {
		t.Fatal(err)
	}
	a, err := NDArray(v)
	if err != nil {
		t.Fatal(err)
	}
	got, err := a.IntLists(0, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || !slices.Equal(got[0], []int32{1, 2}) || len(got[1]) != 0 {
		t.Errorf("got %v", got)
	}
}

func TestLoadErrors(t *testing.T) {
	good := py2Array()
	for _, tc := range []struct {
		name string
		data []byte
		opts Options
		want string
	}{
		{"empty", nil, Options{}, "unexpected end"},
		{"truncated", good[:len(good)/2], Options{Allowed: NumpyGlobals}, "unexpected end"},
		{"no globals allowed", good, Options{}, "refusing to load global numpy.core.multiarray._reconstruct"},
		{"os.system", []byte("\x80\x02cos\nsystem\nX\x02\x00\x00\x00ls\x85R."), Options{Allowed: NumpyGlobals}, "refusing to load global os.system"},
		{"bad opcode", []byte("\x80\x02\xff."), Options{}, "unsupported opcode 0xff"},
		{"protocol", []byte("\x80\x09N."), Options{}, "unsupported pickle protocol 9"},
		{"underflow", []byte("\x80\x02t."), Options{}, "mark not found"},
		{"memo", []byte("\x80\x02h\x07."), Options{}, "memo key 7 not found"},
		{"huge string", []byte("\x80\x02X\xff\xff\xff\x7fab."), Options{}, "unexpected end"},
		{"big int", []byte("\x80\x02\x8a\x09\x00\x00\x00\x00\x00\x00\x00\x00\x01."), Options{}, "does not fit in int64"},
		{"too many values", []byte("\x80\x02(KKKKKKKKKKKl."), Options{MaxValues: 4}, "more than 4 values"},
		{"append to int", []byte("\x80\x02K\x01K\x02a."), Options{}, "APPEND to a int64"},
		{"call non-global", []byte("\x80\x02K\x01)R."), Options{}, "not a global"},
		{"stack left", []byte("\x80\x02K\x01K\x02."), Options{}, "1 values or marks left on the stack"},
		{"mark left", []byte("\x80\x02(K\x01."), Options{}, "1 values or marks left on the stack"},
		{"builtins eval", []byte("\x80\x04\x8c\x08builtins\x8c\x04eval\x93."), Options{Allowed: NumpyBytesGlobals}, "refusing to load global builtins.eval"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load(tc.data, tc.opts)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func TestLongAndDict(t *testing.T) {
	// {"a": -1, b"k": [1.5, True, None]} with LONG1 -1 and a BINFLOAT.
	data := []byte("\x80\x03}q\x00(X\x01\x00\x00\x00a\x8a\x01\xffC\x01k](G?\xf8\x00\x00\x00\x00\x00\x00\x88Neu.")
	v, err := Load(data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	d := v.(*Dict)
	if a, _ := d.Get("a"); a != int64(-1) {
		t.Errorf("a = %v", a)
	}
	k, ok := d.Get(Bytes("k"))
	l, _ := k.(*List)
	if !ok || l == nil || l.Len() != 3 || l.At(0) != 1.5 || l.At(1) != true || l.At(2) != (None{}) {
		t.Errorf("k = %#v", k)
	}
}

func TestParseNPYHeader(t *testing.T) {
	hdr := "{'descr': '<i8', 'fortran_order': False, 'shape': (3, 4), }  \n"
	h, err := ParseNPYHeader(append([]byte{0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, byte(len(hdr)), 0}, hdr...))
	if err != nil || h.Descr != "<i8" || !slices.Equal(h.Shape, []int{3, 4}) || h.DataOff != 10+len(hdr) {
		t.Errorf("got %+v, %v", h, err)
	}
	if _, err := ParseNPYHeader([]byte("NOTNPY....")); err == nil {
		t.Error("bad magic accepted")
	}
}
