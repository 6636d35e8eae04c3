package imdb

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gokeras/keras/internal/seqdata"
)

// golden mirrors testdata/golden.json, written by
// testdata/gen/sequences_gen.py following Keras's load_data on the fixture.
type golden []struct {
	Args struct {
		NumWords  *int   `json:"num_words"`
		SkipTop   *int   `json:"skip_top"`
		MaxLen    *int   `json:"maxlen"`
		Seed      *int64 `json:"seed"`
		StartChar *int   `json:"start_char"`
		OOVChar   *int   `json:"oov_char"`
		IndexFrom *int   `json:"index_from"`
	} `json:"args"`
	XTrain [][]int32 `json:"x_train"`
	YTrain []int64   `json:"y_train"`
	XTest  [][]int32 `json:"x_test"`
	YTest  []int64   `json:"y_test"`
}

// useFixture points the loader at a temporary cache holding the fixture.
func useFixture(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range []string{"imdb.npz", "imdb_word_index.json"} {
		b, err := os.ReadFile(filepath.Join("testdata", f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	old, oldData, oldIndex := fetcher, dataSource, indexSource
	fetcher = &seqdata.Fetcher{CacheDir: func() (string, error) { return dir, nil }, Log: io.Discard}
	dataSource.Hash = fileSHA(t, "testdata/imdb.npz")
	indexSource.Hash = fileSHA(t, "testdata/imdb_word_index.json")
	t.Cleanup(func() { fetcher, dataSource, indexSource = old, oldData, oldIndex })
	return dir
}

func fileSHA(t *testing.T, path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

func TestLoadDataMatchesKeras(t *testing.T) {
	useFixture(t)
	b, err := os.ReadFile("testdata/golden.json")
	if err != nil {
		t.Fatal(err)
	}
	var g golden
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatal(err)
	}
	for i, c := range g {
		var opts []Option
		a := c.Args
		if a.NumWords != nil {
			opts = append(opts, NumWords(*a.NumWords))
		}
		if a.SkipTop != nil {
			opts = append(opts, SkipTop(*a.SkipTop))
		}
		if a.MaxLen != nil {
			opts = append(opts, MaxLen(*a.MaxLen))
		}
		if a.Seed != nil {
			opts = append(opts, Seed(*a.Seed))
		}
		if a.IndexFrom != nil {
			opts = append(opts, IndexFrom(*a.IndexFrom))
		}
		// JSON null (Python None) decodes to a nil pointer only when the
		// key is absent, so look at the raw case for explicit nulls.
		raw := rawArgs(t, b, i)
		if v, ok := raw["start_char"]; ok {
			if v == nil {
				opts = append(opts, StartChar(-1))
			} else {
				opts = append(opts, StartChar(int(v.(float64))))
			}
		}
		if v, ok := raw["oov_char"]; ok {
			if v == nil {
				opts = append(opts, OOVChar(-1))
			} else {
				opts = append(opts, OOVChar(int(v.(float64))))
			}
		}
		xtr, ytr, xte, yte, err := LoadData(opts...)
		if err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		if !equalSeqs(xtr, c.XTrain) || !slices.Equal(ytr.Int64s(), c.YTrain) || !equalSeqs(xte, c.XTest) || !slices.Equal(yte.Int64s(), c.YTest) {
			t.Errorf("case %d (%v):\n got %v %v\n     %v %v\nwant %v %v\n     %v %v", i, raw, xtr, ytr.Int64s(), xte, yte.Int64s(), c.XTrain, c.YTrain, c.XTest, c.YTest)
		}
	}
}

func rawArgs(t *testing.T, b []byte, i int) map[string]any {
	var raw []struct {
		Args map[string]any `json:"args"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	return raw[i].Args
}

func equalSeqs(a, b [][]int32) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !slices.Equal(a[i], b[i]) {
			return false
		}
	}
	return true
}

func TestGetWordIndex(t *testing.T) {
	useFixture(t)
	m, err := GetWordIndex()
	if err != nil {
		t.Fatal(err)
	}
	if m["film"] != 19 || len(m) != 4 {
		t.Errorf("got %v", m)
	}
}

// A missing or corrupted cached file is downloaded (and hash checked).
func TestDownload(t *testing.T) {
	dir := useFixture(t)
	body, _ := os.ReadFile("testdata/imdb.npz")
	hits := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits++
		w.Write(body)
	}))
	defer srv.Close()
	dataSource.Origin = srv.URL + "/imdb.npz"
	os.WriteFile(filepath.Join(dir, "imdb.npz"), []byte("corrupted"), 0o644)
	if _, _, _, _, err := LoadData(); err != nil {
		t.Fatal(err)
	}
	if hits != 1 {
		t.Errorf("%d downloads, want 1", hits)
	}
	if _, _, _, _, err := LoadData(); err != nil || hits != 1 {
		t.Errorf("second load: %v, %d downloads", err, hits)
	}
	dataSource.Hash = strings.Repeat("0", 64)
	os.Remove(filepath.Join(dir, "imdb.npz"))
	if _, _, _, _, err := LoadData(); err == nil || !strings.Contains(err.Error(), "hash mismatch") {
		t.Errorf("bad hash: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "imdb.npz")); !os.IsNotExist(err) {
		t.Errorf("a file that failed its hash check was kept: %v", err)
	}
}

func TestLoadDataErrors(t *testing.T) {
	useFixture(t)
	for _, tc := range []struct {
		opts []Option
		want string
	}{
		{[]Option{Path("../imdb.npz")}, "must be a file name"},
		{[]Option{Seed(-1)}, "seed must be between"},
		{[]Option{MaxLen(2)}, "no sequence was kept"},
		{[]Option{NumWords(-3)}, "num_words"},
	} {
		if _, _, _, _, err := LoadData(tc.opts...); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("error %v, want one containing %q", err, tc.want)
		}
	}
}

// An archive without the sequence arrays is an error naming the file.
func TestLoadDataMissingArrays(t *testing.T) {
	dir := useFixture(t)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "imdb.npz")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	dataSource.Hash = fileSHA(t, path)
	_, _, _, _, err := LoadData()
	if err == nil || !strings.Contains(err.Error(), "imdb.npz lacks the object arrays x_train and x_test") {
		t.Fatalf("error %v, want one saying imdb.npz lacks the object arrays x_train and x_test", err)
	}
}
