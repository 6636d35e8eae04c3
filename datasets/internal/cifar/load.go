package cifar

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/gokeras/keras/internal/dataset"
	"github.com/gokeras/keras/tensor"
)

// Spec describes one CIFAR archive as Keras's loader downloads it.
type Spec struct {
	Name     string // for messages: "cifar10"
	Origin   string // URL of the .tar.gz
	SHA256   string // Keras's file_hash
	Dirname  string // get_file's fname: "cifar-10-batches-py-target"
	Inner    string // folder inside the archive: "cifar-10-batches-py"
	Train    []string
	Test     []string
	MaxBytes int64 // largest accepted download
}

// ArchiveName is where Keras 3's get_file keeps the downloaded archive
// (fname without a dot plus "_archive"), so Keras and Go share the cache.
func (s Spec) ArchiveName() string { return s.Dirname + "_archive" }

// Loader holds everything Load depends on, so that tests can use temporary
// directories and local servers.
type Loader struct {
	CacheDir func() (string, error) // the Keras datasets directory
	Client   *http.Client           // nil: dataset.DefaultClient
	Log      io.Writer
}

// DefaultLoader uses the Keras cache ($KERAS_HOME/datasets) and the network.
func DefaultLoader() *Loader {
	return &Loader{CacheDir: func() (string, error) { return dataset.CacheDir("", "datasets") }, Log: os.Stderr}
}

// Batch is one decoded batch file: images (n, 3, 32, 32) as raw bytes and
// the labels of the requested key.
type Batch struct {
	Data   []byte
	N      int
	Labels []int64
}

// maxMember bounds one batch file (CIFAR's are about 31 MB and 155 MB) and
// maxArchive the bytes decompressed from an archive.
const (
	maxMember  = 256 << 20
	maxArchive = 1 << 30
)

// Load reads the train and test batches with labels under labelKey: from
// the archive in the cache (when its SHA-256 is Keras's), else from the
// folder Keras extracted it to, else by downloading the archive into the
// cache (atomically, hash-checked). The error lists every place tried.
func (l *Loader) Load(s Spec, labelKey string) (train, test []Batch, err error) {
	dir, err := l.CacheDir()
	if err != nil {
		return nil, nil, fmt.Errorf("%s: Keras cache directory: %w", s.Name, err)
	}
	var errs []string
	archive := filepath.Join(dir, s.ArchiveName())
	try := func(what string, f func() (map[string][]byte, error)) bool {
		files, e := f()
		if e == nil {
			train, test, e = decodeAll(s, files, labelKey)
		}
		if e != nil {
			errs = append(errs, fmt.Sprintf("%s: %v", what, e))
			return false
		}
		return true
	}
	if try("cached archive "+archive, func() (map[string][]byte, error) {
		if _, err := os.Stat(archive); err != nil {
			return nil, errors.New("not found")
		}
		if err := dataset.CheckFileHash(archive, s.SHA256); err != nil {
			return nil, err
		}
		return readArchive(archive, s)
	}) {
		return train, test, nil
	}
	extracted := filepath.Join(dir, s.Dirname, s.Inner)
	if try("extracted folder "+extracted, func() (map[string][]byte, error) { return readFolder(extracted, s) }) {
		return train, test, nil
	}
	if try("download "+s.Origin, func() (map[string][]byte, error) {
		if l.Log != nil {
			fmt.Fprintf(l.Log, "Downloading data from %s\n", s.Origin)
		}
		if err := dataset.Download(context.Background(), l.Client, s.Origin, archive, s.SHA256, s.MaxBytes); err != nil {
			return nil, err
		}
		return readArchive(archive, s)
	}) {
		return train, test, nil
	}
	return nil, nil, fmt.Errorf("%s: could not load the data set:\n  %s", s.Name, strings.Join(errs, "\n  "))
}

func (s Spec) members() []string { return append(append([]string(nil), s.Train...), s.Test...) }

// readArchive returns the batch files of the tar.gz at p.
func readArchive(p string, s Spec) (map[string][]byte, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadArchive(f, s)
}

// ReadArchive reads the spec's batch files from a tar.gz stream; other
// members are skipped. Sizes are bounded.
func ReadArchive(r io.Reader, s Spec) (map[string][]byte, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, err
	}
	want := map[string]bool{}
	for _, m := range s.members() {
		want[path.Join(s.Inner, m)] = true
	}
	lim := &io.LimitedReader{R: zr, N: maxArchive}
	tr := tar.NewReader(lim)
	out := map[string][]byte{}
	for len(out) < len(want) {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			if lim.N <= 0 {
				return nil, fmt.Errorf("archive decompresses to more than %d bytes", int64(maxArchive))
			}
			return nil, err
		}
		name := path.Clean(strings.TrimPrefix(h.Name, "./"))
		if !want[name] || h.Typeflag != tar.TypeReg {
			continue
		}
		if h.Size < 0 || h.Size > maxMember {
			return nil, fmt.Errorf("member %s has %d bytes (limit %d)", name, h.Size, maxMember)
		}
		b := make([]byte, h.Size)
		if _, err := io.ReadFull(tr, b); err != nil {
			return nil, fmt.Errorf("member %s: %w", name, err)
		}
		out[path.Base(name)] = b
	}
	for _, m := range s.members() {
		if _, ok := out[m]; !ok {
			return nil, fmt.Errorf("archive has no %s", path.Join(s.Inner, m))
		}
	}
	return out, nil
}

// readFolder reads the batch files Keras extracted.
func readFolder(dir string, s Spec) (map[string][]byte, error) {
	out := map[string][]byte{}
	for _, m := range s.members() {
		p := filepath.Join(dir, m)
		st, err := os.Stat(p)
		if err != nil {
			if os.IsNotExist(err) {
				return nil, errors.New("not found")
			}
			return nil, err
		}
		if st.Size() > maxMember {
			return nil, fmt.Errorf("%s has %d bytes (limit %d)", p, st.Size(), maxMember)
		}
		if out[m], err = os.ReadFile(p); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func decodeAll(s Spec, files map[string][]byte, labelKey string) (train, test []Batch, err error) {
	dec := func(names []string) ([]Batch, error) {
		var out []Batch
		for _, n := range names {
			b, err := DecodeBatch(files[n], labelKey)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", n, err)
			}
			out = append(out, b)
		}
		return out, nil
	}
	if train, err = dec(s.Train); err != nil {
		return nil, nil, err
	}
	if test, err = dec(s.Test); err != nil {
		return nil, nil, err
	}
	return train, test, nil
}

// Images concatenates batches into (n, 32, 32, 3) uint8 images, Keras's
// channels-last transpose of the stored (n, 3, 32, 32).
func Images(bs []Batch) (*tensor.Tensor, error) {
	n := 0
	for _, b := range bs {
		n += b.N
	}
	out := make([]uint8, n*3072)
	i := 0
	for _, b := range bs {
		for k := 0; k < b.N; k++ {
			img := b.Data[k*3072 : (k+1)*3072]
			dst := out[i*3072 : (i+1)*3072]
			for c := 0; c < 3; c++ {
				for p := 0; p < 1024; p++ {
					dst[p*3+c] = img[c*1024+p]
				}
			}
			i++
		}
	}
	return tensor.FromUint8(out, n, 32, 32, 3)
}

// Labels concatenates the batches' labels into an (n, 1) tensor: uint8
// (CIFAR-10, as Keras's y arrays) or int64 (CIFAR-100, numpy's default for
// the label lists).
func Labels(bs []Batch, dtype tensor.DType) (*tensor.Tensor, error) {
	var all []int64
	for _, b := range bs {
		all = append(all, b.Labels...)
	}
	if dtype == tensor.Int64 {
		return tensor.FromInt64(all, len(all), 1)
	}
	u := make([]uint8, len(all))
	for i, v := range all {
		if v < 0 || v > 255 {
			return nil, fmt.Errorf("label %d does not fit uint8", v)
		}
		u[i] = uint8(v)
	}
	return tensor.FromUint8(u, len(all), 1)
}
