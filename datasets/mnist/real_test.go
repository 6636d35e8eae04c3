package mnist

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/gokeras/keras/internal/dataset"
)

// TestRealMNIST loads the real data from the Go module cache when
// `go mod download` has put GoMNIST there (see SetupCommand), and skips
// otherwise. It never touches the network or the user's Keras cache.
func TestRealMNIST(t *testing.T) {
	if testing.Short() {
		t.Skip("loads 55 MB of MNIST; skipped with -short")
	}
	mc, err := dataset.GoModCache()
	if err != nil {
		t.Skip(err)
	}
	if _, err := os.Stat(filepath.Join(dataset.ModuleDir(mc, goMNISTModule, goMNISTVersion), "data")); err != nil {
		t.Skipf("GoMNIST not in the module cache (run %s): %v", SetupCommand, err)
	}
	srv := httptest.NewServer(http.NotFoundHandler())
	srv.Close() // downloads fail at once
	cache := t.TempDir()
	l := defaultLoader()
	l.cacheDir = func() (string, error) { return cache, nil }
	l.origin = srv.URL + "/mnist.npz"
	l.log = &testLog{t}

	d, err := l.load("mnist.npz")
	if err != nil {
		t.Fatal(err)
	}
	checkRealMNIST(t, d)
	// The second load comes from the cached idx-derived copy.
	l.modCache = func() (string, error) { return "", errors.New("no module cache") }
	d2, err := l.load("mnist.npz")
	if err != nil {
		t.Fatal(err)
	}
	assertData(t, d2, d)
}

func checkRealMNIST(t *testing.T, d *splits) {
	t.Helper()
	for _, c := range []struct {
		name  string
		shape string
		got   string
	}{
		{"x_train", "(60000, 28, 28)", d.XTrain.Shape().String()},
		{"y_train", "(60000,)", d.YTrain.Shape().String()},
		{"x_test", "(10000, 28, 28)", d.XTest.Shape().String()},
		{"y_test", "(10000,)", d.YTest.Shape().String()},
	} {
		if c.got != c.shape {
			t.Errorf("%s shape %s, want %s", c.name, c.got, c.shape)
		}
	}
	// The first labels, as keras.datasets.mnist.load_data() returns them.
	wantTrain := []uint8{5, 0, 4, 1, 9, 2, 1, 3, 1, 4}
	wantTest := []uint8{7, 2, 1, 0, 4, 1, 4, 9, 5, 9}
	for i := range wantTrain {
		if d.YTrain.Uint8s()[i] != wantTrain[i] || d.YTest.Uint8s()[i] != wantTest[i] {
			t.Fatalf("first labels %v / %v, want %v / %v", d.YTrain.Uint8s()[:10], d.YTest.Uint8s()[:10], wantTrain, wantTest)
		}
	}
	// Mean pixel of the training set: 0.1307 * 255 (the usual normalisation
	// constant) = 33.3184.
	var sum uint64
	for _, v := range d.XTrain.Uint8s() {
		sum += uint64(v)
	}
	if mean := float64(sum) / float64(d.XTrain.Size()); mean < 33.31 || mean > 33.33 {
		t.Errorf("x_train mean pixel %.4f, want 33.3184", mean)
	}
	counts := make([]int, 10)
	for _, v := range d.YTest.Uint8s() {
		counts[v]++
	}
	if counts[0] != 980 || counts[1] != 1135 || counts[9] != 1009 {
		t.Errorf("y_test class counts %v", counts)
	}
}

type testLog struct{ t *testing.T }

func (l *testLog) Write(p []byte) (int, error) { l.t.Logf("%s", p); return len(p), nil }
