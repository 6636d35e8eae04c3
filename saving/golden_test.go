package saving

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gokeras/keras"
	"github.com/gokeras/keras/layers"
)

// listing is what testdata/gen/saving_gen.py records of a .keras file with
// zipfile and h5py: the zip entries and every HDF5 object of
// model.weights.h5 with its shape, dtype and attributes.
type listing struct {
	Entries []string    `json:"entries"`
	H5      []h5Listing `json:"h5"`
	Config  []string    `json:"config_keys"`
	// Assets holds the text of the assets/... entries.
	Assets map[string]string `json:"assets,omitempty"`
}

type h5Listing struct {
	Path  string            `json:"path"`
	Kind  string            `json:"kind"`
	Shape []int             `json:"shape,omitempty"`
	DType string            `json:"dtype,omitempty"`
	Attrs map[string]string `json:"attrs,omitempty"`
}

// goldenModel is the deterministic model whose .keras file is pinned:
// user layer names differ from the class-based weight paths, and the
// optimizer has state.
func goldenModel(t *testing.T) *keras.Sequential {
	t.Helper()
	keras.ClearSession()
	m, err := keras.NewSequential(layers.NewInputLayer([]int{4}),
		layers.NewDense(3, layers.WithActivation("relu"), layers.WithName("hidden")),
		layers.NewDropout(0.25, layers.WithName("drop")),
		layers.NewDense(2, layers.WithName("out")))
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Compile("adam", "mse"); err != nil {
		t.Fatal(err)
	}
	if _, err := m.TrainOnBatch(ramp(4, 4), ramp(4, 2)); err != nil {
		t.Fatal(err)
	}
	return m
}

func listKeras(t *testing.T, b []byte) listing {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var l listing
	for _, f := range zr.File {
		l.Entries = append(l.Entries, f.Name)
		if strings.HasPrefix(f.Name, assetsDir+"/") {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			b, err := io.ReadAll(rc)
			rc.Close()
			if err != nil {
				t.Fatal(err)
			}
			if l.Assets == nil {
				l.Assets = map[string]string{}
			}
			l.Assets[f.Name] = string(b)
		}
	}
	a, err := openArchive(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	cb, err := a.read(configEntry)
	if err != nil {
		t.Fatal(err)
	}
	var cfg map[string]any
	if err := json.Unmarshal(cb, &cfg); err != nil {
		t.Fatal(err)
	}
	for k := range cfg {
		l.Config = append(l.Config, k)
	}
	sortStrings(l.Config)
	wb, err := a.read(weightsEntry)
	if err != nil {
		t.Fatal(err)
	}
	root, err := readH5(bytes.NewReader(wb), int64(len(wb)))
	if err != nil {
		t.Fatal(err)
	}
	root.walk(func(p string, n *h5Node) {
		e := h5Listing{Path: p, Kind: "group"}
		if n.isDataset() {
			e.Kind, e.Shape, e.DType = "dataset", []int(n.data.Shape()), n.data.DType().String()
			if e.Shape == nil {
				e.Shape = []int{}
			}
		}
		for k, v := range n.attrs {
			if s, ok := v.(string); ok {
				if e.Attrs == nil {
					e.Attrs = map[string]string{}
				}
				e.Attrs[k] = s
			}
		}
		l.H5 = append(l.H5, e)
	})
	return l
}

// TestGoldenKerasListing checks a Go-written .keras file against the
// listing that h5py and zipfile made of it (testdata/keras_listing.json).
// Run with SAVING_UPDATE_GOLDEN=1 to rewrite testdata/go_written.keras, then
// rerun testdata/gen/saving_gen.py.
func TestGoldenKerasListing(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteModel(goldenModel(t), &buf); err != nil {
		t.Fatal(err)
	}
	if os.Getenv("SAVING_UPDATE_GOLDEN") != "" {
		if err := os.WriteFile(filepath.Join("testdata", "go_written.keras"), buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b, err := os.ReadFile(filepath.Join("testdata", "keras_listing.json"))
	if err != nil {
		t.Fatal(err)
	}
	var want listing
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatal(err)
	}
	got := listKeras(t, buf.Bytes())
	gj, _ := json.MarshalIndent(got, "", " ")
	wj, _ := json.MarshalIndent(want, "", " ")
	if !bytes.Equal(gj, wj) {
		t.Errorf("listing of a Go-written .keras differs from the pinned h5py listing:\ngot  %s\nwant %s", gj, wj)
	}
	// The committed file, as h5py read it, loads back too.
	if m, err := LoadModel(filepath.Join("testdata", "go_written.keras")); err != nil {
		t.Errorf("loading testdata/go_written.keras: %v", err)
	} else if m.Optimizer() == nil || m.Optimizer().Iterations() != 1 {
		t.Errorf("testdata/go_written.keras: optimizer state not restored")
	}
}

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}
