package hdf5

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

func openFixture(t *testing.T, name string) *File {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return openBytes(t, b)
}

// TestMembersOrder checks h5py's iteration order: by name, except for
// track_order groups (creation order), across storage kinds.
func TestMembersOrder(t *testing.T) {
	tests := []struct {
		file, group string
		count       int
		first, last string
	}{
		{"many.h5", "layers", 400, "w_000", "w_399"},             // multi-level B-tree v1, 4-byte offsets
		{"latest.h5", "dense_links", 40, "layer_00", "layer_39"}, // fractal heap + B-tree v2
		{"latest.h5", "compact_links", 3, "v0", "v2"},            // link messages
		{"latest.h5", "ordered", 3, "zeta", "mid"},               // track_order: creation order
		{"v0.h5", "/", 4, "layers\\lstm\\cell", "types"},         // symbol table, backslash name
	}
	for _, tc := range tests {
		t.Run(tc.file+":"+tc.group, func(t *testing.T) {
			g, err := openFixture(t, tc.file).Root().Group(tc.group)
			if err != nil {
				t.Fatal(err)
			}
			ms, err := g.Members()
			if err != nil {
				t.Fatal(err)
			}
			if len(ms) != tc.count || ms[0].Name != tc.first || ms[len(ms)-1].Name != tc.last {
				t.Errorf("%d members %q..%q, want %d %q..%q", len(ms), ms[0].Name, ms[len(ms)-1].Name, tc.count, tc.first, tc.last)
			}
		})
	}
}

func TestLookupErrors(t *testing.T) {
	f := openFixture(t, "v0.h5")
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"missing member", second(f.Root().Group("nope")), `"/" has no member "nope"`},
		{"dataset as group", second(f.Root().Group("types/f8")), "/types/f8 is not a group"},
		{"group as dataset", second(f.Root().Dataset("types")), "/types is not a dataset"},
		{"through a dataset", second(f.Root().Dataset("types/f8/x")), "/types/f8 is not a group"},
		{"int as float", second(mustDS(t, f, "types/fixed_str").ReadFloat32()), "not a number"},
		{"float as int", second(mustDS(t, f, "types/f8").ReadInt64()), "not an integer"},
		{"uint64 overflow", second(mustDS(t, f, "types/u8").ReadInt64()), "overflows int64"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.err == nil || !strings.Contains(tc.err.Error(), tc.want) {
				t.Errorf("error %v, want it to contain %q", tc.err, tc.want)
			}
		})
	}
}

func mustDS(t *testing.T, f *File, path string) *Dataset {
	t.Helper()
	d, err := f.Root().Dataset(path)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestDTypes checks type names and conversions against the h5py fixture.
func TestDTypes(t *testing.T) {
	f := openFixture(t, "v0.h5")
	for _, tc := range []struct{ path, dtype, values string }{
		{"types/f2", "float16", "[0.5 -2 1.001358e-05 65504]"},
		{"types/be_f4", "float32", "[1.5 -2.5]"},
		{"types/be_i4", "int32", "[1 -70000]"},
		{"types/i1", "int8", "[-128 0 127]"},
		{"types/u2", "uint16", "[0 0 65535]"},
		{"types/fixed_str", "|S3", "[ab cde]"},
		{"types/vlen_str", "object", "[x yz]"},
		{"layouts/unwritten", "float32", "[1.5 1.5 1.5 1.5 1.5]"},
		{"layers\\lstm\\cell/0", "float32", "3.25"},
	} {
		d := mustDS(t, f, tc.path)
		v, err := d.Read()
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Shape()) == 0 {
			v = scalarOf(v)
		}
		if got := fmt.Sprint(v); d.DType().String() != tc.dtype || got != tc.values {
			t.Errorf("%s: %s %s, want %s %s", tc.path, d.DType(), got, tc.dtype, tc.values)
		}
	}
}
