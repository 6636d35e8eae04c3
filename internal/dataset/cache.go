package dataset

import (
	"fmt"
	"os"
	"path/filepath"
)

// KerasHome returns Keras's base directory, resolved as keras.config does:
// $KERAS_HOME when set (and not empty), otherwise ~/.keras, or /tmp/.keras
// when the home directory is unknown or not writable.
func KerasHome() string {
	if h := os.Getenv("KERAS_HOME"); h != "" {
		return h
	}
	home, err := os.UserHomeDir()
	if err != nil || !writable(home) {
		return filepath.Join(tmpBase(), ".keras")
	}
	return filepath.Join(home, ".keras")
}

// CacheDir returns, creating it if needed, the directory keras.utils.get_file
// stores files in: base/subdir, where base is cacheDir or KerasHome() when
// cacheDir is empty. As in get_file, a base that is not writable is replaced
// by /tmp/.keras. An absolute subdir is used as is.
func CacheDir(cacheDir, subdir string) (string, error) {
	base := cacheDir
	if base == "" {
		base = KerasHome()
	}
	// keras.config creates the Keras home on import; do the same before
	// testing it, so a first run does not fall back to /tmp needlessly.
	_ = os.MkdirAll(base, 0o755)
	if !writable(base) {
		base = filepath.Join(tmpBase(), ".keras")
	}
	dir := subdir
	if !filepath.IsAbs(subdir) {
		dir = filepath.Join(base, subdir)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("creating cache directory: %w", err)
	}
	return dir, nil
}

// tmpBase is /tmp when it exists, else the system temporary directory, as
// get_file chooses. Tests replace it.
var tmpBase = func() string {
	if st, err := os.Stat("/tmp"); err == nil && st.IsDir() {
		return "/tmp"
	}
	return os.TempDir()
}

// writable reports whether files can be created in dir (os.access W_OK),
// by creating and removing one.
func writable(dir string) bool {
	f, err := os.CreateTemp(dir, ".keras-write-test*")
	if err != nil {
		return false
	}
	name := f.Name()
	f.Close()
	os.Remove(name)
	return true
}
