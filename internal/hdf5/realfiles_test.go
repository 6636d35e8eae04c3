package hdf5

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sharedModels is where the real Keras model files live (never committed).
const sharedModels = "../../../shared/keras-models"

// realFile is one HDF5 file found among the shared models.
type realFile struct {
	name string // path relative to sharedModels
	data []byte
}

// loadRealFiles returns every .h5 file and every model.weights.h5 inside a
// .keras zip under sharedModels, skipping the test when they are absent.
func loadRealFiles(t testing.TB) []realFile {
	t.Helper()
	if _, err := os.Stat(sharedModels); err != nil {
		t.Skipf("real Keras files not available (%v); they live in ../shared/keras-models", err)
	}
	var out []realFile
	err := filepath.Walk(sharedModels, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(sharedModels, p)
		switch {
		case strings.HasSuffix(p, ".h5"):
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			out = append(out, realFile{rel, b})
		case strings.HasSuffix(p, ".keras"):
			zr, err := zip.OpenReader(p)
			if err != nil {
				return err
			}
			defer zr.Close()
			for _, f := range zr.File {
				if f.Name != "model.weights.h5" {
					continue
				}
				rc, err := f.Open()
				if err != nil {
					return err
				}
				b, err := io.ReadAll(rc)
				rc.Close()
				if err != nil {
					return err
				}
				out = append(out, realFile{rel + "!model.weights.h5", b})
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) == 0 {
		t.Skip("no .h5/.keras files in ../shared/keras-models")
	}
	return out
}

func openBytes(t testing.TB, b []byte) *File {
	t.Helper()
	f, err := Open(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return f
}
