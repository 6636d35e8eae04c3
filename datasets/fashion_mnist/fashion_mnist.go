// Package fashion_mnist loads Fashion-MNIST, as
// keras.datasets.fashion_mnist.load_data does: 60,000 training and 10,000
// test 28x28 grayscale images of clothing (uint8, 0-255) with uint8 labels
// 0-9 (see ClassNames).
//
// LoadData reads the four gzip IDX files from the Keras cache
// ($KERAS_HOME/datasets/fashion-mnist, where Keras keeps them) and downloads
// the missing ones from Keras's URL, atomically. Each file must have the
// MD5 published by Zalando Research (Keras checks none): a cached file with
// another digest is downloaded again, and a download with another digest
// is rejected.
package fashion_mnist

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

// Keras's source (keras/src/datasets/fashion_mnist.py) and the published
// MD5 of each file.
const origin = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"

var fileMD5 = map[string]string{
	"train-labels-idx1-ubyte.gz": "25c81989df183df01b3e8a0aad5dffbe",
	"train-images-idx3-ubyte.gz": "8d4fb7e6c68d591d4c3dfef9ec88bf0d",
	"t10k-labels-idx1-ubyte.gz":  "bb300cfdad3c16e7a12a480ee83cd310",
	"t10k-images-idx3-ubyte.gz":  "bef4ecab320f06d8554ea6380940ec79",
}

// files in Keras's order: labels then images, training then test.
var files = []string{"train-labels-idx1-ubyte.gz", "train-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz"}

// ClassNames are the Fashion-MNIST labels 0-9.
var ClassNames = []string{"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"}

// loader holds what LoadData depends on, so tests can use temporary
// directories and local servers.
type loader struct {
	cacheDir func() (string, error)
	origin   string
	md5      map[string]string
	client   *http.Client
	log      io.Writer
}

// LoadData returns Fashion-MNIST (keras.datasets.fashion_mnist.load_data()):
// xTrain uint8 (60000, 28, 28), yTrain uint8 (60000,), xTest uint8
// (10000, 28, 28), yTest uint8 (10000,).
func LoadData() (xTrain, yTrain, xTest, yTest *tensor.Tensor, err error) {
	l := &loader{
		cacheDir: func() (string, error) { return dataset.CacheDir("", filepath.Join("datasets", "fashion-mnist")) },
		origin:   origin, md5: fileMD5, log: os.Stderr,
	}
	return l.load()
}

const maxElems = 60000 * 28 * 28

func (l *loader) load() (xTrain, yTrain, xTest, yTest *tensor.Tensor, err error) {
	dir, err := l.cacheDir()
	if err != nil {
		return nil, nil, nil, nil, fmt.Errorf("fashion_mnist: Keras cache directory: %w", err)
	}
	var out [4]*tensor.Tensor
	for i, name := range files {
		p := filepath.Join(dir, name)
		if err := l.fetch(p, name); err != nil {
			return nil, nil, nil, nil, err
		}
		rank := 1
		if strings.Contains(name, "images") {
			rank = 3
		}
		idx, err := dataset.ReadIDXFile(p, rank, maxElems)
		if err != nil {
			return nil, nil, nil, nil, fmt.Errorf("fashion_mnist: %w", err)
		}
		if rank == 3 && (idx.Dims[1] != 28 || idx.Dims[2] != 28) {
			return nil, nil, nil, nil, fmt.Errorf("fashion_mnist: %s holds %v images, want 28x28", name, idx.Dims[1:])
		}
		if out[i], err = tensor.FromUint8(idx.Data, idx.Dims...); err != nil {
			return nil, nil, nil, nil, fmt.Errorf("fashion_mnist: %s: %w", name, err)
		}
	}
	for _, p := range [][2]int{{0, 1}, {2, 3}} {
		if out[p[0]].Dim(0) != out[p[1]].Dim(0) {
			return nil, nil, nil, nil, fmt.Errorf("fashion_mnist: %s has %d labels for %d images in %s",
				files[p[0]], out[p[0]].Dim(0), out[p[1]].Dim(0), files[p[1]])
		}
	}
	return out[1], out[0], out[3], out[2], nil
}

// fetch makes sure path holds an intact copy of name.
func (l *loader) fetch(path, name string) error {
	want := l.md5[name]
	if _, err := os.Stat(path); err == nil {
		err := dataset.CheckFileHash(path, want)
		if err == nil {
			return nil
		}
		fmt.Fprintf(l.log, "fashion_mnist: cached %s is not intact (%v); downloading it again\n", path, err)
	}
	url := l.origin + name
	fmt.Fprintf(l.log, "Downloading data from %s\n", url)
	if err := dataset.Download(context.Background(), l.client, url, path, want, 64<<20); err != nil {
		return fmt.Errorf("fashion_mnist: downloading %s: %w", url, err)
	}
	return nil
}
