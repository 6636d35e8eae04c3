package fashion_mnist

import (
	"bytes"
	"compress/gzip"
	"crypto/md5"
	"encoding/binary"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
)

// idxGz encodes a uint8 IDX file, gzip-compressed, as distributed.
func idxGz(dims []int, data []byte) []byte {
	var raw bytes.Buffer
	raw.Write([]byte{0, 0, 8, byte(len(dims))})
	for _, d := range dims {
		binary.Write(&raw, binary.BigEndian, uint32(d))
	}
	raw.Write(data)
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(raw.Bytes())
	zw.Close()
	return gz.Bytes()
}

// fakeFiles is a tiny Fashion-MNIST: 3 training and 2 test images whose
// pixels encode their index.
func fakeFiles() map[string][]byte {
	img := func(n, seed int) []byte {
		v := make([]byte, n*28*28)
		for i := range v {
			v[i] = byte(i*seed + seed)
		}
		return v
	}
	return map[string][]byte{
		"train-labels-idx1-ubyte.gz": idxGz([]int{3}, []byte{9, 0, 3}),
		"train-images-idx3-ubyte.gz": idxGz([]int{3, 28, 28}, img(3, 3)),
		"t10k-labels-idx1-ubyte.gz":  idxGz([]int{2}, []byte{1, 8}),
		"t10k-images-idx3-ubyte.gz":  idxGz([]int{2, 28, 28}, img(2, 5)),
	}
}

func testLoader(t *testing.T, served map[string][]byte, sums map[string]string) (*loader, string, *atomic.Int32) {
	t.Helper()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		b, ok := served[path.Base(r.URL.Path)]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Write(b)
	}))
	t.Cleanup(srv.Close)
	cache := t.TempDir()
	return &loader{cacheDir: func() (string, error) { return cache, nil }, origin: srv.URL + "/", md5: sums,
		client: srv.Client(), log: io.Discard}, cache, &hits
}

func md5s(files map[string][]byte) map[string]string {
	out := map[string]string{}
	for n, b := range files {
		s := md5.Sum(b)
		out[n] = hex.EncodeToString(s[:])
	}
	return out
}

func TestDownloadAndCache(t *testing.T) {
	f := fakeFiles()
	l, cache, hits := testLoader(t, f, md5s(f))
	xTrain, yTrain, xTest, yTest, err := l.load()
	if err != nil {
		t.Fatal(err)
	}
	if xTrain.Shape().String() != "(3, 28, 28)" || yTrain.Shape().String() != "(3,)" ||
		xTest.Shape().String() != "(2, 28, 28)" || yTest.Shape().String() != "(2,)" {
		t.Fatalf("shapes %v %v %v %v", xTrain.Shape(), yTrain.Shape(), xTest.Shape(), yTest.Shape())
	}
	if !slices.Equal(yTrain.Uint8s(), []byte{9, 0, 3}) || !slices.Equal(yTest.Uint8s(), []byte{1, 8}) {
		t.Errorf("labels %v %v", yTrain.Uint8s(), yTest.Uint8s())
	}
	if xTrain.Uint8s()[10] != byte(10*3+3) || xTest.Uint8s()[7] != byte(7*5+5) {
		t.Error("pixels")
	}
	for n := range f {
		if _, err := os.Stat(filepath.Join(cache, n)); err != nil {
			t.Errorf("%s not cached: %v", n, err)
		}
	}
	if _, _, _, _, err := l.load(); err != nil || hits.Load() != 4 {
		t.Errorf("second load: %v after %d downloads", err, hits.Load())
	}
	// A damaged cached file is downloaded again.
	os.WriteFile(filepath.Join(cache, "t10k-labels-idx1-ubyte.gz"), []byte("junk"), 0o644)
	if _, _, _, _, err := l.load(); err != nil || hits.Load() != 5 {
		t.Errorf("repair: %v after %d downloads", err, hits.Load())
	}
}

func TestRejects(t *testing.T) {
	f := fakeFiles()
	sums := md5s(f)
	bad := fakeFiles()
	bad["train-images-idx3-ubyte.gz"] = idxGz([]int{3, 28, 28}, make([]byte, 3*28*28))
	l, cache, _ := testLoader(t, bad, sums)
	_, _, _, _, err := l.load()
	if err == nil || !strings.Contains(err.Error(), "train-images-idx3-ubyte.gz") {
		t.Fatalf("wrong hash: %v", err)
	}
	if _, err := os.Stat(filepath.Join(cache, "train-images-idx3-ubyte.gz")); !os.IsNotExist(err) {
		t.Error("rejected download kept")
	}
	// Mismatched counts.
	f["t10k-labels-idx1-ubyte.gz"] = idxGz([]int{3}, []byte{1, 2, 3})
	l, _, _ = testLoader(t, f, md5s(f))
	if _, _, _, _, err := l.load(); err == nil || !strings.Contains(err.Error(), "3 labels for 2 images") {
		t.Errorf("count mismatch: %v", err)
	}
	// No network.
	l, _, _ = testLoader(t, map[string][]byte{}, sums)
	if _, _, _, _, err := l.load(); err == nil || !strings.Contains(err.Error(), "fashion_mnist: downloading") {
		t.Errorf("offline: %v", err)
	}
}
