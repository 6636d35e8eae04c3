package pickle

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
)

// testdata/cifar_small_p{2,4}.pkl are copies of the CIFAR-layout fuzzing
// seeds testdata/gen/cifar_gen.py writes for datasets/internal/cifar: the
// dict {b"batch_label", b"labels": [4, 0], b"data": (2, 4) uint8 array with
// data[i, j] = (7*i + j) % 256, b"filenames", b"fine_labels",
// b"coarse_labels"} pickled by Python 3 at protocols 2 and 4.
func TestCIFARStylePickles(t *testing.T) {
	for _, p := range []int{2, 4} {
		for _, share := range []bool{false, true} {
			t.Run(fmt.Sprintf("protocol %d share %v", p, share), func(t *testing.T) {
				raw, err := os.ReadFile(fmt.Sprintf("testdata/cifar_small_p%d.pkl", p))
				if err != nil {
					t.Fatal(err)
				}
				v, err := Load(raw, Options{Allowed: NumpyBytesGlobals, ShareInput: share})
				if err != nil {
					t.Fatal(err)
				}
				d, ok := v.(*Dict)
				if !ok {
					t.Fatalf("top level is a %T", v)
				}
				if bl, _ := d.Get(Bytes("batch_label")); !slices.Equal(bl.(Bytes), Bytes("testing batch 1 of 1")) {
					t.Errorf("batch_label = %#v", bl)
				}
				if l, _ := d.GetText("labels"); l == nil || !slices.Equal(l.(*List).Ints, []int64{4, 0}) {
					t.Errorf("labels = %#v", l)
				}
				fn, _ := d.GetText("filenames")
				if l, ok := fn.(*List); !ok || l.Len() != 3 || string(l.At(2).(Bytes)) != "c.png" {
					t.Errorf("filenames = %#v", fn)
				}
				dv, _ := d.GetText("data")
				a, err := NDArray(dv)
				if err != nil {
					t.Fatal(err)
				}
				data, err := a.Bytes()
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(a.Shape, []int{2, 4}) || !slices.Equal(data, []byte{0, 1, 2, 3, 7, 8, 9, 10}) {
					t.Errorf("data %v = %v", a.Shape, data)
				}
			})
		}
	}
	// NumpyGlobals alone refuses the protocol-2 spelling of bytes.
	raw, _ := os.ReadFile("testdata/cifar_small_p2.pkl")
	if _, err := Load(raw, Options{Allowed: NumpyGlobals}); err == nil || !strings.Contains(err.Error(), "_codecs.encode") {
		t.Errorf("protocol 2 with NumpyGlobals: %v", err)
	}
}

// call pickles module.name(args...) at protocol 2; args are opcodes.
func call(module, name, args string, n byte) []byte {
	tuple := map[byte]string{0: ")", 1: "\x85", 2: "\x86", 3: "\x87"}[n]
	return []byte("\x80\x02c" + module + "\n" + name + "\n" + args + tuple + "R.")
}

func uni(s string) string { return "\x8c" + string(rune(len(s))) + s }

func TestBytesCalls(t *testing.T) {
	for _, tc := range []struct {
		name string
		data []byte
		want string // the Bytes, or an error substring after "error: "
	}{
		{"latin1", call("_codecs", "encode", uni("a\u00e9\u00ff")+uni("latin1"), 2), "a\xe9\xff"},
		{"latin-1", call("_codecs", "encode", uni("")+uni("latin-1"), 2), ""},
		{"empty bytes py2 name", call("__builtin__", "bytes", "", 0), ""},
		{"empty bytes py3 name", call("builtins", "bytes", "", 0), ""},
		{"bytes(n)", call("builtins", "bytes", "J\xff\xff\xff\x7f", 1), "error: builtins.bytes called with 1 arguments"},
		{"utf-8", call("_codecs", "encode", uni("a")+uni("utf-8"), 2), `error: encoding "utf-8"`},
		{"not latin-1", call("_codecs", "encode", uni("\u0100")+uni("latin1"), 2), "error: character U+0100 is not latin-1"},
		{"bad utf-8", call("_codecs", "encode", "\x8c\x01\xff"+uni("latin1"), 2), "error: character U+FFFD"},
		{"one argument", call("_codecs", "encode", uni("a"), 1), "error: called with 1 arguments, want 2"},
		{"int argument", call("_codecs", "encode", "K\x01"+uni("latin1"), 2), "error: called with a int64 and a string"},
		{"other global", call("builtins", "eval", uni("1"), 1), "error: refusing to load global builtins.eval"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, err := Load(tc.data, Options{Allowed: NumpyBytesGlobals})
			if want, ok := strings.CutPrefix(tc.want, "error: "); ok {
				if err == nil || !strings.Contains(err.Error(), want) {
					t.Errorf("error %v, want one containing %q", err, want)
				}
				return
			}
			if b, ok := v.(Bytes); err != nil || !ok || string(b) != tc.want {
				t.Errorf("got %#v, %v; want %q", v, err, tc.want)
			}
		})
	}
	// NEWOBJ is no call of encode: it stays an uninterpreted Object.
	v, err := Load([]byte("\x80\x02c_codecs\nencode\n"+uni("a")+uni("latin1")+"\x86\x81."), Options{Allowed: NumpyBytesGlobals})
	if o, ok := v.(*Object); err != nil || !ok || o.Callable.Name != "encode" {
		t.Errorf("NEWOBJ: %#v, %v", v, err)
	}
}

func TestShareInput(t *testing.T) {
	for _, share := range []bool{false, true} {
		data := []byte("\x80\x03C\x03abc.")
		v, err := Load(data, Options{ShareInput: share})
		if err != nil {
			t.Fatal(err)
		}
		data[4] = 'X' // the "a"
		if got, want := string(v.(Bytes)), map[bool]string{false: "abc", true: "Xbc"}[share]; got != want {
			t.Errorf("ShareInput %v: %q after changing the input, want %q", share, got, want)
		}
	}
}

func TestGetText(t *testing.T) {
	d := &Dict{Keys: []any{Bytes("a"), "b", int64(1), Bytes("a")}, Values: []any{int64(1), int64(2), int64(3), int64(4)}}
	for _, tc := range []struct {
		key  string
		want any
		ok   bool
	}{{"a", int64(4), true}, {"b", int64(2), true}, {"1", nil, false}, {"c", nil, false}} {
		if v, ok := d.GetText(tc.key); v != tc.want || ok != tc.ok {
			t.Errorf("GetText(%q) = %v, %v; want %v, %v", tc.key, v, ok, tc.want, tc.ok)
		}
	}
	if v, _ := d.Get(Bytes("a")); v != int64(4) {
		t.Errorf("Get(b'a') = %v, want the last value 4", v)
	}
}

func TestArrayBytes(t *testing.T) {
	for _, tc := range []struct {
		name string
		a    Array
		want string
	}{
		{"ok", Array{Shape: []int{2, 2}, Descr: "u1", Raw: []byte{1, 2, 3, 4}}, ""},
		{"fortran 1-D", Array{Shape: []int{3}, Descr: "i1", Fortran: true, Raw: []byte{1, 2, 3}}, ""},
		{"scalar", Array{Descr: "b1", Raw: []byte{1}}, ""},
		{"float", Array{Shape: []int{1}, Descr: "f4", Raw: []byte{1, 2, 3, 4}}, `dtype "f4" is not of a one-byte dtype`},
		{"objects", Array{Shape: []int{1}, Descr: "O8", Objects: []any{int64(1)}}, `dtype "O8"`},
		{"short", Array{Shape: []int{2, 3}, Descr: "u1", Raw: []byte{1, 2}}, "shape [2 3] needs 6 bytes, holds 2"},
		{"fortran 2-D", Array{Shape: []int{2, 2}, Descr: "u1", Fortran: true, Raw: []byte{1, 2, 3, 4}}, "Fortran"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := tc.a.Bytes()
			if tc.want == "" {
				if err != nil || !slices.Equal(b, tc.a.Raw) {
					t.Errorf("got %v, %v", b, err)
				}
			} else if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}
