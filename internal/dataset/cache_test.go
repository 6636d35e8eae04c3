package dataset

import (
	"os"
	"path/filepath"
	"testing"
)

// withTmpBase points the /tmp fallback at a test directory.
func withTmpBase(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	old := tmpBase
	tmpBase = func() string { return dir }
	t.Cleanup(func() { tmpBase = old })
	return dir
}

func TestKerasHome(t *testing.T) {
	tmp := withTmpBase(t)
	home := t.TempDir()
	notADir := filepath.Join(t.TempDir(), "file")
	os.WriteFile(notADir, nil, 0o644)
	for _, tc := range []struct {
		name, kerasHome, home, want string
	}{
		{"KERAS_HOME set", "/opt/keras", home, "/opt/keras"},
		{"home", "", home, filepath.Join(home, ".keras")},
		{"home not writable", "", notADir, filepath.Join(tmp, ".keras")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("KERAS_HOME", tc.kerasHome)
			t.Setenv("HOME", tc.home)
			if got := KerasHome(); got != tc.want {
				t.Errorf("KerasHome() = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestCacheDir(t *testing.T) {
	tmp := withTmpBase(t)
	base := t.TempDir()
	t.Setenv("KERAS_HOME", filepath.Join(base, "kh")) // created on demand
	got, err := CacheDir("", "datasets")
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(base, "kh", "datasets"); got != want {
		t.Errorf("CacheDir = %q, want %q", got, want)
	}
	if st, err := os.Stat(got); err != nil || !st.IsDir() {
		t.Errorf("CacheDir did not create %s: %v", got, err)
	}

	notADir := filepath.Join(base, "file")
	os.WriteFile(notADir, nil, 0o644)
	got, err = CacheDir(notADir, "datasets")
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(tmp, ".keras", "datasets"); got != want {
		t.Errorf("unwritable base: CacheDir = %q, want the /tmp fallback %q", got, want)
	}

	abs := filepath.Join(base, "abs")
	if got, err = CacheDir(base, abs); err != nil || got != abs {
		t.Errorf("absolute subdir: CacheDir = %q, %v; want %q", got, err, abs)
	}
}
