package mnist

import (
	"bytes"
	"compress/gzip"
	"crypto/md5"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/gokeras/keras/internal/dataset"
	"github.com/gokeras/keras/tensor"
)

// fakeData is a small MNIST-shaped data set: 3 training and 2 test images
// whose pixels encode their index, labels 0-9.
func fakeData(t *testing.T) *splits {
	t.Helper()
	img := func(n, seed int) *tensor.Tensor {
		v := make([]uint8, n*28*28)
		for i := range v {
			v[i] = uint8(i*seed + seed)
		}
		x, err := tensor.FromUint8(v, n, 28, 28)
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	lab := func(v ...uint8) *tensor.Tensor {
		y, _ := tensor.FromUint8(v, len(v))
		return y
	}
	return &splits{XTrain: img(3, 3), YTrain: lab(5, 0, 9), XTest: img(2, 5), YTest: lab(7, 2)}
}

// writeIDXModule lays d out as the GoMNIST module's gzip idx files under a
// fake module cache, and returns the cache root and the files' MD5s.
func writeIDXModule(t *testing.T, d *splits) (string, map[string]string) {
	t.Helper()
	root := t.TempDir()
	dir := filepath.Join(dataset.ModuleDir(root, goMNISTModule, goMNISTVersion), "data")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	sums := map[string]string{}
	for name, x := range map[string]*tensor.Tensor{
		"train-images-idx3-ubyte.gz": d.XTrain, "train-labels-idx1-ubyte.gz": d.YTrain,
		"t10k-images-idx3-ubyte.gz": d.XTest, "t10k-labels-idx1-ubyte.gz": d.YTest,
	} {
		var raw bytes.Buffer
		raw.Write([]byte{0, 0, 8, byte(x.Rank())})
		for _, n := range x.Shape() {
			binary.Write(&raw, binary.BigEndian, uint32(n))
		}
		raw.Write(x.Uint8s())
		var gz bytes.Buffer
		zw := gzip.NewWriter(&gz)
		zw.Write(raw.Bytes())
		zw.Close()
		if err := os.WriteFile(filepath.Join(dir, name), gz.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		s := md5.Sum(gz.Bytes())
		sums[name] = hex.EncodeToString(s[:])
	}
	return root, sums
}

// npzBytes encodes d as Keras's mnist.npz layout and returns the bytes and
// their SHA-256.
func npzBytes(t *testing.T, d *splits) ([]byte, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "m.npz")
	if err := saveDerived(path, d); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := sha256.Sum256(b)
	return b, hex.EncodeToString(s[:])
}

// testLoader returns a loader over a fresh cache directory, with an origin
// that serves body (nil: 404) and no module cache.
func testLoader(t *testing.T, body []byte, hash string) (*loader, string) {
	t.Helper()
	cache := t.TempDir()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if body == nil {
			http.NotFound(w, r)
			return
		}
		w.Write(body)
	}))
	t.Cleanup(srv.Close)
	return &loader{
		cacheDir: func() (string, error) { return cache, nil },
		origin:   srv.URL + "/mnist.npz",
		fileHash: hash,
		client:   srv.Client(),
		modCache: func() (string, error) { return t.TempDir(), nil },
		log:      io.Discard,
	}, cache
}

func assertData(t *testing.T, got, want *splits) {
	t.Helper()
	for _, p := range [][2]*tensor.Tensor{{got.XTrain, want.XTrain}, {got.YTrain, want.YTrain}, {got.XTest, want.XTest}, {got.YTest, want.YTest}} {
		if p[0].DType() != tensor.Uint8 || !p[0].Shape().Equal(p[1].Shape()) || !bytes.Equal(p[0].Uint8s(), p[1].Uint8s()) {
			t.Fatalf("got %v %v, want %v %v", p[0].DType(), p[0].Shape(), p[1].DType(), p[1].Shape())
		}
	}
}
