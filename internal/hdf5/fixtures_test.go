package hdf5

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFixtureListings compares the Go reader's view of files written by
// h5py (testdata/gen/hdf5_gen.py) with h5py's own listing of them.
func TestFixtureListings(t *testing.T) {
	for _, name := range []string{"v0.h5", "latest.h5", "v108.h5", "many.h5"} {
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", name))
			if err != nil {
				t.Fatal(err)
			}
			want, err := os.ReadFile(filepath.Join("testdata", name+".listing.txt"))
			if err != nil {
				t.Fatal(err)
			}
			got, err := listing(openBytes(t, data))
			if err != nil {
				t.Fatal(err)
			}
			if d := lineDiff(string(want), got); d != "" {
				t.Errorf("listing differs from h5py's (-h5py +go):\n%s", d)
			}
		})
	}
}

// lineDiff reports the first differing lines of two listings.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var out []string
	for i := 0; i < max(len(w), len(g)) && len(out) < 20; i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			out = append(out, fmt.Sprintf("line %d:\n- %s\n+ %s", i+1, a, b))
		}
	}
	return strings.Join(out, "\n")
}

type realSummary struct {
	ListingSHA256 string               `json:"listing_sha256"`
	Lines         int                  `json:"lines"`
	FirstLines    []string             `json:"first_lines"`
	Values        map[string][]float64 `json:"values"`
}

// TestRealFilesMatchH5py checks every real Keras file against h5py: the
// whole listing (structure, dtypes, shapes, attributes, first and last
// values of every dataset) must hash the same, and sampled values must
// match exactly.
func TestRealFilesMatchH5py(t *testing.T) {
	b, err := os.ReadFile("testdata/realfiles.json")
	if err != nil {
		t.Fatal(err)
	}
	var golden map[string]realSummary
	if err := json.Unmarshal(b, &golden); err != nil {
		t.Fatal(err)
	}
	files := loadRealFiles(t)
	if len(files) != len(golden) {
		t.Errorf("found %d real files, golden has %d", len(files), len(golden))
	}
	for _, rf := range files {
		t.Run(rf.name, func(t *testing.T) {
			g, ok := golden[rf.name]
			if !ok {
				t.Skip("not in testdata/realfiles.json; rerun testdata/gen/hdf5_gen.py")
			}
			f := openBytes(t, rf.data)
			text, err := listing(f)
			if err != nil {
				t.Fatal(err)
			}
			if sum := fmt.Sprintf("%x", sha256.Sum256([]byte(text))); sum != g.ListingSHA256 {
				t.Errorf("listing hash %s, h5py's %s; first lines:\n%s", sum, g.ListingSHA256,
					lineDiff(strings.Join(g.FirstLines, "\n"), strings.Join(firstLines(text, len(g.FirstLines)), "\n")))
			}
			for path, want := range g.Values {
				d, err := f.Root().Dataset(path)
				if err != nil {
					t.Fatal(err)
				}
				got, err := d.ReadFloat64()
				if err != nil {
					t.Fatal(err)
				}
				for i, w := range want {
					if got[i] != w {
						t.Errorf("%s[%d] = %v, h5py %v", path, i, got[i], w)
					}
				}
			}
		})
	}
}

func firstLines(s string, n int) []string {
	l := strings.Split(s, "\n")
	for i := range l {
		if len(l[i]) > 160 {
			l[i] = l[i][:160]
		}
	}
	return l[:min(n, len(l))]
}
