package dataset

import (
	"context"
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func sha(b []byte) string { s := sha256.Sum256(b); return hex.EncodeToString(s[:]) }

func TestDownload(t *testing.T) {
	body := []byte(strings.Repeat("mnist", 1000))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/ok":
			w.Write(body)
		case "/short": // promises more than it sends
			w.Header().Set("Content-Length", strconv.Itoa(len(body)+10))
			w.Write(body)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	md5sum := md5.Sum(body)
	for _, tc := range []struct {
		name, path, hash string
		max              int64
		want             string // "" for success
	}{
		{"sha256", "/ok", sha(body), 1 << 20, ""},
		{"md5", "/ok", hex.EncodeToString(md5sum[:]), 1 << 20, ""},
		{"no hash", "/ok", "", 1 << 20, ""},
		{"hash mismatch", "/ok", sha([]byte("other")), 1 << 20, "sha256 hash mismatch"},
		{"404", "/missing", "", 1 << 20, "404"},
		{"too big", "/ok", "", 100, "limit"},
		{"truncated", "/short", "", 1 << 20, "URL fetch failure"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			dst := filepath.Join(dir, "f.npz")
			err := Download(context.Background(), srv.Client(), srv.URL+tc.path, dst, tc.hash, tc.max)
			ents, _ := os.ReadDir(dir)
			if tc.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				if got, _ := os.ReadFile(dst); string(got) != string(body) {
					t.Error("downloaded bytes differ")
				}
				if err := CheckFileHash(dst, sha(body)); err != nil {
					t.Error(err)
				}
				if len(ents) != 1 {
					t.Errorf("directory holds %d entries, want 1", len(ents))
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Download error = %v, want one containing %q", err, tc.want)
			}
			if len(ents) != 0 {
				t.Errorf("failed download left %v behind", ents)
			}
		})
	}
}

func TestDownloadUnreachable(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	err := Download(context.Background(), nil, url+"/x", filepath.Join(t.TempDir(), "x"), "", 10)
	if err == nil || !strings.Contains(err.Error(), "URL fetch failure on "+url) {
		t.Errorf("error = %v", err)
	}
}
