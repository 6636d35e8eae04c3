package cifar10

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/gokeras/keras/datasets/internal/cifar"
	"github.com/gokeras/keras/datasets/internal/cifar/cifartest"
	"github.com/gokeras/keras/tensor"
)

// fakeArchive is a CIFAR-10-shaped archive: 5 training batches of 2 images
// and a test batch of 3; image i of the whole set encodes i.
func fakeArchive() []byte {
	files := map[string][]byte{}
	for b := 1; b <= 5; b++ {
		files["data_batch_"+string(rune('0'+b))] = cifartest.Pickle(cifartest.Images(2, 2*(b-1)), map[string][]int{"labels": {b, 9 - b}})
	}
	files["test_batch"] = cifartest.Pickle(cifartest.Images(3, 100), map[string][]int{"labels": {3, 1, 4}})
	return cifartest.Archive("cifar-10-batches-py", files)
}

func testSpec(archive []byte, url string) cifar.Spec {
	s := spec
	sum := sha256.Sum256(archive)
	s.SHA256, s.Origin = hex.EncodeToString(sum[:]), url
	return s
}

func serve(t *testing.T, body []byte) (*httptest.Server, *atomic.Int32) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if body == nil {
			http.NotFound(w, r)
			return
		}
		w.Write(body)
	}))
	t.Cleanup(srv.Close)
	return srv, &hits
}

func check(t *testing.T, xTrain, yTrain, xTest, yTest *tensor.Tensor) {
	t.Helper()
	if !xTrain.Shape().Equal(tensor.Shape{10, 32, 32, 3}) || !yTrain.Shape().Equal(tensor.Shape{10, 1}) ||
		!xTest.Shape().Equal(tensor.Shape{3, 32, 32, 3}) || !yTest.Shape().Equal(tensor.Shape{3, 1}) {
		t.Fatalf("shapes %v %v %v %v", xTrain.Shape(), yTrain.Shape(), xTest.Shape(), yTest.Shape())
	}
	if yTrain.DType() != tensor.Uint8 || xTrain.DType() != tensor.Uint8 {
		t.Fatalf("dtypes %v %v", xTrain.DType(), yTrain.DType())
	}
	if got := yTrain.Uint8s(); got[0] != 1 || got[1] != 8 || got[9] != 4 {
		t.Errorf("train labels %v", got)
	}
	if got := yTest.Uint8s(); got[2] != 4 {
		t.Errorf("test labels %v", got)
	}
	// Channels last: pixel p, channel c of image i is ((i*7 + c*3 + p) % 256).
	x := xTrain.Uint8s()
	for _, c := range []struct{ i, p, ch int }{{0, 0, 0}, {3, 5, 2}, {9, 1023, 1}} {
		if got, want := x[c.i*3072+c.p*3+c.ch], byte((c.i*7+c.ch*3+c.p)%256); got != want {
			t.Errorf("x[%d, pixel %d, channel %d] = %d, want %d", c.i, c.p, c.ch, got, want)
		}
	}
	if got := xTest.Uint8s()[2*3072+3*3+1]; got != byte((102*7+3+3)%256) {
		t.Errorf("test pixel %d", got)
	}
}

func TestDownloadThenCache(t *testing.T) {
	arc := fakeArchive()
	srv, hits := serve(t, arc)
	cache := t.TempDir()
	l := &cifar.Loader{CacheDir: func() (string, error) { return cache, nil }, Client: srv.Client(), Log: io.Discard}
	s := testSpec(arc, srv.URL+"/cifar-10-python.tar.gz")
	xTrain, yTrain, xTest, yTest, err := load(l, s)
	if err != nil {
		t.Fatal(err)
	}
	check(t, xTrain, yTrain, xTest, yTest)
	if _, err := os.Stat(filepath.Join(cache, "cifar-10-batches-py-target_archive")); err != nil {
		t.Fatalf("archive not cached under Keras's name: %v", err)
	}
	if _, _, _, _, err := load(l, s); err != nil || hits.Load() != 1 {
		t.Fatalf("second load: %v, %d downloads", err, hits.Load())
	}
}

func TestKerasExtractedFolder(t *testing.T) {
	cache := t.TempDir()
	dir := filepath.Join(cache, "cifar-10-batches-py-target", "cifar-10-batches-py")
	os.MkdirAll(dir, 0o755)
	for b := 1; b <= 5; b++ {
		os.WriteFile(filepath.Join(dir, "data_batch_"+string(rune('0'+b))),
			cifartest.Pickle(cifartest.Images(2, 2*(b-1)), map[string][]int{"labels": {b, 9 - b}}), 0o644)
	}
	os.WriteFile(filepath.Join(dir, "test_batch"), cifartest.Pickle(cifartest.Images(3, 100), map[string][]int{"labels": {3, 1, 4}}), 0o644)
	srv, hits := serve(t, nil)
	l := &cifar.Loader{CacheDir: func() (string, error) { return cache, nil }, Client: srv.Client(), Log: io.Discard}
	xTrain, yTrain, xTest, yTest, err := load(l, testSpec(nil, srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	check(t, xTrain, yTrain, xTest, yTest)
	if hits.Load() != 0 {
		t.Error("downloaded although Keras's extracted folder was there")
	}
}

func TestBadDownloadIsRejected(t *testing.T) {
	arc := fakeArchive()
	bad := append([]byte(nil), arc...)
	bad[len(bad)/2] ^= 1
	srv, _ := serve(t, bad)
	cache := t.TempDir()
	l := &cifar.Loader{CacheDir: func() (string, error) { return cache, nil }, Client: srv.Client(), Log: io.Discard}
	_, _, _, _, err := load(l, testSpec(arc, srv.URL))
	if err == nil || !strings.Contains(err.Error(), "cifar10: could not load") || !strings.Contains(err.Error(), "download") {
		t.Fatalf("error %v", err)
	}
	if _, err := os.Stat(filepath.Join(cache, "cifar-10-batches-py-target_archive")); !os.IsNotExist(err) {
		t.Errorf("corrupt download left in the cache: %v", err)
	}
	// A cached archive with the wrong hash is not used (and re-downloaded).
	os.WriteFile(filepath.Join(cache, "cifar-10-batches-py-target_archive"), []byte("junk"), 0o644)
	good, _ := serve(t, arc)
	l.Client = good.Client()
	if _, _, _, _, err := load(l, testSpec(arc, good.URL)); err != nil {
		t.Fatal(err)
	}
}

func TestMissingMember(t *testing.T) {
	arc := cifartest.Archive("cifar-10-batches-py", map[string][]byte{"test_batch": cifartest.Pickle(cifartest.Images(1, 0), map[string][]int{"labels": {1}})})
	srv, _ := serve(t, arc)
	l := &cifar.Loader{CacheDir: func() (string, error) { return t.TempDir(), nil }, Client: srv.Client(), Log: io.Discard}
	if _, _, _, _, err := load(l, testSpec(arc, srv.URL)); err == nil || !strings.Contains(err.Error(), "data_batch_1") {
		t.Errorf("error %v", err)
	}
}
